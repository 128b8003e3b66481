"""content/resident.yaml: the urban and rural resident schemes, the cheaper alternative to joining the
employee schemes as a flexible employee.

Checked here: grades ascending, contribution years in order. Checks that need the whole file (source
references, unique ids, staleness of the latest contribution year) live in `check_resident` below and
run with the other cross-checks when content is loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Money, Slug, StrictModel, Text
from .checks import _references, _unique
from .city import Source, Sourced
from .yaml_source import Problem, YamlDocument


class Claim(Sourced):
    """A sourced statement for readers (a rule, not a single figure)."""

    text: Text
    """Markdown allowed."""


class MedicalYear(Sourced):
    """National minimum premium and subsidy of resident medical insurance for one contribution year."""

    year: int = Field(ge=2000, le=2100)
    """The contribution year (缴费年度) the figures are for, e.g. 2025."""
    individual_min: Money | None = None
    """Lowest individual premium, yuan per person per year. Leave out where not found: the page says so."""
    subsidy_min: Money | None = None
    """Lowest government subsidy (财政补助), yuan per person per year. Leave out where not found."""
    note: Text | None = None
    """What the source says exactly (e.g. 'may stay at'), or what is still unverified."""


class ResidentMedical(StrictModel):
    """城乡居民基本医疗保险."""

    years: list[MedicalYear] = Field(min_length=1)
    """Oldest first; one entry per contribution year."""
    waiting_period: Claim
    """The waiting period (待遇等待期) rules."""
    who: Claim | None = None
    """Who can join; leave out where not sourced (the page says 'not published in this guide yet')."""
    benefits: Claim | None = None
    """What it pays; leave out where not sourced."""

    @model_validator(mode="after")
    def _years_in_order(self) -> ResidentMedical:
        years = [y.year for y in self.years]
        if years != sorted(set(years)):
            raise PydanticCustomError("years_order", "years must be listed oldest first, each once; got {years}",
                                      {"years": ", ".join(map(str, years))})
        return self

    @property
    def latest_premium(self) -> MedicalYear | None:
        """The most recent year with a published individual premium."""
        return next((y for y in reversed(self.years) if y.individual_min is not None), None)


class PensionGrades(Sourced):
    """The yearly contribution grades (缴费档次) of the resident pension."""

    amounts: list[Money] = Field(min_length=1)
    """Yuan per year, lowest first."""
    note: Text | None = None

    @model_validator(mode="after")
    def _ascending(self) -> PensionGrades:
        if list(self.amounts) != sorted(set(self.amounts)):
            raise PydanticCustomError("grades_order", "grades must be listed lowest first, each once")
        return self


class ResidentPension(StrictModel):
    """城乡居民基本养老保险."""

    grades: PensionGrades
    who: Claim
    benefit: Claim
    """When and on what condition the pension is paid."""


class ComparisonRow(StrictModel):
    """One row of the side-by-side table: resident schemes against the employee schemes."""

    id: Slug
    label: Text
    computed: Literal["pension-cost", "medical-cost"] | None = None
    """Put the computed yearly cost in front of the texts: resident figures from this file, employee
    figures at the lowest base from content/cities (via the calculator)."""
    resident: Claim | None = None
    """Leave out where not sourced: the cell says 'not published in this guide yet'."""
    employee: Claim | None = None
    """The employee schemes joined as a flexible employee."""


class ResidentFile(StrictModel):
    """content/resident.yaml."""

    sources: list[Source] = Field(min_length=1)
    medical: ResidentMedical
    pension: ResidentPension
    comparison: list[ComparisonRow] = Field(min_length=1)
    """Rows of the comparison table, in reading order (the cost rows are computed from the figures)."""

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


def check_resident(doc: YamlDocument, resident: ResidentFile, today: dt.date) -> list[Problem]:
    """Unique ids, every source reference known, and a warning when the latest year is in the past."""
    problems = _unique(doc, resident.sources, ("sources",), "source")
    problems += _unique(doc, resident.comparison, ("comparison",), "comparison row")
    refs: list[tuple[tuple[str | int, ...], str]] = []

    def add(loc: tuple[str | int, ...], group: Any) -> None:
        if group is not None:
            refs.extend(((*loc, "sources", j), ref) for j, ref in enumerate(group.sources))

    for i, year in enumerate(resident.medical.years):
        add(("medical", "years", i), year)
    add(("medical", "waiting_period"), resident.medical.waiting_period)
    add(("medical", "who"), resident.medical.who)
    add(("medical", "benefits"), resident.medical.benefits)
    for name in ("grades", "who", "benefit"):
        add(("pension", name), getattr(resident.pension, name))
    for i, row in enumerate(resident.comparison):
        add(("comparison", i, "resident"), row.resident)
        add(("comparison", i, "employee"), row.employee)
    problems += _references(doc, refs, {s.id for s in resident.sources}, "source", "this file's sources list")

    last = len(resident.medical.years) - 1
    if resident.medical.years[last].year < today.year:
        problems.append(doc.problem(("medical", "years", last, "year"),
                                    f"stale figures: the latest contribution year is {resident.medical.years[last].year}; "
                                    f"add {today.year} (leave out individual_min if it is not published yet)",
                                    warning=True))
    return problems
