from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shebao_calculator import (
    AverageWageUnavailableError,
    BaseOutOfRangeError,
    InvalidInputError,
    NoPeriodError,
    UnknownCityError,
    calculate_premiums,
    parse_base,
    reference_table,
)
from shebao_calculator.money import cents, money_display, rate_display


def test_cents_rounds_half_up_not_to_even() -> None:
    assert cents(Decimal("43.225")) == Decimal("43.23")
    assert cents(Decimal("43.215")) == Decimal("43.22")
    assert cents(Decimal("0.005")) == Decimal("0.01")
    assert cents(Decimal("0.0049")) == Decimal("0.00")


def test_display_helpers() -> None:
    assert money_display(Decimal("7460")) == "7,460.00"
    assert rate_display(Decimal("0.20")) == "20%"
    assert rate_display(Decimal("0.095")) == "9.5%"
    assert rate_display(Decimal("0.005")) == "0.5%"


def test_basic_result_shape(data) -> None:
    out = calculate_premiums(data, "alpha", "4800", "2026-03-01").to_json()
    assert out["city"] == {"id": "alpha", "name": {"zh": "测试市甲", "en": "Test City A"}}
    assert out["period"] == {"valid_from": "2025-07-01", "valid_until": "2026-06-30"}
    assert out["base"] == "4800.00"
    assert out["monthly"] == {
        "pension": "960.00", "pension_personal_account": "384.00", "pension_pooled": "576.00",
        "medical": "480.00", "unemployment": None, "total": "1440.00",
    }
    assert out["annual"]["total"] == "17280.00"
    assert out["medical_status"] == "included" and out["medical_reason"] is None
    assert out["unemployment_status"] == "not_available"
    assert [s["id"] for s in out["sources"]] == ["a-base-1", "a-rates"]
    assert set(out["sources"][0]) == {"id", "title", "url", "document_number", "checked_on", "confidence"}
    assert out["notes"][0]["en"].startswith("Test fixture")
    pension_line = next(f for f in out["formula"] if f["item"] == "pension")
    assert "4,800.00 × 20% = 960.00" in pension_line["en"]
    assert "4,800.00 × 20% = 960.00" in pension_line["zh"]
    assert out["data_version"] == "test-fixture-1"


def test_period_boundaries(data) -> None:
    assert calculate_premiums(data, "alpha", "min", "2025-07-01").base == Decimal("4800.00")
    assert calculate_premiums(data, "alpha", "min", "2026-06-30").base == Decimal("4800.00")
    assert calculate_premiums(data, "alpha", "min", "2026-07-01").base == Decimal("5100.00")
    assert calculate_premiums(data, "alpha", "min", "2099-12-31").base == Decimal("5100.00")  # open-ended
    with pytest.raises(NoPeriodError) as exc:
        calculate_premiums(data, "alpha", "min", "2025-06-30")
    assert exc.value.details["periods"][0] == {"valid_from": "2025-07-01", "valid_until": "2026-06-30"}
    assert "2025-07-01" in exc.value.message["en"] and "2025-07-01" in exc.value.message["zh"]


def test_year_month_date_means_first_day(data) -> None:
    assert calculate_premiums(data, "alpha", "min", "2026-07").period.valid_from.isoformat() == "2026-07-01"


def test_default_date_is_today(data) -> None:
    # alpha's second period is open-ended, so "today" always has figures. The default must be today
    # itself, not merely some date: a bill dated otherwise would show another period's figures.
    today = date.today()
    result = calculate_premiums(data, "alpha", "min")
    assert result.on == today
    assert result.to_json() == calculate_premiums(data, "alpha", "min", today.isoformat()).to_json()


@pytest.mark.parametrize("base", ["4800", "4800.00", 4800, 4800.0, Decimal("4800"), " 4800 ", "4,800"])
def test_base_forms_accepted(data, base) -> None:
    assert calculate_premiums(data, "alpha", base, "2026-03-01").base == Decimal("4800.00")


@pytest.mark.parametrize(
    ("base", "nearest"),
    [("4799.99", "4800.00"), ("1", "4800.00"), ("24000.01", "24000.00"), ("1000000", "24000.00")],
)
def test_base_out_of_range(data, base, nearest) -> None:
    with pytest.raises(BaseOutOfRangeError) as exc:
        calculate_premiums(data, "alpha", base, "2026-03-01")
    d = exc.value.to_json()
    assert d["code"] == "base_out_of_range"
    assert (d["min"], d["max"], d["nearest"]) == ("4800.00", "24000.00", nearest)
    assert "4,800.00–24,000.00" in d["message"]["en"] and "4,800.00–24,000.00" in d["message"]["zh"]


def test_bounds_inclusive(data) -> None:
    assert calculate_premiums(data, "alpha", "24000", "2026-03-01").monthly.pension == Decimal("4800.00")


