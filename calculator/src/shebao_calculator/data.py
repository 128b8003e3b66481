"""Typed, validated view of the plain data exported at build time.

The engine receives a dict (parsed JSON). It checks the shape once here so
that the calculation modules can trust every figure, and so that an export
bug shows up as a clear ``DataError`` naming the faulty path instead of a
wrong premium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Mapping, Sequence, TypeVar, Union

from .errors import DataError, NoPeriodError, UnknownCityError

Text = dict[str, str]  # {"zh": ..., "en": ...}

_NUMBER = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Source:
    """Where a figure comes from; passed through to every result."""

    id: str
    title: Text | None
    url: str | None
    document_number: str | None
    checked_on: str | None
    confidence: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "document_number": self.document_number,
            "checked_on": self.checked_on,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class BaseBounds:
    """The pension contribution-base bounds (and average wage, if published)."""

    min: Decimal
    max: Decimal
    average_wage: Decimal | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PensionRule:
    rate: Decimal
    personal_account_rate: Decimal
    sources: tuple[str, ...]


@dataclass(frozen=True)
class BaseRule:
    """How an insurance's base is set (see macros/content/rules.py for the kinds).

    kind "pension": the reader's pension base; "chosen": the reader picks within ``min``..``max``;
    "declared": the reader's declared income moved into ``min``..``max``; "reference_wage": ``share``
    of a named wage, the same for everyone (``fixed_base``).
    """

    kind: str
    min: Decimal | None = None
    max: Decimal | None = None
    wage_name: Text | None = None
    wage: Decimal | None = None
    per: str = "month"
    share: Decimal | None = None
    rounding: str = "cent"

    @property
    def fixed_base(self) -> Decimal | None:
        """The reference-wage base, rounded as the source rounds it."""
        if self.kind != "reference_wage":
            return None
        assert self.wage is not None and self.share is not None
        monthly = self.wage / 12 if self.per == "year" else self.wage
        step = Decimal(1) if self.rounding == "yuan" else Decimal("0.01")
        return (monthly * self.share).quantize(step, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RatePart:
    name: Text
    rate: Decimal


@dataclass(frozen=True)
class Fee:
    name: Text
    monthly: Decimal


@dataclass(frozen=True)
class RateRule:
    """Premium = rate (or the sum of its parts, each rounded) × base, plus fixed monthly fees."""

    rate: Decimal
    base: BaseRule
    parts: tuple[RatePart, ...]
    fees: tuple[Fee, ...]
    sources: tuple[str, ...]
    parts_billed_separately: bool = False
    """Each part worked out and rounded on its own (else the whole rate once; parts only describe it)."""
    kind: str = "rate"


@dataclass(frozen=True)
class Grade:
    id: str
    name: Text
    monthly: Decimal | None
    yearly: Decimal | None


@dataclass(frozen=True)
class FixedRule:
    """One amount a month (``monthly``) or a year (``yearly``)."""

    monthly: Decimal | None
    yearly: Decimal | None
    sources: tuple[str, ...]
    kind: str = "fixed"


@dataclass(frozen=True)
class GradesRule:
    """A fixed list of amounts; the reader picks one."""

    grades: tuple[Grade, ...]
    sources: tuple[str, ...]
    kind: str = "grades"


@dataclass(frozen=True)
class NotAvailable:
    """A source says flexible employees cannot join this insurance here."""

    sources: tuple[str, ...]
    kind: str = "not_available"


Rule = Union[RateRule, FixedRule, GradesRule, NotAvailable]
INSURANCES: tuple[str, ...] = ("medical", "unemployment", "work_injury")
"""Insurances a period may give a rule for, besides pension (in display order)."""
CORE_INSURANCES: tuple[str, ...] = ("pension", "medical", "unemployment")
"""Shown for every city: a period that leaves one out has it 'not in the guide yet'."""


@dataclass(frozen=True)
class Period:
    """One set of figures in force from ``valid_from`` to ``valid_until`` (inclusive)."""

    valid_from: date
    valid_until: date | None
    base: BaseBounds
    pension: PensionRule
    rules: Mapping[str, Rule]
    """Rules for the insurances in INSURANCES that the period gives (absent: not in the guide yet)."""
    notes: tuple[Text, ...]

    @property
    def medical(self) -> Rule | None:
        return self.rules.get("medical")

    @property
    def unemployment(self) -> Rule | None:
        return self.rules.get("unemployment")

    def offered(self) -> tuple[str, ...]:
        """The insurances this city's bill lists: the core ones, plus any other the period has a rule for."""
        return CORE_INSURANCES + tuple(i for i in INSURANCES if i not in CORE_INSURANCES and i in self.rules)

    def to_json(self) -> dict[str, str | None]:
        return {
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
        }


