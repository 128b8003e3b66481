"""What the calculator page shows before (and without) JavaScript, computed by the calculator engine.

The `calculator()` macro in views/macros.py calls `calculator_context`: the default city's reference table,
a compact all-cities summary, the retirement ages by birth year, and the settings the browser
script reads (asset URLs relative to the page, the UI strings its scripts may show: overrides/components/calculator/strings.yaml).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shebao_calculator import Dataset, NationalRules, load_national, reference_table, retirement

from macros.writers.calculator_assets import asset_urls, pyodide_lock_info
from macros.views.decisions import decisions_context
from macros.views.script_strings import page_strings

# The static retirement-age tables run for this many birth years from the first one the reform delays
# (content/national.yaml): each group's table reaches past its first full delay.
TABLE_YEARS = 16
DEFAULT_CITY = "shanghai"
# The insurances the form lets the reader leave out of the total, in this order (pension first).
INSURANCE_ORDER = ("pension", "medical", "unemployment", "work_injury")


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
        # The insurances this city's bill computes: only these get a box to leave out of the total.
        "offered": [entry["insurance"] for entry in table["insurances"] if entry["status"] == "computed"],
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


def _retirement_rows(rules: NationalRules, group: str, build_date: dt.date) -> list[dict[str, Any]]:
    g = rules.groups[group]
    sex, original_age = ("male", None) if group == "male" else ("female", g.original_age)
    first_year = rules.reform_start.year - g.original_age
    rows = []
    for year in range(first_year, first_year + TABLE_YEARS):
        first = retirement(f"{year}-01", sex, original_age, today=build_date, rules=rules).to_json()
        last = retirement(f"{year}-12", sex, original_age, today=build_date, rules=rules).to_json()
        rows.append({"year": year, "first": first, "last": last})
    return rows


def _years(months: int) -> str:
    return format((Decimal(months) / 12).normalize(), "f")


def _rule_values(rules: NationalRules) -> dict[str, Any]:
    """The figures the page's rule texts (retire-rules, retire-min-rules, retire-early-rules) fill in, all
    from content/national.yaml, so no figure is written twice."""
    values: dict[str, Any] = {"start_year": rules.reform_start.year, **rules.minimum_rise()}
    for key, group in (("male", "male"), ("f55", "female-55"), ("f50", "female-50")):
        g = rules.groups[group]
        values.update({f"{key}_from": g.original_age, f"{key}_to": g.original_age + g.max_delay_months // 12,
                       f"{key}_step": g.step_months})
    values.update(first_years=_years(rules.minimum[0][1]), last_before=int(str(values["rise_from"])) - 1,
                  early_years=_years(rules.early_max_months))
    return values


def engine_preloads(config: dict[str, Any]) -> list[str]:
    """Engine files the page's <head> asks for before the worker does (components/calculator/preload.html)."""
    return [config["pyodide"], *(config["pyodideIndex"] + name for name in ("pyodide.asm.mjs", "pyodide.asm.wasm")),
            config["stdlib"]]


def calculator_context(content: Any, figures: Dataset | dict[str, Any], data: dict[str, Any], build_date: dt.date,
                       page_url: str, lang: str, t: Any) -> dict[str, Any]:
    """Everything calculator.html needs; `data` is the calculator export of `content` (macros/content/
    export.py), `page_url` the page's URL relative to the site root."""
    root = "../" * page_url.count("/")
    cities = [_city_summary(city, figures, build_date) for city in content.cities]
    default = next((c for c in cities if c["id"] == DEFAULT_CITY), cities[0])
    urls = asset_urls()
    config = {
        "lang": lang,
        "defaultCity": default["id"],
        "pyodide": root + urls["pyodide"],
        "pyodideIndex": root + urls["pyodide_index"],
        "wheel": root + urls["wheel"],
        "data": root + urls["data"],
        "snapshot": root + urls["snapshot"],
        "stdlib": root + urls["stdlib"],
        "pyodideLock": pyodide_lock_info(),
        "worker": root + "components/calculator/calculator-worker.js",
        "timeoutMs": 90000,
        "i18n": page_strings("calculator", content.ui.strings, t),  # calculator/strings.yaml, checked
    }
    rules = load_national(data)
    retirement_tables = [
        {"group": group.id, "label": next(g.label for g in content.national.retirement.groups if g.id == group.id),
         "original_age": group.original_age, "rows": _retirement_rows(rules, group.id, build_date)}
        for group in rules.groups.values()
    ]
    offered = {insurance for city in cities for insurance in city["offered"]}
    return {
        "root": root,
        "cities": cities,
        "insurance_ids": [i for i in INSURANCE_ORDER if i in offered] + sorted(offered - set(INSURANCE_ORDER)),
        "default": default,
        "config": config,
        "retirement_tables": retirement_tables,
        "rule_values": _rule_values(rules),
        "reform_start": content.national.retirement.valid_from,
        "this_year": build_date.year,
        **decisions_context(data, default["id"], build_date),  # the base explorer and break simulator
    }
