"""A city's own rules that are not figures: where to register, how and when to pay, breaks, injury
protection for platform workers, hukou.

Each rule is optional: a city that leaves one out shows "not in this guide yet" and links its bureau.
Fields are shaped for the features that read them from the JSON API: a break simulator reads
`breaks.back_payment.allowed` and `breaks.medical_waiting_months`; payment reminders (iCalendar) read
`payment.frequencies` and `payment.deadline_day`. A rule that changed on a date says so with
`valid_from` (and `valid_until` once it ends).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .base import PlainText, Slug, StrictModel, Text, Url

Frequency = Literal["monthly", "quarterly", "half_yearly", "yearly"]
"""How often a flexible employee may pay, as the source states it."""

ChannelKind = Literal["app", "mini_program", "website", "alipay", "bank_withholding", "bank_counter", "tax_office",
                      "other"]
Platform = Literal["ride_hailing", "instant_delivery", "intra_city_freight"]
"""The platform kinds of 人社部发〔2025〕24号: 出行 (ride-hailing), 外卖即时配送, 同城货运."""


def _check_phone(value: str) -> str:
    if not re.fullmatch(r"(0\d{2,3}-)?\d{5,8}", value):
        raise PydanticCustomError(
            "phone", "'{value}' is not a phone number: write the digits, with the area code and a hyphen "
            "where the source gives one (12333, 0571-12393)", {"value": value})
    return value


Phone = Annotated[str, AfterValidator(_check_phone)]


class Dated(StrictModel):
    """The sources a rule rests on and, where it changed on a date, the dates it holds."""

    sources: list[Slug] = Field(min_length=1)
    """Ids from the city's `sources` list."""
    valid_from: dt.date | None = None
    """First day the rule holds, where a source gives it."""
    valid_until: dt.date | None = None
    """Last day the rule holds, where a source gives it."""

    @field_validator("valid_until")
    @classmethod
    def _until_after_from(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("valid_from")
        if value is not None and start is not None and value < start:
            raise PydanticCustomError("period_order", "valid_until ({until}) is before valid_from ({start})",
                                      {"until": value.isoformat(), "start": start.isoformat()})
        return value


class Channel(StrictModel):
    """One way to register or pay: an app, a mini-program, a website, bank withholding, a counter."""

    kind: ChannelKind
    name: PlainText
    """As the reader finds it: 天津税务 app, 粤税通, 支付宝."""
    how: Text | None = None
    """The menu path or what to do there (服务 → 社保登记 → …)."""
    url: Url | None = None
    sources: list[Slug] = Field(min_length=1)


class PhoneLine(StrictModel):
    number: Phone
    """Digits only, with the city's area code where the source gives one."""
    text: Text
    """What the line is for."""
    sources: list[Slug] = Field(min_length=1)


class Counter(StrictModel):
    """Where to go in person. Address and hours only where an official source gives them."""

    text: Text
    address: Text | None = None
    hours: Text | None = None
    sources: list[Slug] = Field(min_length=1)


class Offices(StrictModel):
    """Where a flexible employee registers: online entrances, the counter, phone lines."""

    online: list[Channel] = []
    counter: Counter | None = None
    phones: list[PhoneLine] = []
    note: Text | None = None


class Payment(Dated):
    """How and when a flexible employee pays."""

    frequencies: list[Frequency] = []
    """Empty where no source says; a reminder then cannot be offered."""
    deadline_day: int | None = Field(default=None, ge=1, le=31)
    """Day of the month by which the month is paid (or the withholding day, see deadline_kind); empty where
    no source gives it."""
    deadline_kind: Literal["pay_by", "withholding"] | None = Field(default=None, validate_default=True)
    """pay_by: pay yourself before this day; withholding: the bank account is debited on this day."""
    channels: list[Channel] = []
    note: Text
    """The rule in plain words, including what the reader does if a deadline is missed."""

    @field_validator("deadline_kind")
    @classmethod
    def _kind_with_day(cls, value: str | None, info: ValidationInfo) -> str | None:
        if "deadline_day" not in info.data:  # the day itself was refused: one message is enough
            return value
        if (value is None) != (info.data["deadline_day"] is None):
            raise PydanticCustomError(
                "deadline_kind", "deadline_day and deadline_kind go together: give both (pay_by or withholding) "
                "or neither")
        return value


class BackPayment(StrictModel):
    """Whether months missed as a flexible employee can be paid later (补缴)."""

    allowed: bool | None
    """true or false where a source says so; null (write it) where this guide has not found the rule."""
    note: Text
    sources: list[Slug] = Field(default=[], validate_default=True)

    @field_validator("sources")
    @classmethod
    def _sourced_answer(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("allowed") is not None and not value:
            raise PydanticCustomError(
                "unsourced_rule", "allowed is {allowed} but no source says so: add sources, or write "
                "allowed: null and say in the note that the rule is not in this guide yet",
                {"allowed": str(info.data["allowed"]).lower()})
        return value


class Breaks(StrictModel):
    """What happens when a flexible employee stops or breaks payment."""

    back_payment: BackPayment
    medical_waiting_months: int | None = Field(ge=0, le=12)
    """Months without employee medical benefits after first joining or rejoining after a break; null where
    this guide has not found the rule (medical_waiting.note then says why)."""
    medical_waiting: Text
    """The waiting-period rule in plain words, or the reason it is not given."""
    medical_waiting_sources: list[Slug] = Field(default=[], validate_default=True)
    medical_grace_months: int | None = Field(default=None, ge=1, le=12)
    """A break of at most this many months carries no waiting period, where the source says so (Shanghai:
    rejoin within 3 months of losing cover). Left out where no source gives one: the break simulator then
    applies medical_waiting_months to every break. Rests on medical_waiting_sources."""
    medical_grace_needs_back_payment: bool = False
    """The grace holds only if the missed months are paid in full afterwards (Beijing: 断缴不超过3个月并足额补缴)."""
    medical_waiting_valid_from: dt.date | None = None
    """First day the waiting-period rule holds, where the source gives it (the simulator says when a break
    falls before it)."""
    stopping: Text | None = None
    """What to do when you stop (停保) or take a job, where a source gives the city's rule."""
    stopping_sources: list[Slug] = Field(default=[], validate_default=True)

    @field_validator("stopping_sources")
    @classmethod
    def _sourced_stopping(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("stopping") is not None and not value:
            raise PydanticCustomError("unsourced_rule", "stopping gives a rule but no source says so: add "
                                      "stopping_sources, or leave stopping out")
        return value

    @field_validator("medical_grace_months")
    @classmethod
    def _sourced_grace(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and not info.data.get("medical_waiting_sources"):
            raise PydanticCustomError(
                "unsourced_rule", "medical_grace_months is {months} but no source says so: add "
                "medical_waiting_sources, or leave medical_grace_months out", {"months": str(value)})
        return value

    @field_validator("medical_waiting_sources")
    @classmethod
    def _sourced_months(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("medical_waiting_months") is not None and not value:
            raise PydanticCustomError(
                "unsourced_rule", "medical_waiting_months is {months} but no source says so: add "
                "medical_waiting_sources, or write medical_waiting_months: null and give the reason in "
                "medical_waiting", {"months": str(info.data["medical_waiting_months"])})
        return value


class InjuryProtection(Dated):
    """Occupational injury protection for platform workers (职业伤害保障): the platform pays, not you."""

    since: dt.date | None
    """When it started in this city (null where no source gives the date)."""
    platforms: list[Platform] = Field(min_length=1)
    note: Text


class Hukou(Dated):
    """Whether a flexible employee without local hukou can join here, and on what condition."""

    note: Text


class LocalRules(StrictModel):
    """content/cities/<id>.yaml `local_rules`: left out rules read "not in this guide yet"."""

    offices: Offices | None = None
    payment: Payment | None = None
    breaks: Breaks | None = None
    injury_protection: InjuryProtection | None = None
    hukou: Hukou | None = None

    def source_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every source reference with its location under `local_rules`, for the cross-check."""
        refs: list[tuple[tuple[str | int, ...], str]] = []

        def add(loc: tuple[str | int, ...], ids: list[str]) -> None:
            refs.extend(((*loc, j), ref) for j, ref in enumerate(ids))

        if self.offices:
            for i, channel in enumerate(self.offices.online):
                add(("offices", "online", i, "sources"), channel.sources)
            if self.offices.counter:
                add(("offices", "counter", "sources"), self.offices.counter.sources)
            for i, phone in enumerate(self.offices.phones):
                add(("offices", "phones", i, "sources"), phone.sources)
        if self.payment:
            add(("payment", "sources"), self.payment.sources)
            for i, channel in enumerate(self.payment.channels):
                add(("payment", "channels", i, "sources"), channel.sources)
        if self.breaks:
            add(("breaks", "back_payment", "sources"), self.breaks.back_payment.sources)
            add(("breaks", "medical_waiting_sources"), self.breaks.medical_waiting_sources)
            add(("breaks", "stopping_sources"), self.breaks.stopping_sources)
        for name in ("injury_protection", "hukou"):
            rule = getattr(self, name)
            if rule:
                add((name, "sources"), rule.sources)
        return refs
