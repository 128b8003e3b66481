"""Monthly and annual premiums for one city, date and contribution base.

Each monthly item is rounded half-up to the cent on its own, because that is
how a monthly bill is issued; annual figures are the monthly ones × 12.
Every result carries the period, the figures and the sources it used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .data import City, Dataset, MedicalFixed, MedicalRate, Period, Text, load_data
from .errors import AverageWageUnavailableError, BaseOutOfRangeError, InvalidInputError
from .money import HUNDRED, ZERO, cents, money_display, money_str, parse_decimal, plain_str, rate_display
from .months import parse_day

_PERCENT = re.compile(r"^\s*(.+?)\s*[%％]\s*$")

NOT_AVAILABLE_MEDICAL: Text = {
    "zh": "该城市暂未收录灵活就业人员职工医保的有据可查的缴费规则。",
    "en": "Not available for this city yet: no sourced rule for flexible employees' employee medical insurance.",
}
NOT_AVAILABLE_UNEMPLOYMENT: Text = {
    "zh": "根据现有资料，该城市灵活就业人员不能参加失业保险。",
    "en": "According to the data, flexible employees cannot join unemployment insurance in this city.",
}


@dataclass(frozen=True)
class BaseChoice:
    """What the reader asked for: an amount, the lowest/highest base, or N% of the average wage."""

    kind: str  # "amount" | "min" | "max" | "percent"
    value: Decimal | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"kind": self.kind, "value": None if self.value is None else plain_str(self.value)}


def parse_base(value: object) -> BaseChoice:
    """Parse '7546', 7546, 'min', 'max', '100%' (refuses negatives, NaN, text)."""
    if isinstance(value, BaseChoice):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("min", "lowest", "最低"):
            return BaseChoice("min")
        if word in ("max", "highest", "最高"):
            return BaseChoice("max")
        match = _PERCENT.match(value)
        if match:
            pct = parse_decimal(match.group(1), "base %", allow_zero=False)
            return BaseChoice("percent", pct)
    return BaseChoice("amount", parse_decimal(value, "base", allow_zero=False))


def resolve_base(choice: BaseChoice, city: City, period: Period) -> Decimal:
    """Turn the reader's choice into a base in yuan, enforcing the bounds."""
    bounds = period.base
    if choice.kind == "min":
        return cents(bounds.min)
    if choice.kind == "max":
        return cents(bounds.max)
    if choice.kind == "percent":
        if bounds.average_wage is None:
            raise AverageWageUnavailableError(
                f"{city.name['zh']}在这一时期没有公布社平工资，无法按百分比选择基数；请直接输入金额，或用 min / max。",
                f"{city.name['en']} publishes no average wage for this period, so a percentage base is not possible; enter an amount, or min / max.",
                details={"city": city.id, "period": period.to_json()},
            )
        assert choice.value is not None
        base = cents(bounds.average_wage * choice.value / HUNDRED)
    else:
        assert choice.value is not None
        base = cents(choice.value)
    if base < bounds.min or base > bounds.max:
        nearest = bounds.min if base < bounds.min else bounds.max
        raise BaseOutOfRangeError(
            f"缴费基数 {money_display(base)} 超出{city.name['zh']}允许的范围 {money_display(bounds.min)}–{money_display(bounds.max)}；最接近的可选基数是 {money_display(nearest)}。",
            f"Base {money_display(base)} is outside the range allowed in {city.name['en']}: {money_display(bounds.min)}–{money_display(bounds.max)}. The nearest allowed base is {money_display(nearest)}.",
            details={
                "base": money_str(base),
                "min": money_str(bounds.min),
                "max": money_str(bounds.max),
                "nearest": money_str(nearest),
                "city": city.id,
                "period": period.to_json(),
            },
        )
    return base


@dataclass(frozen=True)
class Amounts:
    """One column of the result (monthly or annual)."""

    pension: Decimal
    pension_personal_account: Decimal
    pension_pooled: Decimal
    medical: Decimal | None
    unemployment: Decimal | None

    @property
    def total(self) -> Decimal:
        return self.pension + (self.medical or ZERO) + (self.unemployment or ZERO)

    def times(self, n: int) -> Amounts:
        return Amounts(
            self.pension * n,
            self.pension_personal_account * n,
            self.pension_pooled * n,
            None if self.medical is None else self.medical * n,
            None if self.unemployment is None else self.unemployment * n,
        )

    def to_json(self) -> dict[str, str | None]:
        return {
            "pension": money_str(self.pension),
            "pension_personal_account": money_str(self.pension_personal_account),
            "pension_pooled": money_str(self.pension_pooled),
            "medical": None if self.medical is None else money_str(self.medical),
            "unemployment": None if self.unemployment is None else money_str(self.unemployment),
            "total": money_str(self.total),
        }


