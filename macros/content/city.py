"""A city: its sourced figures for each period, and what a flexible employee can join there.

Checked here: valid_until is not before valid_from, min <= max. Checks that need the whole file
(source references, period order and overlap) live in `macros.content.checks`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .base import Confidence, Money, Rate, PlainText, Slug, StrictModel, Text, Url


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


class Sourced(StrictModel):
    """Mixin: a group of figures and the sources they come from."""

    sources: list[Slug] = Field(min_length=1)
    """Ids from the city's `sources` list. Every figure must have at least one."""


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


class FixedBase(StrictModel):
    fixed: Money
    """A single medical base everyone pays on."""


class BoundedBase(StrictModel):
    min: Money
    max: Money
    """The medical base has its own bounds; the reader declares it."""


def _medical_base_kind(value: Any) -> str | None:
    # Tag names are not YAML keys, so error locations skip them (see yaml_source.locate).
    if value == "pension":
        return "same-as-pension"
    if isinstance(value, dict):
        return "fixed-base" if "fixed" in value else "bounded-base"
    if isinstance(value, (FixedBase, BoundedBase)):
        return "fixed-base" if isinstance(value, FixedBase) else "bounded-base"
    return None


MedicalBase = Annotated[
    Annotated[Literal["pension"], Tag("same-as-pension")]
    | Annotated[FixedBase, Tag("fixed-base")]
    | Annotated[BoundedBase, Tag("bounded-base")],
    Discriminator(_medical_base_kind, custom_error_type="medical_base",
                  custom_error_message="base must be 'pension', {fixed: amount} or {min: amount, max: amount}"),
]


class MedicalRate(Sourced):
    """Employee medical insurance as a rate of a base."""

    kind: Literal["rate"]
    rate: Rate
    base: MedicalBase
    """'pension' (same base as pension), {fixed: …} or {min: …, max: …}."""


class MedicalFixed(Sourced):
    """Employee medical insurance as a fixed monthly amount."""

    kind: Literal["fixed"]
    monthly: Money


def _medical_kind(value: Any) -> str | None:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return {"rate": "medical-rate", "fixed": "medical-fixed"}.get(kind) if isinstance(kind, str) else None


Medical = Annotated[
    Annotated[MedicalRate, Tag("medical-rate")] | Annotated[MedicalFixed, Tag("medical-fixed")],
    Discriminator(_medical_kind, custom_error_type="medical_kind",
                  custom_error_message="kind must be 'rate' (a rate of a base) or 'fixed' (a fixed monthly amount)"),
]


class Joinable(Sourced):
    """An insurance a city may or may not open to flexible employees."""

    available: bool
    rate: Rate | None = None
    """Share of the pension base, where available and sourced."""


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
    medical: Medical | None = None
    """Leave out where no sourced rule was found: the page then says so."""
    unemployment: Joinable | None = None
    work_injury: Joinable | None = None
    conflicts: list[Conflict] = []
    notes: list[Text] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> Period:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise PydanticCustomError(
                "period_order", "valid_until ({until}) is before valid_from ({start})",
                {"until": self.valid_until.isoformat(), "start": self.valid_from.isoformat()})
        return self

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
    sources: list[Source] = Field(min_length=1)
    notes: list[CityNote] = []
    periods: list[Period] = Field(min_length=1)
    """Oldest first."""

    def period_on(self, day: dt.date) -> Period | None:
        for period in self.periods:
            if period.valid_from <= day and (period.valid_until is None or day <= period.valid_until):
                return period
        return None

    @property
    def latest(self) -> Period:
        return self.periods[-1]

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
