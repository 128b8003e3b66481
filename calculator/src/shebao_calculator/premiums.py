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
from typing import Any, Mapping

from .bill import COMPUTED, NOT_AVAILABLE, NOT_IN_GUIDE, Choice, Line, line_for
from .data import City, Dataset, Period, Text, load_data
from .errors import AverageWageUnavailableError, BaseOutOfRangeError
from .money import HUNDRED, ZERO, cents, money_display, money_str, parse_decimal, plain_str, rate_display
from .months import parse_day
from .wording import formula_line, say

_PERCENT = re.compile(r"^\s*(.+?)\s*[%％]\s*$")

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
    """One column of the result (monthly or annual): pension with its split, then one entry per insurance."""

    pension: Decimal
    pension_personal_account: Decimal
    pension_pooled: Decimal
    insurances: dict[str, Decimal | None]
    """Every insurance the city's bill lists besides pension; None where not computed."""

    @property
    def total(self) -> Decimal:
        return self.pension + sum((x for x in self.insurances.values() if x is not None), ZERO)

    @property
    def medical(self) -> Decimal | None:
        return self.insurances.get("medical")

    @property
    def unemployment(self) -> Decimal | None:
        return self.insurances.get("unemployment")

    def to_json(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {
            "pension": money_str(self.pension),
            "pension_personal_account": money_str(self.pension_personal_account),
            "pension_pooled": money_str(self.pension_pooled),
        }
        for name, value in self.insurances.items():
            out[name] = None if value is None else money_str(value)
        out["total"] = money_str(self.total)
        return out


# Older clients read medical_status/unemployment_status, where a computed premium was "included".
_LEGACY_STATUS = {COMPUTED: "included", NOT_AVAILABLE: NOT_AVAILABLE, NOT_IN_GUIDE: NOT_IN_GUIDE}


@dataclass(frozen=True)
class PremiumResult:
    """Everything the page needs to show the bill and justify it."""

    city: City
    period: Period
    on: date
    base_choice: BaseChoice
    base: Decimal
    lines: list[Line]
    """One per insurance the bill lists, pension first."""
    monthly: Amounts
    annual: Amounts
    formula: list[dict[str, str]]
    sources: list[dict[str, Any]]
    notes: list[Text]
    messages: Mapping[str, Text]
    data_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self, insurance: str) -> Line | None:
        return next((line for line in self.lines if line.insurance == insurance), None)

    @property
    def missing(self) -> list[str]:
        """Insurances a reader can (or may) join whose premium is not computed: the total leaves them out."""
        return [line.insurance for line in self.lines if line.status == NOT_IN_GUIDE]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def medical_base(self) -> Decimal | None:
        line = self.line("medical")
        return None if line is None or line.base is None or line.steps[0]["step"] == "same-base" else line.base

    def _status(self, insurance: str) -> tuple[str, Text | None]:
        line = self.line(insurance)
        status = NOT_IN_GUIDE if line is None else line.status
        reason = None if status == COMPUTED else say(self.messages, f"bill-reason-{status}", insurance=insurance)
        return _LEGACY_STATUS[status], reason

    def to_json(self) -> dict[str, Any]:
        b = self.period.base
        medical_status, medical_reason = self._status("medical")
        unemployment_status, unemployment_reason = self._status("unemployment")
        medical, unemployment = self.line("medical"), self.line("unemployment")
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
                "medical": None if medical is None or medical.rate is None else plain_str(medical.rate),
                "unemployment": None if unemployment is None or unemployment.rate is None else plain_str(unemployment.rate),
            },
            "medical_base": None if self.medical_base is None else money_str(self.medical_base),
            "monthly": self.monthly.to_json(),
            "annual": self.annual.to_json(),
            "complete": self.complete,
            "missing": self.missing,
            "insurances": [line.to_json() for line in self.lines],
            "medical_status": medical_status,
            "medical_reason": medical_reason,
            "unemployment_status": unemployment_status,
            "unemployment_reason": unemployment_reason,
            "formula": self.formula,
            "sources": self.sources,
            "notes": self.notes,
        }


