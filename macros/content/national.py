"""content/national.yaml: the national rules the calculator applies everywhere (retirement age under the
2025 reform, minimum contribution years, early retirement, the pension formula's tables and shares).

These used to be Python constants in the engine; as content they carry a source, a confidence and the
period they apply to, show on /sources/, in `guide sources`, in the staleness checks and in the change
log, and reach the engine through the same export as the city figures (`national_data`).

Checked here: each table in order, groups unique. Checks that need the whole file (source references,
unique source ids, staleness) live in `check_national`, run with the other cross-checks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Rate, StrictModel, Text
from .checks import _references, _unique
from .city import Source, Sourced
from .yaml_source import Problem, YamlDocument

GroupId = Literal["male", "female-55", "female-50"]
"""The three groups of the Measures, Art. 1: men (original age 60), women whose original age is 55, and
women whose original age is 50."""


class NationalSource(Source):
    """A national document. `note` says how it was seen when that matters (e.g. only through exact copies)."""

    note: Text | None = None


class Rule(Sourced):
    """A national rule: its sources and the period it applies to."""

    valid_from: dt.date | None = None
    """First day in force. Leave out only where no source gives it (the page then says so)."""
    valid_until: dt.date | None = None
    """Last day in force; leave out while no end date is published."""
    note: Text | None = None
    """What readers should know about the figure: a dispute between sources, what is unsure."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Rule:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise PydanticCustomError("period_order", "valid_until ({until}) is before valid_from ({start})",
                                      {"until": self.valid_until.isoformat(), "start": self.valid_from.isoformat()})
        return self


class RetirementGroup(StrictModel):
    """One group of the reform: its original age and how fast its retirement age rises."""

    id: GroupId
    label: Text
    original_age: int = Field(ge=40, le=70)
    """The statutory retirement age before the reform, in years."""
    step_months: int = Field(ge=1, le=12)
    """The retirement age rises by one month for every this many months of original retirement dates."""
    max_delay_months: int = Field(ge=0, le=120)
    """The largest delay, in months (the target age minus the original age)."""


class Retirement(Rule):
    """The gradual rise of the statutory retirement age (NPC Standing Committee decision, Measures Art. 1)."""

    valid_from: dt.date  # type: ignore[assignment]
    """The reform's start: original retirement months from this month on are delayed."""
    groups: list[RetirementGroup] = Field(min_length=1)

    @field_validator("groups")
    @classmethod
    def _groups_once(cls, groups: list[RetirementGroup]) -> list[RetirementGroup]:
        ids = [g.id for g in groups]
        if sorted(set(ids)) != sorted(ids) or set(ids) != {"male", "female-55", "female-50"}:
            raise PydanticCustomError("groups", "list each of the groups male, female-55 and female-50 once; got {ids}",
                                      {"ids": ", ".join(ids)})
        return groups

    @field_validator("valid_from")
    @classmethod
    def _month_start(cls, day: dt.date) -> dt.date:
        if day.day != 1:
            raise PydanticCustomError("month_start", "the reform starts on the first day of a month, got {day}",
                                      {"day": day.isoformat()})
        return day


class EarlyRetirement(Rule):
    """Flexible early retirement (Measures Art. 3): how far before the statutory month, never before the
    original age, once the minimum contribution years are reached."""

    max_months_early: int = Field(ge=0, le=120)


class LateRetirement(Rule):
    """Flexible late retirement (Measures Art. 3): how far after the statutory month, by agreement with the
    employer."""

    max_months_late: int = Field(ge=0, le=120)


class EarlyNotice(Rule):
    """How long before the chosen month a person asks in writing for flexible early retirement."""

    months: int = Field(ge=0, le=24)


class MinimumYear(StrictModel):
    from_year: int | None = Field(default=None, ge=1990, le=2100)
    """The first retirement year this row applies to. Only the first row leaves it out: it applies to every
    year before the next row."""
    months: int = Field(ge=1, le=600)
    """The minimum contribution, in months (15 years = 180)."""


