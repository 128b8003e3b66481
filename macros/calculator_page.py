"""What the calculator page shows before (and without) JavaScript, computed by the calculator engine.

The `calculator()` macro in pages.py calls `calculator_context`: the default city's reference table,
a compact all-cities summary, the retirement ages by birth year, and the settings the browser
script reads (asset URLs relative to the page, the page's UI strings from content/ui.yaml).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shebao_calculator import Dataset, reference_table, retirement

from .calculator_assets import asset_urls, pyodide_lock_info, start_snapshot

# Birth years shown in the static retirement-age tables: from the first cohorts the reform delays
# to the first ones that reach the full delay (NPC decision 2024-09-13, Measures Art. 1).
RETIREMENT_TABLES: tuple[tuple[str, str, int | None, range], ...] = (
    ("male", "male", None, range(1965, 1981)),
    ("female-55", "female", 55, range(1970, 1986)),
    ("female-50", "female", 50, range(1975, 1991)),
)
DEFAULT_CITY = "shanghai"
# UI strings the browser script needs; rendered into the page's JSON island in the page's language.
SCRIPT_STRINGS = (
    "calc-loading", "calc-ready", "calc-unavailable", "calc-working", "calc-use-nearest", "calc-range",
    "calc-summary-month", "calc-summary-year", "calc-period", "open-ended", "calc-age", "calc-months",
    "calc-years", "calc-excluded", "calc-none-needed", "calc-early-none", "calc-index-derived",
    "calc-index-default", "calc-months-derived", "calc-pension-summary", "calc-retire-summary",
    "calc-required", "yuan", "not-published", "calc-yes", "calc-no",
    "bill-name-pension", "bill-name-medical", "bill-name-unemployment", "bill-name-work_injury",
    "bill-status-not_available", "bill-status-not_in_guide", "bill-total", "bill-total-incomplete",
    "bill-incomplete-note",
)


def _city_summary(city: Any, figures: Dataset | dict[str, Any], build_date: dt.date) -> dict[str, Any]:
    period, on = city.shown(build_date), city.shown_on(build_date)
    table = reference_table(figures, city.id, on).to_json()
    rows = {row["level"]: row for row in table["rows"]}
    return {
        "id": city.id,
        "name": city.name,
        "period": period,
        "min": period.base.min,
        "max": period.base.max,
        "average_wage": period.base.average_wage,
        "medical": _medical_form(period.rule("medical")),
        "table": table,
        "rows": rows,
        # Only where no period is in force today (figures not yet renewed): the date whose figures apply.
        "on": None if on == build_date else on.isoformat(),
    }


def _medical_form(rule: Any) -> dict[str, Any] | None:
    """What the form asks about medical insurance in this city: a base within bounds, or a grade."""
    if rule is None or rule.kind not in ("rate", "grades"):
        return None
    if rule.kind == "grades":
        return {"kind": "grades", "grades": [{"id": g.id, "name": g.name.model_dump()} for g in rule.grades]}
    if rule.base.kind in ("chosen", "declared"):
        return {"kind": rule.base.kind, "min": str(rule.base.min), "max": str(rule.base.max)}
    return None


def _retirement_rows(sex: str, original_age: int | None, years: range, build_date: dt.date) -> list[dict[str, Any]]:
    rows = []
    for year in years:
        first = retirement(f"{year}-01", sex, original_age, today=build_date).to_json()
        last = retirement(f"{year}-12", sex, original_age, today=build_date).to_json()
        rows.append({"year": year, "first": first, "last": last})
    return rows


def calculator_context(content: Any, figures: Dataset | dict[str, Any], build_date: dt.date, page_url: str,
                       lang: str, t: Any) -> dict[str, Any]:
    """Everything calculator.html needs; `page_url` is the page's URL relative to the site root."""
    root = "../" * page_url.count("/")
    cities = [_city_summary(city, figures, build_date) for city in content.cities]
    default = next((c for c in cities if c["id"] == DEFAULT_CITY), cities[0])
    start_snapshot()  # made in the background while the other pages render (calculator_assets.py)
    urls = asset_urls()
    config = {
        "lang": lang,
        "defaultCity": default["id"],
        "pyodide": root + urls["pyodide"],
        "pyodideIndex": root + urls["pyodide_index"],
        "wheel": root + urls["wheel"],
        "data": root + urls["data"],
        "snapshot": root + urls["snapshot"],
        "pyodideLock": pyodide_lock_info(),
        "worker": root + "components/calculator/calculator-worker.js",
        "timeoutMs": 90000,
        "i18n": {key: t(key) for key in SCRIPT_STRINGS},
    }
    retirement_tables = [
        {"group": group, "original_age": 60 if original_age is None else original_age,
         "rows": _retirement_rows(sex, original_age, years, build_date)}
        for group, sex, original_age, years in RETIREMENT_TABLES
    ]
    return {
        "root": root,
        "cities": cities,
        "default": default,
        "config": config,
        "retirement_tables": retirement_tables,
        "this_year": build_date.year,
    }