def calculate_premiums(
    data: Dataset | dict[str, Any],
    city_id: str,
    base: object,
    on: date | str | None = None,
    *,
    medical_base: object = None,
    medical_grade: object = None,
) -> PremiumResult:
    """The whole monthly bill for ``city_id`` at ``base`` ('7546', 'min', 'max', '100%') on ``on`` (default today).

    ``medical_base`` is the reader's own medical base or declared income, where the city has one;
    ``medical_grade`` the id of a medical grade, where the city has grades.
    """
    dataset = load_data(data)
    city = dataset.city(city_id)
    day = date.today() if on is None else parse_day(on, "date")
    period = city.period_on(day)
    choice = parse_base(base)
    amount = resolve_base(choice, city, period)
    return _compute(dataset, city, period, day, choice, amount, {"medical": Choice(medical_base, medical_grade)})


def _compute(
    dataset: Dataset,
    city: City,
    period: Period,
    day: date,
    choice: BaseChoice,
    base: Decimal,
    choices: Mapping[str, Choice] | None = None,
) -> PremiumResult:
    rule = period.pension
    pension = cents(base * rule.rate)
    personal = cents(base * rule.personal_account_rate)
    pooled = pension - personal
    steps: list[dict[str, Any]] = []
    notes: list[Text] = [dict(n) for n in period.notes]
    used: list[str] = list(period.base.sources) + list(rule.sources)

    if choice.kind == "percent":
        assert period.base.average_wage is not None and choice.value is not None
        steps.append({"insurance": "base", "step": "base-percent", "wage": money_str(period.base.average_wage),
                      "percent": plain_str(choice.value), "base": money_str(base)})
    steps.append({"insurance": "pension", "step": "pension", "base": money_str(base), "rate": plain_str(rule.rate),
                  "amount": money_str(pension), "account_rate": plain_str(rule.personal_account_rate),
                  "account": money_str(personal), "pooled": money_str(pooled)})
    lines = [Line("pension", COMPUTED, "rate", base=base, rate=rule.rate, monthly=pension, annual=pension * 12,
                  steps=list(steps), sources=tuple(rule.sources))]
    level = choice.kind if choice.kind in ("min", "max") else None
    choices = choices or {}
    for insurance in period.offered():
        if insurance == "pension":
            continue
        line = line_for(insurance, period.rules.get(insurance), base, level, choices.get(insurance, Choice()), city)
        lines.append(line)
        steps.extend(line.steps)
        used.extend(line.sources)
    for insurance, unused in choices.items():
        if insurance not in period.offered() and (unused.base is not None or unused.grade is not None):
            line_for(insurance, None, base, level, unused, city)  # raises: nothing to choose

    others = [line for line in lines if line.insurance != "pension"]
    monthly = Amounts(pension, personal, pooled, {line.insurance: line.monthly for line in others})
    annual = Amounts(pension * 12, personal * 12, pooled * 12, {line.insurance: line.annual for line in others})
    missing = [line.insurance for line in lines if line.status == NOT_IN_GUIDE]
    total_step: dict[str, Any] = {
        "insurance": "total", "step": "total-incomplete" if missing else "total",
        "sum": [money_str(line.monthly) for line in lines if line.monthly is not None],
        "total": money_str(monthly.total), "annual": money_str(annual.total), "missing": missing}
    steps.append(total_step)

    seen: list[str] = []
    for sid in used:
        if sid not in seen:
            seen.append(sid)
    return PremiumResult(
        city=city,
        period=period,
        on=day,
        base_choice=choice,
        base=base,
        lines=lines,
        monthly=monthly,
        annual=annual,
        formula=[formula_line(dataset.messages, step) for step in steps],
        sources=[city.sources[sid].to_json() for sid in seen],
        notes=notes,
        messages=dataset.messages,
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
        medical_status, medical_reason = first._status("medical") if first else (None, None)
        unemployment_status, unemployment_reason = first._status("unemployment") if first else (None, None)
        return {
            "city": self.city.to_json(),
            "date": self.on.isoformat(),
            "period": self.period.to_json(),
            "data_version": self.data_version,
            "medical_status": medical_status,
            "medical_reason": medical_reason,
            "unemployment_status": unemployment_status,
            "unemployment_reason": unemployment_reason,
            # The same for every row: which insurances the bill lists, and which the totals leave out.
            "insurances": [{"insurance": line.insurance, "status": line.status, "kind": line.kind}
                           for line in (first.lines if first else [])],
            "complete": first.complete if first else False,
            "missing": first.missing if first else [],
            "rows": [
                {
                    "level": level,
                    "label": LEVEL_LABELS[level],
                    "base": money_str(result.base),
                    "medical_base": None if result.medical_base is None else money_str(result.medical_base),
                    "grades": {line.insurance: line.grade for line in result.lines if line.grade is not None},
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