class MinimumContribution(Rule):
    """Minimum contribution years for a monthly pension, by the year you retire (Measures Art. 2, Annex 4)."""

    years: list[MinimumYear] = Field(min_length=1)
    """Oldest first."""

    @field_validator("years")
    @classmethod
    def _rows_in_order(cls, years: list[MinimumYear]) -> list[MinimumYear]:
        starts = [row.from_year for row in years]
        if starts[0] is not None or any(y is None for y in starts[1:]):
            raise PydanticCustomError("minimum_rows", "only the first row leaves out from_year (it covers the "
                                      "years before the next row); every other row needs one")
        later = [y for y in starts[1:] if y is not None]
        if later != sorted(set(later)):
            raise PydanticCustomError("minimum_rows", "rows must be listed by from_year, oldest first, each once")
        months = [row.months for row in years]
        if months != sorted(months):
            raise PydanticCustomError("minimum_rows", "the minimum never falls from one row to the next; check the months")
        return years

    def range_years(self) -> tuple[str, str]:
        """The first and last minimum in years, as written ('15', '20')."""
        return tuple(format((Decimal(row.months) / 12).normalize(), "f") for row in (self.years[0], self.years[-1]))  # type: ignore[return-value]

    def months_for(self, year: int) -> int:
        return next(row.months for row in reversed(self.years) if row.from_year is None or row.from_year <= year)


class PayoutAge(StrictModel):
    age: int = Field(ge=30, le=90)
    months: int = Field(ge=1, le=400)


class PayoutMonths(Rule):
    """Payout months (计发月数) by age at retirement: the account pension is the balance ÷ these months
    (annex to 国发〔2005〕38号). Between whole years the engine interpolates by month."""

    ages: list[PayoutAge] = Field(min_length=2)
    """Consecutive ages, youngest first."""
    disputed_ages: list[int] = []
    """Ages whose figure sources disagree on; explain in `note`. A pension estimate that uses one shows the
    note."""

    @model_validator(mode="after")
    def _disputed_in_table(self) -> PayoutMonths:
        ages = {row.age for row in self.ages}
        unknown = [a for a in self.disputed_ages if a not in ages]
        if unknown or (self.disputed_ages and self.note is None):
            raise PydanticCustomError("disputed_ages", "disputed_ages must be ages of the table, and `note` must "
                                      "say what the sources disagree on")
        return self

    @field_validator("ages")
    @classmethod
    def _consecutive(cls, rows: list[PayoutAge]) -> list[PayoutAge]:
        ages = [row.age for row in rows]
        if ages != list(range(ages[0], ages[0] + len(ages))):
            raise PydanticCustomError("payout_rows", "ages must be consecutive whole years, youngest first")
        months = [row.months for row in rows]
        if any(a <= b for a, b in zip(months, months[1:])):
            raise PydanticCustomError("payout_rows", "payout months fall as the age rises; check the table")
        return rows


class PersonalAccount(Rule):
    """The share of the contribution base credited to the personal account."""

    rate: Rate


class IndexCap(Rule):
    """The highest average contribution index: bases are capped at this multiple of the average wage."""

    max_index: Decimal = Field(gt=0, le=10)


class NationalFile(StrictModel):
    """content/national.yaml."""

    sources: list[NationalSource] = Field(min_length=1)
    retirement: Retirement
    early_retirement: EarlyRetirement
    late_retirement: LateRetirement
    early_notice: EarlyNotice
    minimum_contribution: MinimumContribution
    pension_formula: Rule
    """The pension formula (basic pension and account pension) itself."""
    payout_months: PayoutMonths
    personal_account: PersonalAccount
    index_cap: IndexCap

    def source(self, source_id: str) -> NationalSource:
        return next(s for s in self.sources if s.id == source_id)

    def rules(self) -> list[tuple[str, Rule]]:
        """(key, rule) for every rule, in file order: /sources/, `guide sources` and staleness use it."""
        return [(name, getattr(self, name)) for name in RULES]


