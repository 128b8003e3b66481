"""Figures for /resident/: what joining the employee schemes costs at the lowest base, city by city.

The amounts come from the calculator engine (the same numbers the city pages and the calculator show);
this module only picks the period and says what a reader must know about it (ended, sources disagree).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from macros.content import Content


@dataclass(frozen=True)
class EmployeeMinimum:
    """One city's yearly premiums at the lowest base, in the period in force on the build date."""

    city: Any
    period: Any
    pension_year: Decimal
    medical_year: Decimal | None
    """None where the city has no sourced medical rule (the page says so)."""
    ended: bool
    """The latest period has ended: the figures may be out of date."""
    disputed: bool
    """Sources disagree on one of the figures used (the city page shows both)."""
    confidence: str
    """'secondary' if any source behind these figures is secondary, else 'official'."""


def employee_minimums(content: Content, day: dt.date) -> list[EmployeeMinimum]:
    from shebao_calculator import load_data, reference_table

    from macros.content.export import calculator_data

    data = load_data(calculator_data(content))  # once: a plain dict would be re-read on every call
    rows = []
    for city in content.cities:
        period, on = city.shown(day), city.shown_on(day)
        table = reference_table(data, city.id, on).to_json()
        lowest = next(r for r in table["rows"] if r["level"] == "min")
        medical = lowest["annual"]["medical"]
        groups = [period.base, period.pension] + ([period.medical] if period.medical and medical is not None else [])
        used = {ref for group in groups for ref in group.sources}
        figures = ("base", "pension") + (("medical",) if medical is not None else ())
        rows.append(EmployeeMinimum(
            city=city,
            period=period,
            pension_year=Decimal(lowest["annual"]["pension"]),
            medical_year=Decimal(medical) if medical is not None else None,
            ended=period.valid_until is not None and period.valid_until < day,
            disputed=any(c.figure.split(".")[0] in figures for c in period.conflicts),
            confidence="secondary" if any(city.source(s).confidence == "secondary" for s in used) else "official",
        ))
    return rows
