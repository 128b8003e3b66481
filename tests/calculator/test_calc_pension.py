from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shebao_calculator import CalculatorError, PensionInputError, payout_months, pension_estimate, project_account_balance
from shebao_calculator.pension import parse_age

from national_fixture import RULES

PAYOUT_MONTHS = RULES.payout

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("years", "months", "expected"),
    [(60, 1, "138.4"), (50, 1, "194.6"), (60, 3, "137.3"), (50, 6, "192.5"), (60, 4, "136.7")],
)
def test_payout_months_stated_examples(years, months, expected) -> None:
    assert payout_months(RULES, years, months) == Decimal(expected)


def test_payout_months_whole_ages_match_table() -> None:
    for age, value in PAYOUT_MONTHS.items():
        assert payout_months(RULES, age, 0) == Decimal(value)
    assert PAYOUT_MONTHS[47] == 207  # 208 in one repository; content/national.yaml says so
    assert len(PAYOUT_MONTHS) == 31 and min(PAYOUT_MONTHS) == 40 and max(PAYOUT_MONTHS) == 70


def test_payout_months_decreasing_by_month() -> None:
    values = [payout_months(RULES, a, m) for a in range(40, 70) for m in range(12)] + [payout_months(RULES, 70, 0)]
    assert all(x >= y for x, y in zip(values, values[1:]))
    assert all(v == v.quantize(Decimal("0.1")) for v in values)


@pytest.mark.parametrize(("years", "months"), [(39, 11), (70, 1), (71, 0), (60, 12), (60, -1)])
def test_payout_months_out_of_table(years, months) -> None:
    with pytest.raises(PensionInputError) as exc:
        payout_months(RULES, years, months)
    assert exc.value.code == "payout_age_out_of_range"


def test_estimate_from_birth() -> None:
    out = pension_estimate(rules=RULES, 
        birth="1965-06", sex="male", contribution_months=360, index="0.8", calc_base="12049",
        account_balance="100000", today=TODAY,
    ).to_json()
    assert out["retirement_age"] == {"years": 60, "months": 2}
    assert out["payout_months"] == "137.8"
    assert out["basic_pension"] == "3253.23"  # 12049 × 1.8 / 2 × 30 × 1%
    assert out["account_pension"] == "725.69"  # 100000 / 137.8
    assert out["total"] == "3978.92"
    assert out["transitional_pension_included"] is False
    assert any("transitional pension" in n["en"] and "NOT included" in n["en"] for n in out["notes"])
    assert any("过渡性养老金" in n["zh"] for n in out["notes"])
    assert {a["name"] for a in out["assumptions"]} >= {"calc_base", "index", "retirement_age"}
    assert [f["item"] for f in out["formula"]] == ["basic_pension", "payout_months", "account_pension", "total"]


def test_basic_pension_fractional_years() -> None:
    out = pension_estimate(rules=RULES, retirement_age=60, contribution_months=181, index="1", calc_base="10000").to_json()
    # 10000 × 2 / 2 × (181/12) × 1% = 1508.333…
    assert out["basic_pension"] == "1508.33"
    assert out["contribution_years"] == "15.08"


def test_women_need_original_age_for_statutory_age() -> None:
    with pytest.raises(Exception) as exc:
        pension_estimate(rules=RULES, birth="1975-01", sex="female", contribution_months=180, index="1", calc_base="1", today=TODAY)
    assert exc.value.code == "original_age_required"
    out = pension_estimate(rules=RULES, birth="1975-01", sex="female", original_age=50, contribution_months=180, index="1",
                           calc_base="10000", today=TODAY).to_json()
    assert out["retirement_age"] == {"years": 50, "months": 1}
    assert out["payout_months"] == "194.6"


@pytest.mark.parametrize("age", ["60:2", "60y2m", "60 y 2 m", {"years": 60, "months": 2}, (60, 2), "60岁2个月"])
def test_parse_age_forms(age) -> None:
    assert parse_age(age) == 722


def test_projection_default_is_zero_real_return() -> None:
    p = project_account_balance(rules=RULES, monthly_base="10000", months=120, start_balance="50000")
    assert p.balance == Decimal("146000.00")
    assert p.real_rate == 0
    assert p.to_json()["wage_growth"] is None


def test_projection_real_rate() -> None:
    p = project_account_balance(rules=RULES, monthly_base="10000", months=24, start_balance="1000", wage_growth="0.03", crediting_rate="0.03")
    assert p.balance == Decimal("1000") + 800 * 24
    p = project_account_balance(rules=RULES, monthly_base="10000", months=24, start_balance="1000", wage_growth="0", crediting_rate="0.1")
    assert p.balance == Decimal("21370.00")
    low = project_account_balance(rules=RULES, monthly_base="10000", months=240, wage_growth="0.05", crediting_rate="0.02")
    high = project_account_balance(rules=RULES, monthly_base="10000", months=240, wage_growth="0.02", crediting_rate="0.05")
    assert low.balance < Decimal(800 * 240) < high.balance


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"wage_growth": "0.03"}, "incomplete_assumptions"),
        ({"crediting_rate": "0.03"}, "incomplete_assumptions"),
        ({"wage_growth": "3", "crediting_rate": "3"}, "invalid_rate"),
        ({"personal_account_rate": "1"}, "invalid_rate"),
        ({"months": "-1"}, "negative_number"),
        ({"months": "1000"}, "out_of_range"),
    ],
)
def test_projection_errors(kwargs, code) -> None:
    args = {"monthly_base": "10000", "months": 12, **kwargs}
    with pytest.raises(Exception) as exc:
        project_account_balance(**args, rules=RULES)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"index": "3.01"}, "index_out_of_range"),
        ({"index": "0"}, "must_be_positive"),
        ({"index": "nan"}, "not_finite"),
        ({"calc_base": "-1"}, "negative_number"),
        ({"calc_base": "x"}, "not_a_number"),
        ({"contribution_months": "12.5"}, "not_an_integer"),
        ({"contribution_months": 721}, "out_of_range"),
        ({"retirement_age": None}, "retirement_age_missing"),
        ({"retirement_age": "seventy"}, "invalid_age"),
        ({"retirement_age": "60:12"}, "invalid_age"),
        ({"retirement_age": 39}, "payout_age_out_of_range"),
        ({"account_balance": "1", "projection": {"monthly_base": "1", "months": 1}}, "conflicting_account_inputs"),
        ({"projection": {"monthly_base": "1", "months": 1, "extra": 1}}, "invalid_projection"),
        ({"projection": "nope"}, "invalid_projection"),
        ({"account_balance": "-5"}, "negative_number"),
    ],
)
def test_estimate_errors(kwargs, code) -> None:
    args = {"retirement_age": 60, "contribution_months": 240, "index": "1", "calc_base": "10000", **kwargs}
    with pytest.raises(CalculatorError) as exc:
        pension_estimate(**args, rules=RULES)
    assert exc.value.code == code
    assert exc.value.message["zh"] and exc.value.message["en"]


def test_no_account_balance_means_basic_only() -> None:
    out = pension_estimate(rules=RULES, retirement_age=60, contribution_months=240, index="1", calc_base="10000").to_json()
    assert out["account_pension"] is None and out["total"] == out["basic_pension"]
    assert any("basic pension only" in n["en"] for n in out["notes"])


def test_below_minimum_flagged() -> None:
    out = pension_estimate(rules=RULES, birth="1980-01", sex="male", contribution_months=239, index="1", calc_base="10000", today=TODAY).to_json()
    assert out["meets_minimum"] is False and out["minimum_contribution_months"] == 240
    assert any("below the minimum" in n["en"] for n in out["notes"])
