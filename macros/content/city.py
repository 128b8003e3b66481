"""A city: its sourced figures for each period, and what a flexible employee can join there.

Checked here: valid_until is not before valid_from, min <= max. Checks that need the whole file
(source references, period order and overlap) live in `macros.content.checks`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from shebao_calculator.data import in_force, shown_on

from .base import Confidence, Money, Rate, PlainText, Slug, StrictModel, Text, Url
from .local_rules import LocalRules
from .rules import InsuranceRule, Sourced


class Source(StrictModel):
    """A document a figure is taken from."""

    id: Slug
    title: PlainText
    """Title of the document or page."""
    url: Url
    document_number: str | None = None
    """Official document number (文号), e.g. 京人社发〔2025〕11号, where there is one."""
    published_on: dt.date | None = None
    checked_on: dt.date
    """The date an editor last checked the figure against this source."""
    confidence: Confidence


class BaseBounds(Sourced):
    """Contribution base bounds (缴费基数上下限), yuan per month."""

    min: Money
    max: Money
    average_wage: Money | None = None
    """The average monthly wage the bounds are derived from, where published."""

    @model_validator(mode="after")
    def _min_below_max(self) -> BaseBounds:
        if self.min > self.max:
            raise PydanticCustomError("bounds", "min ({min}) is above max ({max})",
                                      {"min": str(self.min), "max": str(self.max)})
        return self


class Pension(Sourced):
    """Basic pension for flexible employees."""

    rate: Rate
    """Share of the base paid, e.g. 0.20."""
    personal_account_rate: Rate
    """Share of the base credited to the personal account, e.g. 0.08."""

    @model_validator(mode="after")
    def _account_within_rate(self) -> Pension:
        if self.personal_account_rate > self.rate:
            raise PydanticCustomError("account_rate", "personal_account_rate ({a}) is above rate ({r})",
                                      {"a": str(self.personal_account_rate), "r": str(self.rate)})
        return self


class Conflict(Sourced):
    """Sources that disagree on a figure: the page shows both."""

    figure: str
    """Which figure, e.g. base.min."""
    text: Text
    """What each source says and which one this guide uses, and why."""


class Period(StrictModel):
    """The figures in force between two dates."""

    valid_from: dt.date
    valid_until: dt.date | None = None
    """Last day in force; empty while no end date is published."""
    base: BaseBounds
    pension: Pension
    medical: InsuranceRule | None = None
    """Employee medical insurance. Leave out where no sourced rule was found: the page then says so."""
    unemployment: InsuranceRule | None = None
    work_injury: InsuranceRule | None = None
    conflicts: list[Conflict] = []
    notes: list[Text] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> Period:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise PydanticCustomError(
                "period_order", "valid_until ({until}) is before valid_from ({start})",
                {"until": self.valid_until.isoformat(), "start": self.valid_from.isoformat()})
        return self

    def rule(self, insurance: str) -> Any:
        """The rule for `insurance` ('pension', 'medical', …), or None where it is not in the guide yet."""
        return getattr(self, insurance)

    def sources_used(self) -> list[str]:
        ids: list[str] = []
        for group in (self.base, self.pension, self.medical, self.unemployment, self.work_injury, *self.conflicts):
            if group is not None:
                ids += [s for s in group.sources if s not in ids]
        return ids


class CityNote(Sourced):
    """A sourced fact about the city that is not a figure: hukou rules, payment channels, subsidies."""

    topic: Literal["eligibility", "hukou", "registration", "payment", "deadline", "medical", "subsidy", "other"]
    text: Text


class NoNewerFigures(Sourced):
    """An editor looked for figures newer than the latest period and found none.

    Why: a province may publish its new bounds months after the old period ended. Until then the guide
    keeps the last published figures (the page still says their period has ended); this record says when
    someone last looked, and where (`sources`), so that `guide validate --strict` accepts the ended period
    only while that look is recent (see `RECHECK_DAYS` in macros.content.checks).
    """

    checked_on: dt.date
    """The day you looked for newer figures (the bureau's notices, the province, the tax service) and found none."""


class Bureau(StrictModel):
    name: PlainText
    url: Url


class City(StrictModel):
    """content/cities/<id>.yaml."""

    id: Slug
    """Pinyin slug, equal to the file name, e.g. shanghai."""
    name: PlainText
    province: PlainText
    bureau: Bureau
    """The local human resources and social security bureau, linked where a figure is missing."""
    healthcare_bureau: Bureau | None = None
    """The local healthcare security bureau (医疗保障局), linked where a medical figure is missing."""
    sources: list[Source] = Field(min_length=1)
    notes: list[CityNote] = []
    local_rules: LocalRules = LocalRules()
    """Where to register, how and when to pay, breaks, injury protection, hukou (macros/content/local_rules.py)."""
    periods: list[Period] = Field(min_length=1)
    """Oldest first."""
    no_newer_figures: NoNewerFigures | None = None
    """Only while the latest period has ended and no newer figures are published: when you last looked."""

    def period_on(self, day: dt.date) -> Period | None:
        """The period in force on `day` (shebao_calculator.data.in_force decides, for every caller)."""
        return in_force(self.periods, day)

    def shown(self, day: dt.date) -> Period:
        """The period pages show as current on `day`: the one in force, else the latest."""
        return shown_on(self.periods, day)[0]

    def shown_on(self, day: dt.date) -> dt.date:
        """The date whose figures the current period means on `day` (its first day if not in force)."""
        return shown_on(self.periods, day)[1]

    @property
    def latest(self) -> Period:
        return self.periods[-1]

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
