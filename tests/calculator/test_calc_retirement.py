from __future__ import annotations

from datetime import date

import pytest

from shebao_calculator import RetirementInputError, delay_months, minimum_contribution_months, minimum_contribution_years, retirement
from shebao_calculator.months import YearMonth

from national_fixture import RULES

TODAY = date(2026, 11, 27)


def r(birth: str, sex: str = "male", original_age=None, **kw):
    return retirement(birth, sex, original_age, today=TODAY, rules=RULES, **kw)


@pytest.mark.parametrize(
    ("sex", "oa", "first"),
    [("male", None, "1965-01"), ("female", 55, "1970-01"), ("female", 50, "1975-01")],
)
def test_first_affected_birth_month(sex, oa, first) -> None:
    y, m = map(int, first.split("-"))
    before = str(YearMonth.of(y, m).plus(-1))
    assert r(before, sex, oa).delay == 0
    res = r(first, sex, oa)
    assert res.delay == 1
    assert str(res.retirement_month) == "2025-02"


@pytest.mark.parametrize(
    ("sex", "oa", "full", "cap", "target"),
    [("male", None, "1976-09", 36, 63), ("female", 55, "1981-09", 36, 58), ("female", 50, "1984-11", 60, 55)],
)
def test_first_full_delay(sex, oa, full, cap, target) -> None:
    y, m = map(int, full.split("-"))
    prev = str(YearMonth.of(y, m).plus(-1))
    assert r(prev, sex, oa).delay == cap - 1
    res = r(full, sex, oa)
    assert res.delay == cap
    assert res.to_json()["retirement_age"] == {"years": target, "months": 0}
    assert r("2000-01", sex, oa).delay == cap


def test_step_of_four_for_men() -> None:
    delays = [r(f"1965-{m:02d}").delay for m in range(1, 13)]
    assert delays == [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]


def test_step_of_two_for_women_50() -> None:
    delays = [r(f"1975-{m:02d}", "female", 50).delay for m in range(1, 9)]
    assert delays == [1, 1, 2, 2, 3, 3, 4, 4]


def test_women_50_vs_55_differ() -> None:
    a, b = r("1980-01", "female", 50), r("1980-01", "female", 55)
    assert (a.delay, str(a.retirement_month)) == (31, "2032-08")
    assert (b.delay, str(b.retirement_month)) == (31, "2037-08")


def test_delay_months_function() -> None:
    assert delay_months(RULES, "male", YearMonth.of(2024, 12)) == 0
    assert delay_months(RULES, "male", YearMonth.of(2025, 1)) == 1
    assert delay_months(RULES, "female-50", YearMonth.of(2025, 3)) == 2


@pytest.mark.parametrize(
    ("year", "months", "years"),
    [(2020, 180, "15"), (2025, 180, "15"), (2029, 180, "15"), (2030, 186, "15.5"), (2031, 192, "16"),
     (2032, 198, "16.5"), (2033, 204, "17"), (2034, 210, "17.5"), (2035, 216, "18"), (2036, 222, "18.5"),
     (2037, 228, "19"), (2038, 234, "19.5"), (2039, 240, "20"), (2040, 240, "20"), (2060, 240, "20")],
)
def test_minimum_years_table(year, months, years) -> None:
    assert minimum_contribution_months(RULES, year) == months
    assert f"{minimum_contribution_years(RULES, year).normalize():f}" == years


def test_json_shape_and_months_still_needed() -> None:
    out = r("1972-03", "female", 55, paid_months=96).to_json()
    assert out["original_age"] == {"years": 55, "months": 0}
    assert out["retirement_age"] == {"years": 55, "months": 7}
    assert out["delay_months"] == 7
    assert out["retirement_month"] == "2027-10"
    assert out["minimum_contribution_years"] == "15"
    assert out["months_still_needed"] == 84
    assert out["sources"][0]["url"].startswith("https://www.gov.cn/")
    assert any("50 or 55" in n["en"] for n in out["notes"])
    assert r("1972-03", "female", 55, paid_months=500).months_still_needed == 0
    assert r("1972-03", "female", 55).to_json()["months_still_needed"] is None


def test_early_retirement() -> None:
    e = r("1976-09").to_json()["early_retirement"]
    assert (e["earliest_month"], e["months_before_statutory"], e["available"]) == ("2036-09", 36, True)
    assert e["minimum_contribution_years"] == "18.5"
    assert any("3 months ahead" in c["en"] for c in e["conditions"])
    assert any("3 个月书面" in c["zh"] for c in e["conditions"])
    # never before the original age
    e = r("1965-05").to_json()["early_retirement"]
    assert (e["earliest_month"], e["earliest_age"]) == ("2025-05", {"years": 60, "months": 0})
    # no delay, no early retirement
    e = r("1960-01").to_json()["early_retirement"]
    assert (e["available"], e["months_before_statutory"]) == (False, 0)


@pytest.mark.parametrize(
    ("kwargs", "code", "fragment"),
    [
        ({"birth": "2027-01", "sex": "male"}, "birth_in_future", "future"),
        ({"birth": "1939-12", "sex": "male"}, "birth_out_of_range", "1940"),
        ({"birth": "2011-01", "sex": "male", "today": date(2030, 1, 1)}, "birth_out_of_range", "2010"),
        ({"birth": "1975-01", "sex": "female"}, "original_age_required", "No national rule"),
        ({"birth": "1975-01", "sex": "female", "original_age": 60}, "invalid_original_age", "50 or 55"),
        ({"birth": "1975-01", "sex": "female", "original_age": "abc"}, "invalid_original_age", "50 or 55"),
        ({"birth": "1975-01", "sex": "male", "original_age": 60}, "original_age_not_allowed", "always 60"),
        ({"birth": "1975-01", "sex": "other"}, "invalid_sex", "male"),
        ({"birth": "1975-1-5", "sex": "male"}, "invalid_month", "YYYY-MM"),
        ({"birth": "1975-00", "sex": "male"}, "invalid_month", "YYYY-MM"),
        ({"birth": 1975, "sex": "male"}, "invalid_month", "YYYY-MM"),
        ({"birth": "1975-01", "sex": "male", "paid_months": -3}, "negative_number", "negative"),
        ({"birth": "1975-01", "sex": "male", "paid_months": "1.5"}, "not_an_integer", "whole"),
    ],
)
def test_errors(kwargs, code, fragment) -> None:
    kwargs = {"today": TODAY, **kwargs}
    birth, sex = kwargs.pop("birth"), kwargs.pop("sex")
    oa = kwargs.pop("original_age", None)
    with pytest.raises(Exception) as exc:
        retirement(birth, sex, oa, rules=RULES, **kwargs)
    err = exc.value
    assert getattr(err, "code", None) == code
    assert fragment in err.message["en"]
    assert err.message["zh"]


def test_errors_are_retirement_input_errors() -> None:
    with pytest.raises(RetirementInputError):
        r("1975-01", "female")


def test_sex_aliases() -> None:
    assert r("1975-01", "男").group == "male"
    assert r("1975-01", "F", 50).group == "female-50"
