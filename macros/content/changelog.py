"""A change log of figures, generated from content: for each city, what changed from one period to the
next, from what to what, from when (the later period's valid_from), and which source says so.

Nothing is stored: the log is recomputed from the periods, so it can never disagree with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .base import Text
from .city import City, Period, Source

FIGURES: tuple[tuple[str, str, str], ...] = (
    # (figure, ui.yaml label key, kind: money | rate | rule)
    ("base.min", "base-min", "money"),
    ("base.max", "base-max", "money"),
    ("base.average_wage", "average-wage", "money"),
    ("pension.rate", "pension-rate", "rate"),
    ("pension.personal_account_rate", "personal-account-rate", "rate"),
    ("medical", "medical", "rule"),
    ("unemployment", "unemployment", "rule"),
    ("work_injury", "work-injury", "rule"),
)


@dataclass(frozen=True)
class FigureChange:
    owner: str
    """City id, 'resident' or 'national'."""
    owner_name: Text
    figure: str
    """Dotted path, e.g. base.min."""
    label: str
    """ui.yaml key of the figure's name."""
    kind: str
    old: Any
    """The earlier value; None where the figure was not published."""
    new: Any
    on: dt.date
    """First day the new value applies."""
    sources: tuple[Source, ...]
    """Sources of the new value (the old one's are on the city page)."""


def _value(period: Period, figure: str) -> tuple[Any, Any]:
    """(comparable value, group holding its sources) of a figure in a period."""
    group_name, _, field = figure.partition(".")
    group = getattr(period, group_name)
    if group is None:
        return None, None
    if field:
        return getattr(group, field), group
    return group.model_dump(exclude={"sources"}), group


def city_changes(city: City) -> list[FigureChange]:
    changes = []
    for earlier, later in zip(city.periods, city.periods[1:]):
        for figure, label, kind in FIGURES:
            old, _ = _value(earlier, figure)
            new, group = _value(later, figure)
            if old == new:
                continue
            if group is None:  # the figure was dropped: say so, with the sources of the earlier value
                _, group = _value(earlier, figure)
            sources = tuple(city.source(ref) for ref in group.sources)
            old_shown = getattr(earlier, figure.partition(".")[0]) if kind == "rule" else old
            new_shown = getattr(later, figure.partition(".")[0]) if kind == "rule" else new
            changes.append(FigureChange(city.id, city.name, figure, label, kind, old_shown, new_shown,
                                        later.valid_from, sources))
    return changes


def resident_changes(resident: Any, name: Text) -> list[FigureChange]:
    """Year-to-year changes of the national resident medical minimums, listed under `name`."""
    changes = []
    for earlier, later in zip(resident.medical.years, resident.medical.years[1:]):
        for figure, label in (("individual_min", "individual-min"), ("subsidy_min", "subsidy-min")):
            old, new = getattr(earlier, figure), getattr(later, figure)
            if old != new and new is not None:  # a year not published yet is not a change
                changes.append(FigureChange("resident", name, f"medical.{figure}", label, "money", old, new,
                                            dt.date(later.year, 1, 1),
                                            tuple(resident.source(ref) for ref in later.sources)))
    return changes


def national_changes(national: Any, today: dt.date, owner: Text) -> list[FigureChange]:
    """The national rules' changes that have taken effect by `today`: each group's retirement age starts
    rising at the reform's start, and the minimum contribution years step up by retirement year
    (content/national.yaml). Steps still to come are on /calculator/, not in a log of changes."""
    changes = []
    rule = national.retirement
    for group in rule.groups if rule.valid_from <= today else []:
        changes.append(FigureChange("national", group.label, f"retirement.{group.id}", "national-retirement-age",
                                    "retirement-age", group.original_age, group, rule.valid_from,
                                    tuple(national.source(ref) for ref in rule.sources)))
    minimum = national.minimum_contribution
    for earlier, later in zip(minimum.years, minimum.years[1:]):
        if earlier.months != later.months and dt.date(later.from_year, 1, 1) <= today:
            changes.append(FigureChange("national", owner, "minimum_contribution", "national-minimum_contribution",
                                        "years", Decimal(earlier.months) / 12, Decimal(later.months) / 12,
                                        dt.date(later.from_year, 1, 1),
                                        tuple(national.source(ref) for ref in minimum.sources)))
    return changes


def figure_changes(content: Any, today: dt.date | None = None) -> list[FigureChange]:
    """Every change, newest first, then by city and figure order (national steps up to `today`)."""
    changes = [c for city in content.cities for c in city_changes(city)]
    if getattr(content, "resident", None) is not None:
        changes += resident_changes(content.resident, content.ui.strings["resident-owner"])
    if getattr(content, "national", None) is not None:
        changes += national_changes(content.national, today or dt.date.today(), content.ui.strings["national-owner"])
    order = {figure: i for i, (figure, _, _) in enumerate(FIGURES)}
    return sorted(changes, key=lambda c: (-c.on.toordinal(), c.owner, order.get(c.figure, 99), c.figure))