RULES: tuple[str, ...] = ("retirement", "early_retirement", "late_retirement", "early_notice", "minimum_contribution",
                          "pension_formula", "payout_months", "personal_account", "index_cap")
"""Rule keys in file order; each has a label `national-<key>` in content/ui.yaml."""


def check_national(doc: YamlDocument, national: NationalFile, today: dt.date, ui: Any = None,
                   ui_doc: YamlDocument | None = None) -> list[Problem]:
    """Unique source ids, every reference known, a warning for a rule whose period has ended, and every
    catalogue key the engine words results with present in ui.yaml (else the engine would refuse the data)."""
    problems = _unique(doc, national.sources, ("sources",), "source")
    if ui is not None and ui_doc is not None:
        problems += _engine_messages(ui, ui_doc)
    refs = [((name, "sources", j), ref) for name, rule in national.rules() for j, ref in enumerate(rule.sources)]
    problems += _references(doc, refs, {s.id for s in national.sources}, "source", "this file's sources list")
    for name, rule in national.rules():
        if rule.valid_until is not None and rule.valid_until < today:
            problems.append(doc.problem((name, "valid_until"),
                                        f"stale rule: {name} ended on {rule.valid_until}; add the rule that "
                                        "replaces it, or extend valid_until if a source says it still applies",
                                        warning=True))
    return problems


def _engine_messages(ui: Any, ui_doc: YamlDocument) -> list[Problem]:
    try:
        from shebao_calculator.national import MESSAGE_KEYS
    except ImportError:  # the calculator is installed by `make`; validation works without it
        return []
    missing = [key for key in MESSAGE_KEYS if key not in ui.strings]
    return [ui_doc.problem(("strings",), f"missing key '{key}': the calculator words retirement and pension "
                                          "results with it (add it with zh and en)") for key in missing]


def national_data(national: NationalFile) -> dict[str, Any]:
    """The plain data the engine reads (calculator/src/shebao_calculator/national.py checks its shape)."""

    def rule(r: Rule) -> dict[str, Any]:
        return {
            "valid_from": r.valid_from.isoformat() if r.valid_from else None,
            "valid_until": r.valid_until.isoformat() if r.valid_until else None,
            "sources": list(r.sources),
        }

    def source(s: NationalSource) -> dict[str, Any]:
        return {
            "title": s.title.model_dump(),
            "url": s.url,
            "document_number": s.document_number,
            "published_on": s.published_on.isoformat() if s.published_on else None,
            "checked_on": s.checked_on.isoformat(),
            "confidence": s.confidence,
            "note": s.note.model_dump() if s.note else None,
        }

    n = national
    return {
        "sources": {s.id: source(s) for s in n.sources},
        "retirement": {**rule(n.retirement), "groups": [
            {"id": g.id, "original_age": g.original_age, "step_months": g.step_months,
             "max_delay_months": g.max_delay_months} for g in n.retirement.groups]},
        "early_retirement": {**rule(n.early_retirement), "max_months_early": n.early_retirement.max_months_early},
        "late_retirement": {**rule(n.late_retirement), "max_months_late": n.late_retirement.max_months_late},
        "early_notice": {**rule(n.early_notice), "months": n.early_notice.months},
        "minimum_contribution": {**rule(n.minimum_contribution), "years": [
            {"from_year": row.from_year, "months": row.months} for row in n.minimum_contribution.years]},
        "pension_formula": rule(n.pension_formula),
        "payout_months": {**rule(n.payout_months), "ages": {str(row.age): row.months for row in n.payout_months.ages},
                          "disputed_ages": list(n.payout_months.disputed_ages),
                          "note": n.payout_months.note.model_dump() if n.payout_months.note else None},
        "personal_account": {**rule(n.personal_account), "rate": format(n.personal_account.rate, "f")},
        "index_cap": {**rule(n.index_cap), "max_index": format(n.index_cap.max_index, "f")},
    }
