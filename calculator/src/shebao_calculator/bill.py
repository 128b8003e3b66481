"""One line of the monthly bill per insurance: its status, amount and structured formula steps.

Each rule kind (data.RateRule, FixedRule, GradesRule, NotAvailable) has one case here. Steps are
codes with plain values, never prose: `wording.py` words them with the catalogue that comes with the
data (content/ui.yaml `bill-*` keys), so the page, the embed, the print sheet and the CLI agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .data import BaseRule, City, FixedRule, Grade, GradesRule, NotAvailable, RateRule, Rule
from .errors import BaseOutOfRangeError, InvalidInputError
from .money import ZERO, cents, money_display, money_str, parse_decimal, plain_str

COMPUTED = "computed"
NOT_AVAILABLE = "not_available"
NOT_IN_GUIDE = "not_in_guide"


@dataclass(frozen=True)
class Choice:
    """What the reader chose for one insurance, beyond the pension base: a base or a grade."""

    base: object = None
    grade: object = None


@dataclass(frozen=True)
class Line:
    """One insurance on the bill."""

    insurance: str
    status: str
    kind: str | None = None
    base: Decimal | None = None
    rate: Decimal | None = None
    grade: str | None = None
    monthly: Decimal | None = None
    annual: Decimal | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "insurance": self.insurance,
            "status": self.status,
            "kind": self.kind,
            "base": None if self.base is None else money_str(self.base),
            "rate": None if self.rate is None else plain_str(self.rate),
            "grade": self.grade,
            "monthly": None if self.monthly is None else money_str(self.monthly),
            "annual": None if self.annual is None else money_str(self.annual),
            "steps": self.steps,
            "sources": list(self.sources),
        }


def _step(insurance: str, code: str, **params: Any) -> dict[str, Any]:
    plain = {k: (money_str(v) if isinstance(v, Decimal) and k not in _RATES else
                 plain_str(v) if isinstance(v, Decimal) else v) for k, v in params.items()}
    return {"insurance": insurance, "step": code, **plain}


_RATES = {"rate", "share", "account_rate"}
# Error messages only (results are worded from the catalogue): what to call each insurance.
_ERROR_NAMES = {"medical": ("医保", "medical"), "unemployment": ("失业保险", "unemployment"),
                "work_injury": ("工伤保险", "work-injury")}


def _names(insurance: str) -> tuple[str, str]:
    return _ERROR_NAMES.get(insurance, (insurance, insurance))


def line_for(insurance: str, rule: Rule | None, pension_base: Decimal, level: str | None, choice: Choice,
             city: City) -> Line:
    """The bill line for ``insurance`` under ``rule`` (None: not in the guide yet).

    ``level`` is "min" or "max" when the reader asked for the lowest or highest base: each insurance
    then uses its own floor or ceiling (lowest or highest grade).
    """
    if rule is None or isinstance(rule, NotAvailable):
        _refuse_choice(insurance, choice, city, "base", "grade")
        return Line(insurance, NOT_IN_GUIDE if rule is None else NOT_AVAILABLE,
                    sources=() if rule is None else rule.sources)
    if isinstance(rule, RateRule):
        return _rate_line(insurance, rule, pension_base, level, choice, city)
    if isinstance(rule, FixedRule):
        _refuse_choice(insurance, choice, city, "base", "grade")
        monthly, annual, step = _amount(insurance, rule.monthly, rule.yearly, "fixed")
        return Line(insurance, COMPUTED, "fixed", monthly=monthly, annual=annual, steps=[step], sources=rule.sources)
    return _grade_line(insurance, rule, level, choice, city)


def _amount(insurance: str, monthly: Decimal | None, yearly: Decimal | None, code: str,
            **extra: Any) -> tuple[Decimal, Decimal, dict[str, Any]]:
    if yearly is not None:
        amount = cents(yearly / 12)
        return amount, cents(yearly), _step(insurance, f"{code}-yearly", yearly=yearly, amount=amount, **extra)
    assert monthly is not None
    return cents(monthly), cents(monthly) * 12, _step(insurance, f"{code}-monthly", amount=cents(monthly), **extra)


def _grade_line(insurance: str, rule: GradesRule, level: str | None, choice: Choice, city: City) -> Line:
    _refuse_choice(insurance, choice, city, "base")
    by_cost = sorted(rule.grades, key=_grade_cost)
    grade: Grade
    if choice.grade is not None:
        wanted = str(choice.grade).strip()
        found = [g for g in rule.grades if g.id == wanted]
        if not found:
            ids = [g.id for g in rule.grades]
            raise InvalidInputError(
                f"{city.name['zh']}没有“{wanted}”这个医保档次。可选：{'、'.join(ids)}。",
                f"{city.name['en']} has no grade '{wanted}'. Choices: {', '.join(ids)}.",
                code="unknown_grade", details={"field": f"{insurance}_grade", "grade": wanted, "choices": ids})
        grade = found[0]
    else:
        grade = by_cost[-1] if level == "max" else by_cost[0]
    monthly, annual, step = _amount(insurance, grade.monthly, grade.yearly, "grade", grade=dict(grade.name),
                                    grade_id=grade.id)
    return Line(insurance, COMPUTED, "grades", grade=grade.id, monthly=monthly, annual=annual, steps=[step],
                sources=rule.sources)


def _grade_cost(grade: Grade) -> Decimal:
    return grade.yearly if grade.yearly is not None else (grade.monthly or ZERO) * 12


def _rate_line(insurance: str, rule: RateRule, pension_base: Decimal, level: str | None, choice: Choice,
               city: City) -> Line:
    _refuse_choice(insurance, choice, city, "grade")
    base, steps = _base(insurance, rule.base, pension_base, level, choice, city)
    parts: list[tuple[dict[str, str] | None, Decimal, Decimal]] = (
        [(dict(p.name), p.rate, cents(base * p.rate)) for p in rule.parts] if rule.parts_billed_separately
        else [(None, rule.rate, cents(base * rule.rate))])
    for name, rate, amount in parts:
        if name is None:
            steps.append(_step(insurance, "rate", base=base, rate=rate, amount=amount))
        else:
            steps.append(_step(insurance, "part", part=name, base=base, rate=rate, amount=amount))
    amounts = [amount for _, _, amount in parts]
    for fee in rule.fees:
        steps.append(_step(insurance, "fee", fee=dict(fee.name), amount=cents(fee.monthly)))
        amounts.append(cents(fee.monthly))
    monthly = sum(amounts, ZERO)
    if len(amounts) > 1:
        steps.append(_step(insurance, "subtotal", sum=[money_str(a) for a in amounts], amount=monthly))
    return Line(insurance, COMPUTED, "rate", base=base, rate=rule.rate, monthly=monthly, annual=monthly * 12,
                steps=steps, sources=rule.sources)


def _base(insurance: str, rule: BaseRule, pension_base: Decimal, level: str | None, choice: Choice,
          city: City) -> tuple[Decimal, list[dict[str, Any]]]:
    if rule.kind == "pension":
        _refuse_choice(insurance, choice, city, "base")
        return pension_base, [_step(insurance, "same-base", base=pension_base)]
    if rule.kind == "reference_wage":
        _refuse_choice(insurance, choice, city, "base")
        base = rule.fixed_base
        assert base is not None and rule.wage is not None and rule.wage_name is not None
        code = "reference-base-yearly" if rule.per == "year" else "reference-base"
        return base, [_step(insurance, code, wage_name=dict(rule.wage_name), wage=rule.wage, share=rule.share,
                            base=base)]
    assert rule.min is not None and rule.max is not None
    lo, hi = rule.min, rule.max
    if choice.base is not None:
        wanted = cents(parse_decimal(choice.base, f"{insurance}_base", allow_zero=False))
    elif level is not None:
        wanted = lo if level == "min" else hi
    else:
        wanted = pension_base
    if rule.kind == "chosen":
        if choice.base is not None and not lo <= wanted <= hi:
            raise _out_of_range(insurance, wanted, lo, hi, city)
        base = min(max(wanted, lo), hi)
        return base, [_step(insurance, "chosen-base", base=base, min=lo, max=hi)]
    base = min(max(wanted, lo), hi)
    return base, [_step(insurance, "declared-base", declared=wanted, base=base, min=lo, max=hi)]


def _out_of_range(insurance: str, wanted: Decimal, lo: Decimal, hi: Decimal, city: City) -> BaseOutOfRangeError:
    nearest = lo if wanted < lo else hi
    zh, en = _names(insurance)
    return BaseOutOfRangeError(
        f"{city.name['zh']}的{zh}缴费基数 {money_display(wanted)} 超出允许范围 {money_display(lo)}–{money_display(hi)}；最接近的可选基数是 {money_display(nearest)}。",
        f"The {en} base {money_display(wanted)} is outside the range allowed in {city.name['en']}: {money_display(lo)}–{money_display(hi)}. The nearest allowed base is {money_display(nearest)}.",
        details={"field": f"{insurance}_base", "base": money_str(wanted), "min": money_str(lo), "max": money_str(hi),
                 "nearest": money_str(nearest)},
    )


def _refuse_choice(insurance: str, choice: Choice, city: City, *which: str) -> None:
    """A base or grade the rule has no use for is a mistake worth saying, not something to ignore."""
    zh, en = _names(insurance)
    for what in which:
        if getattr(choice, what) is not None:
            raise InvalidInputError(
                f"{city.name['zh']}的{zh}不需要单独选择{'缴费基数' if what == 'base' else '档次'}。",
                f"{city.name['en']} has no separately chosen {en} {what}.",
                code=f"{insurance}_{what}_not_applicable",
                details={"city": city.id, "field": f"{insurance}_{what}"},
            )
