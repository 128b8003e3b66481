"""The base explorer and the break simulator on /calculator/ (and its embed), as they read before and
without JavaScript: the explorer's table for a default profile and every city's break rules, both
computed by the calculator engine (shebao_calculator.levels) or read from the same export it reads, so
the page and `guide levels` / `guide gap` give the same numbers. The browser script redraws them for
the reader (levels-form.js, gap-form.js); templates: overrides/components/calculator/levels.html, gap.html.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from shebao_calculator.levels import levels

DEFAULT_AGE = 30
"""The default profile: a man who turns 30 this year, born in January, pays every month from now on and
has paid nothing before (the page says so and redraws the table for the reader)."""
BAR_STEP = 5
"""Bars are drawn in 5 % steps (classes guide-bar--w0 … guide-bar--w100: the site's CSP allows no inline
styles, and the script uses the same classes)."""


def bar_class(value: str | None, top: Decimal) -> str:
    """The width class of a bar for `value` on a scale whose longest bar is `top`."""
    if value is None or top <= 0:
        return "guide-bar--w0"
    percent = Decimal(value) / top * 100
    step = int((percent / BAR_STEP).to_integral_value(rounding=ROUND_HALF_UP)) * BAR_STEP
    return f"guide-bar--w{max(0, min(100, step))}"


def explorer(data: dict[str, Any], city_id: str, build_date: dt.date) -> dict[str, Any]:
    """The explorer's default table: the engine's `levels` answer plus each row's bar classes."""
    birth = f"{build_date.year - DEFAULT_AGE}-01"
    result = levels(data, city_id, birth, "male", rules=data, on=build_date.isoformat(), today=build_date).to_json()
    rows = result["levels"]
    top = max([Decimal(r["monthly"]["total"]) for r in rows]
              + [Decimal(r["pension_at_retirement"]) for r in rows if r["pension_at_retirement"] is not None])
    for row in rows:
        row["bars"] = {"bill": bar_class(row["monthly"]["total"], top),
                       "pension": bar_class(row["pension_at_retirement"], top)}
        share = row["share_of_average"]
        row["percent"] = None if share is None else format((Decimal(share) * 100).normalize(), "f")
    return {"result": result, "birth": birth, "from": build_date.strftime("%Y-%m")}


def break_rules(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every city's break rules as the simulator reads them (the export's `breaks`, `bureau`,
    `healthcare_bureau`), with the sources resolved."""
    out = []
    for city in data["cities"]:
        breaks = city.get("breaks")
        sources = city["sources"]

        def resolve(ids: list[str]) -> list[dict[str, Any]]:
            return [{"id": sid, **sources[sid]} for sid in ids]

        out.append({
            "id": city["id"],
            "name": city["name"],
            "breaks": breaks,
            "back_sources": resolve(breaks["back_payment"]["sources"]) if breaks else [],
            "medical_sources": resolve(breaks["medical_waiting_sources"]) if breaks else [],
            "bureau": city.get("bureau"),
            "healthcare_bureau": city.get("healthcare_bureau") or city.get("bureau"),
        })
    return out


def decisions_context(data: dict[str, Any], default_city: str, build_date: dt.date) -> dict[str, Any]:
    """What levels.html and gap.html need."""
    return {"explorer": explorer(data, default_city, build_date), "break_rules": break_rules(data)}