@dataclass(frozen=True)
class PremiumResult:
    """Everything the page needs to show a premium and justify it."""

    city: City
    period: Period
    on: date
    base_choice: BaseChoice
    base: Decimal
    medical_base: Decimal | None
    monthly: Amounts
    medical_status: str
    medical_reason: Text | None
    unemployment_status: str
    unemployment_reason: Text | None
    formula: list[dict[str, str]]
    sources: list[dict[str, Any]]
    notes: list[Text]
    data_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def annual(self) -> Amounts:
        return self.monthly.times(12)

    def to_json(self) -> dict[str, Any]:
        b = self.period.base
        return {
            "city": self.city.to_json(),
            "date": self.on.isoformat(),
            "period": self.period.to_json(),
            "data_version": self.data_version,
            "base": money_str(self.base),
            "base_choice": self.base_choice.to_json(),
            "bounds": {
                "min": money_str(b.min),
                "max": money_str(b.max),
                "average_wage": None if b.average_wage is None else money_str(b.average_wage),
            },
            "rates": {
                "pension": plain_str(self.period.pension.rate),
                "pension_personal_account": plain_str(self.period.pension.personal_account_rate),
                "medical": (
                    plain_str(self.period.medical.rate)
                    if isinstance(self.period.medical, MedicalRate)
                    else None
                ),
                "unemployment": (
                    None if self.period.unemployment is None else plain_str(self.period.unemployment.rate)
                ),
            },
            "medical_base": None if self.medical_base is None else money_str(self.medical_base),
            "monthly": self.monthly.to_json(),
            "annual": self.annual.to_json(),
            "medical_status": self.medical_status,
            "medical_reason": self.medical_reason,
            "unemployment_status": self.unemployment_status,
            "unemployment_reason": self.unemployment_reason,
            "formula": self.formula,
            "sources": self.sources,
            "notes": self.notes,
        }


def _line(item: str, zh: str, en: str) -> dict[str, str]:
    return {"item": item, "zh": zh, "en": en}


def _medical(
    rule: MedicalRate | MedicalFixed,
    base: Decimal,
    medical_base_input: object,
    city: City,
) -> tuple[Decimal, Decimal | None, dict[str, str], list[Text]]:
    """Medical premium, the medical base used, its formula line and any notes."""
    notes: list[Text] = []
    if isinstance(rule, MedicalFixed):
        if medical_base_input is not None:
            raise _no_separate_medical_base(city)
        amount = cents(rule.monthly)
        return amount, None, _line(
            "medical",
            f"医疗保险：每月固定金额 {money_display(amount)}",
            f"Medical: fixed monthly amount {money_display(amount)}",
        ), notes
    if rule.base_kind == "pension":
        if medical_base_input is not None:
            raise _no_separate_medical_base(city)
        mbase = base
        how_zh, how_en = "（与养老保险同一基数）", " (same base as pension)"
    elif rule.base_kind == "fixed":
        if medical_base_input is not None:
            raise _no_separate_medical_base(city)
        assert rule.fixed_base is not None
        mbase = cents(rule.fixed_base)
        how_zh, how_en = "（固定的医保缴费基数）", " (fixed medical base)"
    else:
        assert rule.base_min is not None and rule.base_max is not None
        lo, hi = rule.base_min, rule.base_max
        if medical_base_input is not None:
            wanted = cents(parse_decimal(medical_base_input, "medical_base", allow_zero=False))
            if wanted < lo or wanted > hi:
                nearest = lo if wanted < lo else hi
                raise BaseOutOfRangeError(
                    f"医保缴费基数 {money_display(wanted)} 超出允许范围 {money_display(lo)}–{money_display(hi)}；最接近的可选基数是 {money_display(nearest)}。",
                    f"Medical base {money_display(wanted)} is outside the allowed range {money_display(lo)}–{money_display(hi)}. The nearest allowed base is {money_display(nearest)}.",
                    details={"field": "medical_base", "base": money_str(wanted), "min": money_str(lo), "max": money_str(hi), "nearest": money_str(nearest)},
                )
            mbase = wanted
            notes.append({
                "zh": f"医保基数单独申报（范围 {money_display(lo)}–{money_display(hi)}），这里用的是你填写的 {money_display(mbase)}。",
                "en": f"The medical base is declared separately (range {money_display(lo)}–{money_display(hi)}); this uses the {money_display(mbase)} you entered.",
            })
        else:
            mbase = cents(min(max(base, lo), hi))
            clamped = mbase != base
            notes.append({
                "zh": (
                    f"医保基数单独申报，范围 {money_display(lo)}–{money_display(hi)}。这里用你的养老基数"
                    + (f"，并调整到该范围内：{money_display(mbase)}。" if clamped else f"：{money_display(mbase)}。")
                ),
                "en": (
                    f"The medical base is declared separately, within {money_display(lo)}–{money_display(hi)}. This uses your pension base"
                    + (f", moved into that range: {money_display(mbase)}." if clamped else f": {money_display(mbase)}.")
                ),
            })
        how_zh, how_en = "（医保缴费基数）", " (medical base)"
    amount = cents(mbase * rule.rate)
    return amount, mbase, _line(
        "medical",
        f"医疗保险：{money_display(mbase)}{how_zh} × {rate_display(rule.rate)} = {money_display(amount)}",
        f"Medical: {money_display(mbase)}{how_en} × {rate_display(rule.rate)} = {money_display(amount)}",
    ), notes


