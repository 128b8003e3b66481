"""Monthly pension estimate: basic (pooled) pension + personal-account pension.

Formulae from 国发〔2005〕38号 (policy-facts.md §1.3):
  basic pension   = C × (1 + I) / 2 × years × 1%
  account pension = account balance at retirement ÷ payout months (计发月数)
This is an estimate: the transitional pension (过渡性养老金) and any local
supplements are not included, and the result says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import PensionInputError
from .money import ZERO, cents, div, money_display, money_str, parse_decimal, parse_int, plain_str, tenths
from .months import YearMonth, age_json, parse_year_month
from .national import NationalRules, load_national
from .retirement import RETIREMENT_RULES, retirement

MAX_CONTRIBUTION_MONTHS = 12 * 60
PENSION_RULES = ("pension_formula", "payout_months", "personal_account", "index_cap")
_AGE_TEXT = re.compile(r"^\s*(\d{1,3})\s*(?:(?:[:y岁]|years?)\s*(?:(\d{1,2})\s*(?:m|个月|months?)?)?)?\s*$", re.I)


def payout_months(rules: Any, age_years: int, age_months: int = 0) -> Decimal:
    """计发月数 at an age: D(a) − (D(a) − D(a+1)) × m / 12, rounded half-up to 0.1.

    Checks: 60y1m → 138.4, 50y1m → 194.6, 60y3m → 137.3, 50y6m → 192.5, 60y4m → 136.7.
    """
    table = load_national(rules).payout
    low, high = min(table), max(table)
    if not 0 <= age_months <= 11 or age_years not in table or (age_years == high and age_months):
        raise PensionInputError(
            f"计发月数表只覆盖 {low}–{high} 岁，收到的是 {age_years} 岁 {age_months} 个月。",
            f"The payout-months table covers ages {low} to {high} only; got {age_years} years {age_months} months.",
            code="payout_age_out_of_range",
            details={"age": {"years": age_years, "months": age_months}, "min_age": low, "max_age": high},
        )
    here = Decimal(table[age_years])
    if age_months == 0:
        return tenths(here)
    nxt = Decimal(table[age_years + 1])
    return tenths(here - div((here - nxt) * age_months, Decimal(12)))


def parse_age(value: object, field: str = "retirement_age") -> int:
    """Age in whole months from {"years","months"}, (y, m), 60, '60', '60:2', '60y2m'."""
    if isinstance(value, dict):
        years = parse_int(value.get("years"), f"{field}.years", maximum=120)
        months = parse_int(value.get("months", 0), f"{field}.months", maximum=11)
        return years * 12 + months
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return parse_int(value[0], f"{field}.years", maximum=120) * 12 + parse_int(value[1], f"{field}.months", maximum=11)
    if isinstance(value, str):
        match = _AGE_TEXT.match(value)
        if match and int(match.group(2) or 0) <= 11:
            return int(match.group(1)) * 12 + int(match.group(2) or 0)
        raise PensionInputError(
            f"{field} 应为年龄，例如 60 或 60:2（60 岁 2 个月）；收到的是“{value}”。",
            f"{field} must be an age such as 60 or 60:2 (60 years 2 months); got '{value}'.",
            code="invalid_age",
            details={"field": field, "value": value},
        )
    return parse_int(value, field, maximum=120) * 12


@dataclass(frozen=True)
class Projection:
    """Account balance projected to retirement, in today's money (wage-deflated)."""

    start_balance: Decimal
    monthly_base: Decimal
    personal_account_rate: Decimal
    months: int
    wage_growth: Decimal | None
    crediting_rate: Decimal | None
    balance: Decimal

    @property
    def real_rate(self) -> Decimal:
        if self.wage_growth is None or self.crediting_rate is None:
            return ZERO
        return div(1 + self.crediting_rate, 1 + self.wage_growth) - 1

    def to_json(self) -> dict[str, Any]:
        return {
            "start_balance": money_str(self.start_balance),
            "monthly_base": money_str(self.monthly_base),
            "personal_account_rate": plain_str(self.personal_account_rate),
            "monthly_contribution": money_str(cents(self.monthly_base * self.personal_account_rate)),
            "months": self.months,
            "wage_growth": None if self.wage_growth is None else plain_str(self.wage_growth),
            "crediting_rate": None if self.crediting_rate is None else plain_str(self.crediting_rate),
            "real_rate": plain_str(self.real_rate.quantize(Decimal("0.000001"))),
            "balance_at_retirement": money_str(self.balance),
        }