@dataclass(frozen=True)
class Office:
    """A bureau the reader is sent to where a rule is not in the guide yet."""

    name: Text
    url: str

    def to_json(self) -> dict[str, Any]:
        return {"name": dict(self.name), "url": self.url}


@dataclass(frozen=True)
class BackPayment:
    """Whether missed months can be paid later (补缴): True/False from a source, None where not found."""

    allowed: bool | None
    note: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class BreakRules:
    """What a break costs in this city (content local_rules.breaks), as the break simulator reads it."""

    back_payment: BackPayment
    medical_waiting_months: int | None
    """None: the guide has not found the rule (``medical_waiting`` says why)."""
    medical_waiting: Text
    medical_waiting_sources: tuple[str, ...]
    medical_grace_months: int | None = None
    """A break of at most this many months carries no waiting period (where a source says so)."""
    medical_grace_needs_back_payment: bool = False
    medical_waiting_valid_from: date | None = None


@dataclass(frozen=True)
class City:
    id: str
    name: Text
    sources: Mapping[str, Source]
    periods: tuple[Period, ...]
    bureau: Office | None = None
    """The social insurance bureau; None only in hand-made test data."""
    healthcare_bureau: Office | None = None
    breaks: BreakRules | None = None
    """None: the guide has no break rules for this city yet."""

    def period_on(self, day: date) -> Period:
        """The period in force on ``day``; otherwise a NoPeriodError listing them."""
        period = in_force(self.periods, day)
        if period is not None:
            return period
        existing = [p.to_json() for p in self.periods]
        listing = "; ".join(
            f"{p['valid_from']} – {p['valid_until'] or '…'}" for p in existing
        ) or "—"
        raise NoPeriodError(
            f"{self.name['zh']}在 {day.isoformat()} 没有生效的缴费标准。已有的时期：{listing}。",
            f"{self.name['en']} has no figures in force on {day.isoformat()}. Periods available: {listing}.",
            details={"city": self.id, "date": day.isoformat(), "periods": existing},
        )

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": dict(self.name)}


@dataclass(frozen=True)
class Dataset:
    data_version: str | None
    cities: Mapping[str, City]
    messages: Mapping[str, Text] = field(default_factory=dict)
    """The reader-facing wording (content/ui.yaml `bill-*` keys) the engine's formula lines use."""

    def city(self, city_id: object) -> City:
        """Look a city up by id; unknown ids list the known ones."""
        if isinstance(city_id, str):
            for key in (city_id, city_id.strip(), city_id.strip().lower()):
                if key in self.cities:
                    return self.cities[key]
        known = sorted(self.cities)
        raise UnknownCityError(
            f"未知城市“{city_id}”。可选：{', '.join(known)}。",
            f"Unknown city '{city_id}'. Known cities: {', '.join(known)}.",
            details={"city": str(city_id), "known_cities": known},
        )


P = TypeVar("P")


def in_force(periods: Sequence[P], day: date) -> P | None:
    """The one place that decides which period applies on ``day`` (engine, pages, API, print sheet).

    Works on anything with ``valid_from`` and ``valid_until`` (last day in force, None while open).
    """
    for period in periods:
        start, end = getattr(period, "valid_from"), getattr(period, "valid_until")
        if start <= day and (end is None or day <= end):
            return period
    return None


def shown_on(periods: Sequence[P], day: date) -> tuple[P, date]:
    """The period a page shows as current on ``day``, and the date whose figures that means.

    The period in force; where none is (figures not yet renewed), the latest one, at its first day.
    """
    period = in_force(periods, day)
    if period is not None:
        return period, day
    latest = periods[-1]
    return latest, getattr(latest, "valid_from")


# --------------------------------------------------------------------------
# validation helpers


def _fail(path: str, zh: str, en: str) -> DataError:
    return DataError(
        f"数据错误（{path}）：{zh}",
        f"Invalid data at {path}: {en}",
        details={"path": path},
    )


def _obj(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, "应为对象。", "expected an object.")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(path, "应为列表。", "expected a list.")
    return value


def _str(value: Any, path: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, "应为非空字符串。", "expected a non-empty string.")
    return value


def _text(value: Any, path: str) -> Text:
    obj = _obj(value, path)
    return {"zh": _str(obj.get("zh"), f"{path}.zh") or "", "en": _str(obj.get("en"), f"{path}.en") or ""}