def _no_separate_medical_base(city: City) -> InvalidInputError:
    return InvalidInputError(
        f"{city.name['zh']}的医保缴费不需要单独申报基数。",
        f"{city.name['en']} has no separately declared medical base.",
        code="medical_base_not_applicable",
        details={"city": city.id},
    )


def calculate_premiums(
    data: Dataset | dict[str, Any],
    city_id: str,
    base: object,
    on: date | str | None = None,
    *,
    medical_base: object = None,
) -> PremiumResult:
    """Premiums for ``city_id`` at ``base`` ('7546', 'min', 'max', '100%') on ``on`` (default today)."""
    dataset = load_data(data)
    city = dataset.city(city_id)
    day = date.today() if on is None else parse_day(on, "date")
    period = city.period_on(day)
    choice = parse_base(base)
    amount = resolve_base(choice, city, period)
    return _compute(dataset, city, period, day, choice, amount, medical_base)


def _compute(
    dataset: Dataset,
    city: City,
    period: Period,
    day: date,
    choice: BaseChoice,
    base: Decimal,
    medical_base_input: object = None,
) -> PremiumResult:
    rule = period.pension
    pension = cents(base * rule.rate)
    personal = cents(base * rule.personal_account_rate)
    pooled = pension - personal
    formula: list[dict[str, str]] = []
    notes: list[Text] = [dict(n) for n in period.notes]
    used: list[str] = list(period.base.sources) + list(rule.sources)

    if choice.kind == "percent":
        assert period.base.average_wage is not None and choice.value is not None
        pct = plain_str(choice.value)
        formula.append(_line(
            "base",
            f"缴费基数：社平工资 {money_display(period.base.average_wage)} × {pct}% = {money_display(base)}",
            f"Base: average wage {money_display(period.base.average_wage)} × {pct}% = {money_display(base)}",
        ))
    formula.append(_line(
        "pension",
        f"养老保险：{money_display(base)} × {rate_display(rule.rate)} = {money_display(pension)}"
        f"（其中个人账户 {money_display(base)} × {rate_display(rule.personal_account_rate)} = {money_display(personal)}，"
        f"统筹基金 {money_display(pension)} − {money_display(personal)} = {money_display(pooled)}）",
        f"Pension: {money_display(base)} × {rate_display(rule.rate)} = {money_display(pension)}"
        f" (personal account {money_display(base)} × {rate_display(rule.personal_account_rate)} = {money_display(personal)};"
        f" pooled fund {money_display(pension)} − {money_display(personal)} = {money_display(pooled)})",
    ))

    medical: Decimal | None = None
    medical_base_used: Decimal | None = None
    if period.medical is None:
        if medical_base_input is not None:
            raise _no_separate_medical_base(city)
        medical_status, medical_reason = "not_available", NOT_AVAILABLE_MEDICAL
        notes.append(NOT_AVAILABLE_MEDICAL)
    else:
        medical, medical_base_used, line, extra_notes = _medical(period.medical, base, medical_base_input, city)
        formula.append(line)
        notes.extend(extra_notes)
        used.extend(period.medical.sources)
        medical_status, medical_reason = "included", None

    unemployment: Decimal | None = None
    if period.unemployment is None:
        unemployment_status, unemployment_reason = "not_available", NOT_AVAILABLE_UNEMPLOYMENT
    else:
        unemployment = cents(base * period.unemployment.rate)
        formula.append(_line(
            "unemployment",
            f"失业保险：{money_display(base)} × {rate_display(period.unemployment.rate)} = {money_display(unemployment)}",
            f"Unemployment: {money_display(base)} × {rate_display(period.unemployment.rate)} = {money_display(unemployment)}",
        ))
        used.extend(period.unemployment.sources)
        unemployment_status, unemployment_reason = "included", None

    monthly = Amounts(pension, personal, pooled, medical, unemployment)
    parts = [pension] + [x for x in (medical, unemployment) if x is not None]
    sum_text = " + ".join(money_display(x) for x in parts)
    total = monthly.total
    formula.append(_line(
        "total",
        f"每月合计：{sum_text} = {money_display(total)}；全年：{money_display(total)} × 12 = {money_display(total * 12)}",
        f"Monthly total: {sum_text} = {money_display(total)}; per year: {money_display(total)} × 12 = {money_display(total * 12)}",
    ))

    seen: list[str] = []
    for sid in used:
        if sid not in seen:
            seen.append(sid)
    sources = [city.sources[sid].to_json() for sid in seen]
    return PremiumResult(
        city=city,
        period=period,
        on=day,
        base_choice=choice,
        base=base,
        medical_base=medical_base_used,
        monthly=monthly,
        medical_status=medical_status,
        medical_reason=medical_reason,
        unemployment_status=unemployment_status,
        unemployment_reason=unemployment_reason,
        formula=formula,
        sources=sources,
        notes=notes,
        data_version=dataset.data_version,
    )