def project_account_balance(
    *,
    monthly_base: object,
    months: object,
    start_balance: object = 0,
    personal_account_rate: object = None,
    wage_growth: object = None,
    crediting_rate: object = None,
    rules: Any = None,
) -> Projection:
    """Project the personal account to retirement, in today's money.

    Default assumption: crediting interest equals wage growth (a real return
    of 0), so the balance in today's money is the start balance plus the
    contributions. Why: the crediting rates in policy-facts.md §1.4 are
    secondary, fell from 8.31% (2016) to 2.62% (2024), and the 2025 (1.5%)
    and 2026 (2.6%) figures are unsure or not official; a neutral default
    presents none of them as official. ``personal_account_rate`` defaults to
    the national share in ``rules`` (the exported data). Give both ``wage_growth`` and
    ``crediting_rate`` (nominal yearly rates, e.g. '0.03') to change it.

    Method (a modelling assumption, per the facts file): each full year the
    previous balance earns the real rate and the year's contributions are
    added without interest; a final part-year earns a pro-rated rate. The
    monthly base is in today's money and assumed to follow wages.
    """
    if (wage_growth is None) != (crediting_rate is None):
        raise PensionInputError(
            "工资增长率和记账利率要么都填，要么都不填（不填时假设记账利率等于工资增长率）。",
            "Give both wage growth and crediting interest, or neither (neither means interest equals wage growth).",
            code="incomplete_assumptions",
            details={"fields": ["wage_growth", "crediting_rate"]},
        )
    base = parse_decimal(monthly_base, "monthly_base")
    n_months = parse_int(months, "months", maximum=MAX_CONTRIBUTION_MONTHS)
    start = parse_decimal(start_balance, "start_balance")
    if personal_account_rate is None:
        personal_account_rate = load_national(rules).personal_account_rate
    par = parse_decimal(personal_account_rate, "personal_account_rate")
    if par >= 1:
        raise PensionInputError(
            "个人账户比例必须小于 1（例如 0.08）。",
            "personal_account_rate must be below 1 (e.g. 0.08).",
            code="invalid_rate",
            details={"field": "personal_account_rate", "value": str(personal_account_rate)},
        )
    g = None if wage_growth is None else _rate(wage_growth, "wage_growth")
    r = None if crediting_rate is None else _rate(crediting_rate, "crediting_rate")
    factor = Decimal(1) if g is None or r is None else div(1 + r, 1 + g)
    monthly = cents(base * par)
    balance = start
    for _ in range(n_months // 12):
        balance = balance * factor + monthly * 12
    rest = n_months % 12
    if rest:
        balance = balance * (1 + (factor - 1) * rest / 12) + monthly * rest
    return Projection(start, base, par, n_months, g, r, cents(balance))


def _rate(value: object, field: str) -> Decimal:
    """A yearly rate between 0 and 0.5 (50% a year is already far beyond any history)."""
    rate = parse_decimal(value, field)
    if rate > Decimal("0.5"):
        raise PensionInputError(
            f"{field} 应为小数形式的年率，在 0 到 0.5 之间，例如 0.03 表示 3%。",
            f"{field} must be a yearly rate as a fraction from 0 to 0.5, e.g. 0.03 for 3%.",
            code="invalid_rate",
            details={"field": field, "value": str(value), "max": "0.5"},
        )
    return rate


@dataclass(frozen=True)
class PensionResult:
    rules: NationalRules
    calc_base: Decimal
    index: Decimal
    contribution_months: int
    retirement_age_months: int
    retirement_month: YearMonth | None
    age_source: str
    basic: Decimal
    payout: Decimal
    balance: Decimal | None
    account: Decimal | None
    projection: Projection | None

    @property
    def total(self) -> Decimal:
        return self.basic + (self.account or ZERO)

    @property
    def minimum_months(self) -> int | None:
        return None if self.retirement_month is None else self.rules.minimum_months(self.retirement_month.year)

    def note_codes(self, meets: bool | None) -> list[str]:
        codes = ["pension-note-transitional", "pension-note-estimate"]
        if meets is False:
            codes.append("pension-note-below-minimum")
        if self.balance is None:
            codes.append("pension-note-no-account")
        if self.rules.payout_note is not None and self.rules.payout_uses_disputed(self.retirement_age_months):
            codes.append("pension-note-payout")
        return codes

    def to_json(self) -> dict[str, Any]:
        rules = self.rules
        years = div(Decimal(self.contribution_months), Decimal(12))
        years_text = plain_str(years.quantize(Decimal("0.01")))
        age = age_json(self.retirement_age_months)
        age_text = rules.age_text(self.retirement_age_months)
        minimum = self.minimum_months
        meets = None if minimum is None else self.contribution_months >= minimum
        notes = [rules.message(code, note=rules.payout_note or {}) for code in self.note_codes(meets)]
        formula = [
            {"item": "basic_pension", **rules.message(
                "pension-step-basic", calc_base=money_display(self.calc_base), index=plain_str(self.index),
                years=years_text, basic=money_display(self.basic))},
            {"item": "payout_months", **rules.message("pension-step-payout", age=age_text, payout=str(self.payout))},
        ]
        if self.balance is not None and self.account is not None:
            formula.append({"item": "account_pension", **rules.message(
                "pension-step-account", balance=money_display(self.balance), payout=str(self.payout),
                account=money_display(self.account))})
        formula.append({"item": "total", **rules.message(
            "pension-step-total", basic=money_display(self.basic), account=money_display(self.account or ZERO),
            total=money_display(self.total))})
        age_key = "pension-assume-age-statutory" if self.age_source == "statutory" else "pension-assume-age-given"
        assumptions = [
            {"name": "calc_base", "value": money_str(self.calc_base), **rules.text("pension-assume-calc-base"),
             "value_text": {"zh": money_display(self.calc_base), "en": money_display(self.calc_base)}},
            {"name": "index", "value": plain_str(self.index), **rules.text("pension-assume-index"),
             "value_text": {"zh": plain_str(self.index), "en": plain_str(self.index)}},
            {"name": "retirement_age", "value": f"{age['years']}:{age['months']}", **rules.text(age_key),
             "value_text": age_text},
        ]
        if self.projection is not None:
            p = self.projection
            real = plain_str(p.real_rate.quantize(Decimal("0.000001")))
            label = (rules.text("pension-assume-crediting-default") if p.wage_growth is None else rules.text(
                "pension-assume-crediting-given", wage_growth=plain_str(p.wage_growth),
                crediting_rate=plain_str(p.crediting_rate or ZERO)))
            assumptions.append({"name": "crediting_vs_wage_growth", "value": real, **label,
                                "value_text": {"zh": real, "en": real}})
        return {
            "retirement_age": age,
            "retirement_age_text": age_text,
            "retirement_month": None if self.retirement_month is None else str(self.retirement_month),
            "retirement_age_source": self.age_source,
            "calc_base": money_str(self.calc_base),
            "index": plain_str(self.index),
            "contribution_months": self.contribution_months,
            "contribution_years": years_text,
            "minimum_contribution_months": minimum,
            "meets_minimum": meets,
            "basic_pension": money_str(self.basic),
            "payout_months": f"{self.payout:.1f}",
            "account_balance": None if self.balance is None else money_str(self.balance),
            "account_pension": None if self.account is None else money_str(self.account),
            "total": money_str(self.total),
            "transitional_pension_included": False,
            "projection": None if self.projection is None else self.projection.to_json(),
            "assumptions": assumptions,
            "formula": formula,
            "notes": notes,
            "sources": rules.sources_for(*PENSION_RULES, *RETIREMENT_RULES),
        }


def pension_estimate(
    *,
    calc_base: object,
    index: object,
    contribution_months: object,
    birth: object = None,
    sex: object = None,
    original_age: object = None,
    retirement_age: object = None,
    account_balance: object = None,
    projection: dict[str, Any] | None = None,
    today: date | None = None,
    rules: Any,
) -> PensionResult:
    """Estimate the monthly pension at retirement.

    The retirement age is ``retirement_age`` if given, else the statutory age
    from ``birth`` + ``sex`` (+ ``original_age`` for women). The account part
    uses ``account_balance`` (at retirement, today's money) or a ``projection``
    dict (keyword arguments of ``project_account_balance``), not both.
    ``rules``: the exported data dict (or ``load_national`` of it).
    """
    national = load_national(rules)
    c = parse_decimal(calc_base, "calc_base", allow_zero=False)
    i = parse_decimal(index, "index", allow_zero=False)
    cap = national.max_index
    if i > cap:
        pct = plain_str(cap * 100)
        raise PensionInputError(
            f"平均缴费指数应在 0 到 {plain_str(cap)} 之间（缴费基数最高为社平工资的 {pct}%），收到的是 {plain_str(i)}。",
            f"The average contribution index must be between 0 and {plain_str(cap)} (bases are capped at {pct}% of the average wage); got {plain_str(i)}.",
            code="index_out_of_range",
            details={"field": "index", "value": plain_str(i), "min": "0", "max": plain_str(cap)},
        )
    months = parse_int(contribution_months, "contribution_months", maximum=MAX_CONTRIBUTION_MONTHS)

    month: YearMonth | None = None
    if retirement_age is not None:
        age_months = parse_age(retirement_age)
        source = "given"
        if birth is not None:
            month = parse_year_month(birth, "birth").plus(age_months)
    elif birth is not None and sex is not None:
        r = retirement(birth, sex, original_age, today=today, rules=national)
        age_months, month, source = r.retirement_age_months, r.retirement_month, "statutory"
    else:
        raise PensionInputError(
            "请提供出生年月和性别（女性还要原退休年龄），或直接提供退休年龄。",
            "Give a birth month and sex (and, for women, the original retirement age), or a retirement age.",
            code="retirement_age_missing",
            details={"fields": ["birth", "sex", "original_age", "retirement_age"]},
        )
    payout = payout_months(national, age_months // 12, age_months % 12)

    if account_balance is not None and projection is not None:
        raise PensionInputError(
            "账户余额和账户预测只能二选一（预测里的 start_balance 就是现在的余额）。",
            "Give either an account balance or a projection, not both (the projection's start_balance is today's balance).",
            code="conflicting_account_inputs",
            details={"fields": ["account_balance", "projection"]},
        )
    proj = None
    balance: Decimal | None = None
    if projection is not None:
        if not isinstance(projection, dict):
            raise PensionInputError("projection 必须是对象。", "projection must be an object.", code="invalid_projection")
        allowed = {"monthly_base", "months", "start_balance", "personal_account_rate", "wage_growth", "crediting_rate"}
        unknown = sorted(set(projection) - allowed)
        if unknown:
            raise PensionInputError(
                f"projection 含有未知字段：{', '.join(unknown)}。",
                f"projection has unknown fields: {', '.join(unknown)}.",
                code="invalid_projection",
                details={"unknown": unknown, "allowed": sorted(allowed)},
            )
        try:
            proj = project_account_balance(**projection, rules=national)
        except TypeError:
            raise PensionInputError(
                "projection 需要 monthly_base 和 months。",
                "projection needs monthly_base and months.",
                code="invalid_projection",
                details={"required": ["monthly_base", "months"]},
            ) from None
        balance = proj.balance
    elif account_balance is not None:
        balance = cents(parse_decimal(account_balance, "account_balance"))

    basic = cents(div(c * (1 + i) * months, Decimal(2400)))
    account = None if balance is None else cents(div(balance, payout))
    return PensionResult(national, c, i, months, age_months, month, source, basic, payout, balance, account, proj)


__all__ = [
    "PensionResult",
    "Projection",
    "parse_age",
    "payout_months",
    "pension_estimate",
    "project_account_balance",
]