@pytest.mark.parametrize(
    ("base", "code"),
    [("abc", "not_a_number"), ("", "not_a_number"), ("-1", "negative_number"), ("NaN", "not_finite"),
     ("inf", "not_finite"), ("-inf", "not_finite"), (float("nan"), "not_finite"), (True, "not_a_number"),
     (None, "not_a_number"), ("0", "must_be_positive"), ("%", "not_a_number"), ("abc%", "not_a_number"),
     ("0%", "must_be_positive"), ([1], "not_a_number"), ("1e40", "too_large"), ("9" * 400, "too_large"),
     ("1e999999%", "too_large")],
)
def test_bad_bases_refused(data, base, code) -> None:
    with pytest.raises(InvalidInputError) as exc:
        calculate_premiums(data, "alpha", base, "2026-03-01")
    assert exc.value.code == code
    assert exc.value.message["zh"] and exc.value.message["en"]


def test_percentage_needs_average_wage(data) -> None:
    with pytest.raises(AverageWageUnavailableError) as exc:
        calculate_premiums(data, "beta", "100%", "2025-03-01")
    assert "average wage" in exc.value.message["en"]
    assert "社平工资" in exc.value.message["zh"]


def test_percentage_of_average_wage(data) -> None:
    r = calculate_premiums(data, "alpha", "60%", "2026-03-01")
    assert r.base == Decimal("4800.00")
    assert r.to_json()["formula"][0]["item"] == "base"
    assert calculate_premiums(data, "alpha", "300%", "2026-03-01").base == Decimal("24000.00")
    assert calculate_premiums(data, "alpha", "150％", "2026-03-01").base == Decimal("12000.00")
    with pytest.raises(BaseOutOfRangeError):
        calculate_premiums(data, "alpha", "59.99%", "2026-03-01")


def test_unknown_city_lists_known(data) -> None:
    with pytest.raises(UnknownCityError) as exc:
        calculate_premiums(data, "atlantis", "5000", "2026-03-01")
    assert exc.value.details["known_cities"] == ["alpha", "beta", "delta", "epsilon", "gamma"]
    assert "alpha" in exc.value.message["en"]


def test_city_id_case_insensitive(data) -> None:
    assert calculate_premiums(data, " Alpha ", "min", "2026-03-01").city.id == "alpha"


def test_pooled_is_total_minus_personal(data) -> None:
    r = calculate_premiums(data, "beta", "4321.57", "2025-03-01")
    m = r.monthly
    assert m.pension == Decimal("864.31")  # 864.314
    assert m.pension_personal_account == Decimal("345.73")  # 345.7256
    assert m.pension_pooled == m.pension - m.pension_personal_account


def test_base_is_rounded_to_cent(data) -> None:
    assert calculate_premiums(data, "alpha", "5000.005", "2026-03-01").base == Decimal("5000.01")


def test_annual_is_monthly_times_12(data) -> None:
    r = calculate_premiums(data, "beta", "4322.50", "2025-03-01")
    a = r.to_json()["annual"]
    assert a["unemployment"] == "518.76"
    assert Decimal(a["total"]) == r.monthly.total * 12


def test_medical_not_available(data) -> None:
    out = calculate_premiums(data, "epsilon", "5000", "2026-03-01").to_json()
    assert out["monthly"]["medical"] is None and out["annual"]["medical"] is None
    assert out["medical_status"] == "not_in_guide"
    assert out["medical_reason"]["en"] == ("Employee medical insurance: this city's figures are not in this guide yet, "
                                           "so the total leaves it out.")
    assert out["monthly"]["total"] == "1000.00"
    assert out["complete"] is False and out["missing"] == ["medical", "unemployment"]
    assert out["formula"][-1]["en"].startswith("Total without Employee medical insurance, Unemployment insurance:")


def test_medical_bounded_note_says_clamped(data) -> None:
    out = calculate_premiums(data, "gamma", "4500", "2026-03-01").to_json()
    assert out["medical_base"] == "6000.00"
    medical = [line["en"] for line in out["formula"] if line["item"] == "medical"]
    assert medical[0] == "Employee medical insurance base: 6,000.00 (allowed range 6,000.00–20,000.00)"
    out = calculate_premiums(data, "gamma", "8000", "2026-03-01").to_json()
    assert out["medical_base"] == "8000.00"


def test_sources_include_medical_and_unemployment(data) -> None:
    out = calculate_premiums(data, "delta", "6000", "2026-03-01").to_json()
    assert [s["id"] for s in out["sources"]] == ["d-all", "d-med"]


def test_reference_table(data) -> None:
    t = reference_table(data, "alpha", "2026-03-01").to_json()
    assert [r["level"] for r in t["rows"]] == ["min", "average", "max"]
    assert [r["monthly"]["total"] for r in t["rows"]] == ["1440.00", "2400.00", "7200.00"]
    assert t["rows"][1]["label"]["en"].startswith("Average wage")
    t = reference_table(data, "beta", "2025-03-01").to_json()
    assert [r["level"] for r in t["rows"]] == ["min", "max"]
    assert t["sources"] and t["notes"]


def test_parse_base_keywords() -> None:
    assert parse_base("MIN").kind == "min"
    assert parse_base("max").kind == "max"
    assert parse_base("100%").kind == "percent"
    assert parse_base("100 %").value == Decimal("100")