LEVEL_LABELS: dict[str, Text] = {
    "min": {"zh": "最低基数", "en": "Lowest base"},
    "average": {"zh": "社平工资（100%）", "en": "Average wage (100%)"},
    "max": {"zh": "最高基数", "en": "Highest base"},
}


@dataclass(frozen=True)
class ReferenceTable:
    """Premiums at the lowest base, the average wage (if published) and the highest base."""

    rows: list[tuple[str, PremiumResult]]
    city: City
    period: Period
    on: date
    data_version: str | None

    def to_json(self) -> dict[str, Any]:
        sources: list[dict[str, Any]] = []
        notes: list[Text] = []
        for _, result in self.rows:
            for s in result.sources:
                if s not in sources:
                    sources.append(s)
            for n in result.notes:
                if n not in notes:
                    notes.append(n)
        first = self.rows[0][1] if self.rows else None
        return {
            "city": self.city.to_json(),
            "date": self.on.isoformat(),
            "period": self.period.to_json(),
            "data_version": self.data_version,
            "medical_status": first.medical_status if first else None,
            "medical_reason": first.medical_reason if first else None,
            "unemployment_status": first.unemployment_status if first else None,
            "unemployment_reason": first.unemployment_reason if first else None,
            "rows": [
                {
                    "level": level,
                    "label": LEVEL_LABELS[level],
                    "base": money_str(result.base),
                    "medical_base": None if result.medical_base is None else money_str(result.medical_base),
                    "monthly": result.monthly.to_json(),
                    "annual": result.annual.to_json(),
                    "formula": result.formula,
                }
                for level, result in self.rows
            ],
            "sources": sources,
            "notes": notes,
        }


def reference_table(data: Dataset | dict[str, Any], city_id: str, on: date | str | None = None) -> ReferenceTable:
    """The three reference rows; the average-wage row only where one is published."""
    dataset = load_data(data)
    city = dataset.city(city_id)
    day = date.today() if on is None else parse_day(on, "date")
    period = city.period_on(day)
    rows: list[tuple[str, PremiumResult]] = []
    for level, choice in (("min", BaseChoice("min")), ("average", BaseChoice("percent", Decimal(100)))):
        if level == "average" and period.base.average_wage is None:
            continue
        base = resolve_base(choice, city, period)
        rows.append((level, _compute(dataset, city, period, day, choice, base)))
    rows.append(("max", _compute(dataset, city, period, day, BaseChoice("max"), resolve_base(BaseChoice("max"), city, period))))
    return ReferenceTable(rows, city, period, day, dataset.data_version)
