"""How one insurance is charged to a flexible employee in one city and period.

A rule is one of four kinds (`kind`):

- `rate`: a rate (optionally split into sourced parts) of a base, plus any fixed monthly fees. The base
  has its own kind: `pension` (the reader's pension base, only where a source says so), `chosen` (the
  reader picks one within this insurance's own bounds), `declared` (the reader's declared income, moved
  into the bounds) or `reference_wage` (a share of a named wage, so everyone pays the same);
- `fixed`: one amount a month or a year;
- `grades`: a fixed list of amounts the reader picks from;
- `not_available`: a source says flexible employees cannot join this insurance here.

A period that leaves an insurance out means it is not in the guide yet. Adding a kind: a model here,
its case in the engine (`shebao_calculator.rules`) and its wording in `content/ui.yaml` (`bill-*` keys).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .base import Money, Rate, Slug, StrictModel, Text

Rounding = Literal["cent", "yuan"]


class Sourced(StrictModel):
    """Mixin: a group of figures and the sources they come from."""

    sources: list[Slug] = Field(min_length=1)
    """Ids from the city's `sources` list. Every figure must have at least one."""


class PensionBase(StrictModel):
    """The same base the reader chose for pension, within the pension bounds."""

    kind: Literal["pension"]


class _Bounded(StrictModel):
    min: Money
    max: Money

    @model_validator(mode="after")
    def _min_below_max(self) -> Any:
        if self.min > self.max:
            raise PydanticCustomError("bounds", "min ({min}) is above max ({max})",
                                      {"min": str(self.min), "max": str(self.max)})
        return self


class ChosenBase(_Bounded):
    """The reader chooses a base within this insurance's own bounds; outside them is refused."""

    kind: Literal["chosen"]


class DeclaredBase(_Bounded):
    """The reader declares their monthly income; below min counts as min, above max as max."""

    kind: Literal["declared"]


class ReferenceWageBase(StrictModel):
    """A share of a named reference wage: everyone pays on the same base."""

    kind: Literal["reference_wage"]
    wage_name: Text
    """Which wage, e.g. 四川省2024年全口径城镇单位就业人员平均工资."""
    wage: Money
    per: Literal["month", "year"] = "month"
    """Whether `wage` is a monthly or a yearly figure (a yearly one is divided by 12)."""
    share: Rate
    """e.g. 0.80 for 80%."""
    rounding: Rounding = "cent"
    """How the source rounds the base: to the cent, or to the whole yuan."""

    @property
    def amount(self) -> Decimal:
        """The base in yuan a month, rounded half-up as the source rounds it (derived, not published)."""
        monthly = self.wage / 12 if self.per == "year" else self.wage
        step = Decimal(1) if self.rounding == "yuan" else Decimal("0.01")
        return (monthly * self.share).quantize(step, rounding=ROUND_HALF_UP)


def _kind_of(value: Any) -> str | None:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if isinstance(kind, str) else None


def _base_tag(value: Any) -> str | None:
    # Tags are not YAML keys: a tag spelled like a key ('rate') would send error locations into that key.
    kind = _kind_of(value)
    return None if kind is None else f"base-{kind}"


def _rule_tag(value: Any) -> str | None:
    kind = _kind_of(value)
    return None if kind is None else f"rule-{kind}"


BaseRule = Annotated[
    Annotated[PensionBase, Tag("base-pension")] | Annotated[ChosenBase, Tag("base-chosen")]
    | Annotated[DeclaredBase, Tag("base-declared")] | Annotated[ReferenceWageBase, Tag("base-reference_wage")],
    Discriminator(_base_tag, custom_error_type="base_kind",
                  custom_error_message="base kind must be 'pension', 'chosen', 'declared' or 'reference_wage'"),
]


class RatePart(StrictModel):
    """A named share of the rate, e.g. the serious-illness supplement inside Chengdu's 9.5%."""

    name: Text
    rate: Rate


class Fee(StrictModel):
    """A fixed monthly fee paid with the premium, e.g. Nanjing's 大病医疗救助费."""

    name: Text
    monthly: Money


class _Amount(StrictModel):
    """Exactly one of `monthly` or `yearly`."""

    monthly: Money | None = None
    yearly: Money | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> Any:
        if (self.monthly is None) == (self.yearly is None):
            raise PydanticCustomError("amount", "give exactly one of 'monthly' or 'yearly'")
        return self


class RateRule(Sourced):
    """A rate of a base, plus fixed fees."""

    kind: Literal["rate"]
    rate: Rate
    """The whole rate the reader pays, e.g. 0.095."""
    base: BaseRule
    parts: list[RatePart] = []
    """Where the source splits the rate: the parts must add up to `rate`."""
    fees: list[Fee] = []

    @model_validator(mode="after")
    def _parts_add_up(self) -> RateRule:
        if self.parts and sum((p.rate for p in self.parts), Decimal(0)) != self.rate:
            raise PydanticCustomError(
                "rate_parts", "the parts add up to {sum}, not to rate ({rate})",
                {"sum": str(sum((p.rate for p in self.parts), Decimal(0))), "rate": str(self.rate)})
        return self


class FixedRule(Sourced, _Amount):
    """One amount everyone pays."""

    kind: Literal["fixed"]


class Grade(_Amount):
    id: Slug
    name: Text


class GradesRule(Sourced):
    """A fixed list of amounts; the reader picks one."""

    kind: Literal["grades"]
    grades: list[Grade] = Field(min_length=1)
    """Cheapest first."""

    @model_validator(mode="after")
    def _unique_grades(self) -> GradesRule:
        ids = [g.id for g in self.grades]
        for grade_id in ids:
            if ids.count(grade_id) > 1:
                raise PydanticCustomError("grade_id", "duplicate grade id '{id}'", {"id": grade_id})
        return self


class NotAvailable(Sourced):
    """A source says flexible employees cannot join this insurance in this city."""

    kind: Literal["not_available"]


InsuranceRule = Annotated[
    Annotated[RateRule, Tag("rule-rate")] | Annotated[FixedRule, Tag("rule-fixed")]
    | Annotated[GradesRule, Tag("rule-grades")] | Annotated[NotAvailable, Tag("rule-not_available")],
    Discriminator(_rule_tag, custom_error_type="rule_kind",
                  custom_error_message="kind must be 'rate', 'fixed', 'grades' or 'not_available'"),
]

INSURANCES: tuple[str, ...] = ("medical", "unemployment", "work_injury")
"""The insurances a period may give a rule for, besides pension (order of display)."""
CORE_INSURANCES: tuple[str, ...] = ("pension", "medical", "unemployment")
"""Listed for every city: left out of a period, they are 'not in the guide yet'."""
