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

from pydantic import AfterValidator, Discriminator, Field, Tag, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .base import Money, PlainText, Rate, Slug, StrictModel

Rounding = Literal["cent", "yuan"]


def _check_positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise PydanticCustomError("amount_positive", "an amount in a rule must be above 0, got {value}",
                                  {"value": str(value)})
    return value


Amount = Annotated[Money, AfterValidator(_check_positive)]
"""Money above 0: a rule's bounds, wages, fixed amounts, grades and fees (0 would be a typo)."""


class Sourced(StrictModel):
    """Mixin: a group of figures and the sources they come from."""

    sources: list[Slug] = Field(min_length=1)
    """Ids from the city's `sources` list. Every figure must have at least one."""


class PensionBase(StrictModel):
    """The same base the reader chose for pension, within the pension bounds."""

    kind: Literal["pension"]


# Checks that span fields are field validators, not model validators: inside a union a model
# validator's error location ends in the union tag, which is no YAML key (see yaml_source.locate).


class _Bounded(StrictModel):
    min: Amount
    max: Amount

    @field_validator("max")
    @classmethod
    def _min_below_max(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        low = info.data.get("min")
        if low is not None and low > value:
            raise PydanticCustomError("bounds", "min ({min}) is above max ({max})",
                                      {"min": str(low), "max": str(value)})
        return value


class ChosenBase(_Bounded):
    """The reader chooses a base within this insurance's own bounds; outside them is refused."""

    kind: Literal["chosen"]


class DeclaredBase(_Bounded):
    """The reader declares their monthly income; below min counts as min, above max as max."""

    kind: Literal["declared"]


class ReferenceWageBase(StrictModel):
    """A share of a named reference wage: everyone pays on the same base."""

    kind: Literal["reference_wage"]
    wage_name: PlainText
    """Which wage, e.g. 四川省2024年全口径城镇单位就业人员平均工资."""
    wage: Amount
    per: Literal["month", "year"] = "month"
    """Whether `wage` is a monthly or a yearly figure (a yearly one is divided by 12)."""
    share: Annotated[Rate, AfterValidator(_check_positive)]
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

    name: PlainText
    rate: Rate


class Fee(StrictModel):
    """A fixed monthly fee paid with the premium, e.g. Nanjing's 大病医疗救助费."""

    name: PlainText
    monthly: Amount


class _Amount(StrictModel):
    """Exactly one of `monthly` or `yearly`."""

    monthly: Amount | None = None
    yearly: Amount | None = Field(None, validate_default=True)

    @field_validator("yearly")
    @classmethod
    def _one_amount(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        if (info.data.get("monthly") is None) == (value is None):
            raise PydanticCustomError("amount", "give exactly one of 'monthly' or 'yearly'")
        return value


class RateRule(Sourced):
    """A rate of a base, plus fixed fees."""

    kind: Literal["rate"]
    rate: Rate
    """The whole rate the reader pays, e.g. 0.095."""
    base: BaseRule
    parts: list[RatePart] = []
    """Where the source splits the rate: the parts must add up to `rate`."""
    parts_billed_separately: bool = False
    """True where the source works out (and rounds) each part on its own, e.g. Chengdu's Q&A: 526.31
    basic + 45.11 serious illness; false where the whole rate is applied once (Hangzhou's 9.5%)."""
    fees: list[Fee] = []

    @field_validator("parts")
    @classmethod
    def _parts_add_up(cls, parts: list[RatePart], info: ValidationInfo) -> list[RatePart]:
        rate = info.data.get("rate")
        total = sum((p.rate for p in parts), Decimal(0))
        if parts and rate is not None and total != rate:
            raise PydanticCustomError("rate_parts", "the parts add up to {sum}, not to rate ({rate})",
                                      {"sum": str(total), "rate": str(rate)})
        return parts


class FixedRule(Sourced, _Amount):
    """One amount everyone pays."""

    kind: Literal["fixed"]


class Grade(_Amount):
    id: Slug
    name: PlainText


class GradesRule(Sourced):
    """A fixed list of amounts; the reader picks one."""

    kind: Literal["grades"]
    grades: list[Grade] = Field(min_length=1)
    """Cheapest first."""

    @field_validator("grades")
    @classmethod
    def _unique_grades(cls, grades: list[Grade]) -> list[Grade]:
        ids = [g.id for g in grades]
        for grade_id in ids:
            if ids.count(grade_id) > 1:
                raise PydanticCustomError("grade_id", "duplicate grade id '{id}'", {"id": grade_id})
        return grades


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