def _number(value: Any, path: str, *, positive: bool = False) -> Decimal:
    """Money and rates are decimal strings (ints tolerated, floats refused)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _fail(path, "应为十进制数字字符串，例如 \"7460\"。", "expected a decimal string such as \"7460\".")
    text = str(value).strip()
    if not _NUMBER.match(text):
        raise _fail(path, f"“{value}”不是非负十进制数。", f"'{value}' is not a non-negative decimal number.")
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - regex already guards
        raise _fail(path, "无法解析数字。", "cannot parse number.") from None
    if positive and number <= 0:
        raise _fail(path, "必须大于 0。", "must be greater than 0.")
    return number


def _rate(value: Any, path: str) -> Decimal:
    rate = _number(value, path)
    if not rate <= 1:  # as content's Rate (macros/content/base.py): a fraction from 0 to 1
        raise _fail(path, "费率不能大于 1（例如 0.20）。", "a rate cannot be above 1 (e.g. 0.20).")
    return rate


def _date(value: Any, path: str, *, optional: bool = False) -> date | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _fail(path, "应为 ISO 日期字符串。", "expected an ISO date string.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(path, f"“{value}”不是有效日期。", f"'{value}' is not a valid date.") from None


def _source_ids(value: Any, path: str, known: Mapping[str, Source]) -> tuple[str, ...]:
    ids = []
    for i, item in enumerate(_list(value, path)):
        sid = _str(item, f"{path}[{i}]") or ""
        if sid not in known:
            raise _fail(f"{path}[{i}]", f"未定义的来源“{sid}”。", f"unknown source id '{sid}'.")
        ids.append(sid)
    if not ids:
        raise _fail(path, "每个数字都必须有来源。", "every figure needs at least one source.")
    return tuple(ids)


def _source(sid: str, value: Any, path: str) -> Source:
    obj = _obj(value, path)
    title = obj.get("title")
    return Source(
        id=sid,
        title=_text(title, f"{path}.title") if title is not None else None,
        url=_str(obj.get("url"), f"{path}.url", optional=True),
        document_number=_str(obj.get("document_number"), f"{path}.document_number", optional=True),
        checked_on=_str(obj.get("checked_on"), f"{path}.checked_on", optional=True),
        confidence=_str(obj.get("confidence"), f"{path}.confidence", optional=True),
    )


def _bounds(obj: Mapping[str, Any], path: str) -> tuple[Decimal, Decimal]:
    lo = _number(obj.get("min"), f"{path}.min", positive=True)
    hi = _number(obj.get("max"), f"{path}.max", positive=True)
    if lo > hi:
        raise _fail(path, "下限大于上限。", "min is greater than max.")
    return lo, hi


def _base_rule(value: Any, path: str) -> BaseRule:
    obj = _obj(value, path)
    kind = obj.get("kind")
    if kind == "pension":
        return BaseRule("pension")
    if kind in ("chosen", "declared"):
        lo, hi = _bounds(obj, path)
        return BaseRule(kind, min=lo, max=hi)
    if kind == "reference_wage":
        per = obj.get("per", "month")
        rounding = obj.get("rounding", "cent")
        if per not in ("month", "year"):
            raise _fail(f"{path}.per", "应为 \"month\" 或 \"year\"。", "expected \"month\" or \"year\".")
        if rounding not in ("cent", "yuan"):
            raise _fail(f"{path}.rounding", "应为 \"cent\" 或 \"yuan\"。", "expected \"cent\" or \"yuan\".")
        share = _number(obj.get("share"), f"{path}.share", positive=True)
        if share > 1:
            raise _fail(f"{path}.share", "比例不能大于 1。", "a share cannot be above 1.")
        return BaseRule("reference_wage", wage_name=_text(obj.get("wage_name"), f"{path}.wage_name"),
                        wage=_number(obj.get("wage"), f"{path}.wage", positive=True), per=per, share=share,
                        rounding=rounding)
    raise _fail(f"{path}.kind", "应为 pension、chosen、declared 或 reference_wage。",
                "expected pension, chosen, declared or reference_wage.")


def _amount(obj: Mapping[str, Any], path: str) -> tuple[Decimal | None, Decimal | None]:
    monthly, yearly = obj.get("monthly"), obj.get("yearly")
    if (monthly is None) == (yearly is None):
        raise _fail(path, "monthly 和 yearly 必须且只能有一个。", "give exactly one of monthly or yearly.")
    if monthly is not None:
        return _number(monthly, f"{path}.monthly", positive=True), None
    return None, _number(yearly, f"{path}.yearly", positive=True)


def _rule(value: Any, path: str, sources: Mapping[str, Source]) -> Rule:
    obj = _obj(value, path)
    kind = obj.get("kind")
    src = _source_ids(obj.get("sources"), f"{path}.sources", sources)
    if kind == "not_available":
        return NotAvailable(src)
    if kind == "fixed":
        monthly, yearly = _amount(obj, path)
        return FixedRule(monthly, yearly, src)
    if kind == "grades":
        grades = []
        for i, g in enumerate(_list(obj.get("grades"), f"{path}.grades")):
            gpath = f"{path}.grades[{i}]"
            gobj = _obj(g, gpath)
            monthly, yearly = _amount(gobj, gpath)
            grades.append(Grade(_str(gobj.get("id"), f"{gpath}.id") or "", _text(gobj.get("name"), f"{gpath}.name"),
                                monthly, yearly))
        if not grades:
            raise _fail(f"{path}.grades", "至少要有一个档次。", "needs at least one grade.")
        if len({g.id for g in grades}) != len(grades):
            raise _fail(f"{path}.grades", "档次 id 重复。", "duplicate grade id.")
        return GradesRule(tuple(grades), src)
    if kind != "rate":
        raise _fail(f"{path}.kind", "应为 rate、fixed、grades 或 not_available。",
                    "expected rate, fixed, grades or not_available.")
    rate = _rate(obj.get("rate"), f"{path}.rate")
    parts = tuple(
        RatePart(_text(_obj(p, f"{path}.parts[{i}]").get("name"), f"{path}.parts[{i}].name"),
                 _rate(p.get("rate"), f"{path}.parts[{i}].rate"))
        for i, p in enumerate(_list(obj.get("parts") or [], f"{path}.parts")))
    if parts and sum((p.rate for p in parts), Decimal(0)) != rate:
        raise _fail(f"{path}.parts", "各部分费率之和不等于 rate。", "the parts do not add up to rate.")
    fees = tuple(
        Fee(_text(_obj(f, f"{path}.fees[{i}]").get("name"), f"{path}.fees[{i}].name"),
            _number(f.get("monthly"), f"{path}.fees[{i}].monthly", positive=True))
        for i, f in enumerate(_list(obj.get("fees") or [], f"{path}.fees")))
    separately = obj.get("parts_billed_separately", False)
    if not isinstance(separately, bool):
        raise _fail(f"{path}.parts_billed_separately", "应为 true 或 false。", "expected true or false.")
    return RateRule(rate, _base_rule(obj.get("base"), f"{path}.base"), parts, fees, src, separately)


def _period(value: Any, path: str, sources: Mapping[str, Source]) -> Period:
    obj = _obj(value, path)
    start = _date(obj.get("valid_from"), f"{path}.valid_from")
    end = _date(obj.get("valid_until"), f"{path}.valid_until", optional=True)
    assert start is not None
    if end is not None and end < start:
        raise _fail(f"{path}.valid_until", "早于 valid_from。", "is before valid_from.")

    b = _obj(obj.get("base"), f"{path}.base")
    lo = _number(b.get("min"), f"{path}.base.min", positive=True)
    hi = _number(b.get("max"), f"{path}.base.max", positive=True)
    if lo > hi:
        raise _fail(f"{path}.base", "下限大于上限。", "min is greater than max.")
    avg_raw = b.get("average_wage")
    avg = None if avg_raw is None else _number(avg_raw, f"{path}.base.average_wage", positive=True)
    bounds = BaseBounds(lo, hi, avg, _source_ids(b.get("sources"), f"{path}.base.sources", sources))

    p = _obj(obj.get("pension"), f"{path}.pension")
    rate = _rate(p.get("rate"), f"{path}.pension.rate")
    par = _rate(p.get("personal_account_rate"), f"{path}.pension.personal_account_rate")
    if par > rate:
        raise _fail(f"{path}.pension", "个人账户比例大于总费率。", "personal_account_rate exceeds rate.")
    pension = PensionRule(rate, par, _source_ids(p.get("sources"), f"{path}.pension.sources", sources))

    rules = {name: _rule(obj[name], f"{path}.{name}", sources)
             for name in INSURANCES if obj.get(name) is not None}
    notes_raw = obj.get("notes") or []
    notes = tuple(_text(n, f"{path}.notes[{i}]") for i, n in enumerate(_list(notes_raw, f"{path}.notes")))
    return Period(start, end, bounds, pension, rules, notes)


def _city(value: Any, path: str) -> City:
    obj = _obj(value, path)
    cid = _str(obj.get("id"), f"{path}.id") or ""
    src_raw = _obj(obj.get("sources", {}), f"{path}.sources")
    sources = {sid: _source(sid, s, f"{path}.sources.{sid}") for sid, s in src_raw.items()}
    periods = tuple(
        sorted(
            (_period(p, f"{path}.periods[{i}]", sources) for i, p in enumerate(_list(obj.get("periods"), f"{path}.periods"))),
            key=lambda p: p.valid_from,
        )
    )
    for earlier, later in zip(periods, periods[1:]):
        if earlier.valid_until is None or earlier.valid_until >= later.valid_from:
            raise _fail(
                f"{path}.periods",
                f"时期重叠：{earlier.valid_from} 与 {later.valid_from}。",
                f"periods overlap: {earlier.valid_from} and {later.valid_from}.",
            )
    return City(cid, _text(obj.get("name"), f"{path}.name"), sources, periods,
                bureau=_office(obj.get("bureau"), f"{path}.bureau"),
                healthcare_bureau=_office(obj.get("healthcare_bureau"), f"{path}.healthcare_bureau"),
                breaks=_breaks(obj.get("breaks"), f"{path}.breaks", sources))


def _office(value: Any, path: str) -> Office | None:
    if value is None:
        return None
    obj = _obj(value, path)
    return Office(_text(obj.get("name"), f"{path}.name"), _str(obj.get("url"), f"{path}.url") or "")


def _ids(value: Any, path: str, known: Mapping[str, Source]) -> tuple[str, ...]:
    """Source ids that may be empty (a rule the guide has not found names none)."""
    return _source_ids(value, path, known) if value else ()


def _optional_int(value: Any, path: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(path, f"应为 {low}–{high} 之间的整数。", f"expected a whole number from {low} to {high}.")
    return value


def _breaks(value: Any, path: str, sources: Mapping[str, Source]) -> BreakRules | None:
    if value is None:
        return None
    obj = _obj(value, path)
    bp = _obj(obj.get("back_payment"), f"{path}.back_payment")
    allowed = bp.get("allowed")
    if allowed is not None and not isinstance(allowed, bool):
        raise _fail(f"{path}.back_payment.allowed", "应为 true、false 或 null。", "expected true, false or null.")
    back = BackPayment(allowed, _text(bp.get("note"), f"{path}.back_payment.note"),
                       _ids(bp.get("sources"), f"{path}.back_payment.sources", sources))
    if allowed is not None and not back.sources:
        raise _fail(f"{path}.back_payment.sources", "有结论就必须有来源。", "an answer needs its sources.")
    months = _optional_int(obj.get("medical_waiting_months"), f"{path}.medical_waiting_months", 0, 12)
    grace = _optional_int(obj.get("medical_grace_months"), f"{path}.medical_grace_months", 1, 12)
    waiting_sources = _ids(obj.get("medical_waiting_sources"), f"{path}.medical_waiting_sources", sources)
    if (months is not None or grace is not None) and not waiting_sources:
        raise _fail(f"{path}.medical_waiting_sources", "等待期需要来源。", "the waiting period needs its sources.")
    needs = obj.get("medical_grace_needs_back_payment", False)
    if not isinstance(needs, bool):
        raise _fail(f"{path}.medical_grace_needs_back_payment", "应为 true 或 false。", "expected true or false.")
    return BreakRules(back, months, _text(obj.get("medical_waiting"), f"{path}.medical_waiting"), waiting_sources,
                      grace, needs, _date(obj.get("medical_waiting_valid_from"), f"{path}.medical_waiting_valid_from",
                                          optional=True))


def load_data(raw: Any) -> Dataset:
    """Validate the plain data dict and return a typed ``Dataset``.

    Unknown keys are ignored so the exporter can add fields without breaking
    the engine; anything the engine relies on is checked.
    """
    if isinstance(raw, Dataset):
        return raw
    root = _obj(raw, "$")
    version = root.get("data_version")
    cities: dict[str, City] = {}
    for i, c in enumerate(_list(root.get("cities"), "$.cities")):
        city = _city(c, f"$.cities[{i}]")
        if city.id in cities:
            raise _fail(f"$.cities[{i}].id", f"城市 id 重复：{city.id}。", f"duplicate city id '{city.id}'.")
        cities[city.id] = city
    messages_raw = _obj(root.get("messages") or {}, "$.messages")
    messages = {key: _text(value, f"$.messages.{key}") for key, value in messages_raw.items()}
    return Dataset(str(version) if version is not None else None, cities, messages)
