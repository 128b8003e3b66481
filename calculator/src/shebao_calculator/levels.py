"""Base explorer: one row per base a city allows, with the whole monthly bill, the estimated pension at the
statutory retirement month and the payback time.

Nothing here is a new rule: the bill is ``premiums.calculate_premiums``, the retirement month
``retirement.retirement``, the pension ``pension.pension_estimate`` (with its account projection), the
period ``data.in_force`` (through ``City.period_on``). What this module adds is the list of bases and the
payback time, with every assumption stated and adjustable:

- bases: the floor, every 10 % of the average wage strictly between floor and ceiling (a step within 1 %
  of the average wage of a bound gives way to the bound, so rounding in the published figures never
  makes two near-identical rows), and the ceiling; where the period publishes no average wage, ten equal
  steps from floor to ceiling (and no pension: without an average wage there is no index);
- every month, past and future, is paid at the row's base (index = base ÷ average wage, capped at the
  national index cap); months by retirement = months already paid + every month from the date of the
  figures to the retirement month;
- the pension calculation base is the period's average wage (in today's money) unless given;
- payback = the fewest whole months of pension whose sum reaches the reader's own pension premiums
  (the whole pension rate: a flexible employee pays it all), all in today's money; the pension may be
  assumed to rise by a real yearly rate (default 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any

from .data import City, Dataset, Period, Text, load_data
from .errors import InvalidInputError
from .money import TENTH, ZERO, cents, div, money_display, money_str, parse_decimal, plain_str
from .months import YearMonth, parse_day
from .national import NationalRules, load_national
from .pension import (MAX_CONTRIBUTION_MONTHS, PENSION_RULES, PensionResult, _rate, pension_estimate,
                      project_account_balance)
from .premiums import BaseChoice, PremiumResult, _compute, resolve_base
from .retirement import RETIREMENT_RULES, RetirementResult, retirement

STEP = Decimal("0.1")
"""Rows are 10 % of the average wage apart."""
NEAR_BOUND = Decimal("0.01")
"""A step within 1 % of the average wage of the floor or ceiling gives way to it."""
SHARE_PLACES = Decimal("0.0001")
PAYBACK_LIMIT_MONTHS = 12 * 200
"""Payback is sought over 200 years at most; with a positive pension it is always found well before."""


def bases(period: Period) -> list[Decimal]:
    """The bases a row is shown for, lowest first (see the module docstring)."""
    lo, hi, avg = period.base.min, period.base.max, period.base.average_wage
    if avg is None:
        steps = [cents(lo + div((hi - lo) * k, Decimal(10))) for k in range(11)]
    else:
        near = avg * NEAR_BOUND
        steps = [lo]
        k = 1
        while avg * STEP * k < hi:
            step = cents(avg * STEP * k)
            if step - lo > near and hi - step > near:
                steps.append(step)
            k += 1
        steps.append(hi)
    return sorted({cents(b) for b in steps})


def payback_months(contributions: Decimal, pension: Decimal, growth: Decimal = ZERO) -> int | None:
    """Fewest whole months of pension whose sum reaches ``contributions``; the pension rises by ``growth``
    (a real yearly rate) at each anniversary. None when the pension is 0 (nothing is ever paid back)."""
    if contributions <= 0:
        return 0
    if pension <= 0:
        return None
    if growth == 0:
        return int(div(contributions, pension).to_integral_value(rounding=ROUND_CEILING))
    paid, monthly = ZERO, pension
    for year in range(PAYBACK_LIMIT_MONTHS // 12):
        if paid + monthly * 12 >= contributions:
            rest = div(contributions - paid, monthly).to_integral_value(rounding=ROUND_CEILING)
            return year * 12 + int(rest)
        paid += monthly * 12
        monthly = monthly * (1 + growth)
    return None  # pragma: no cover - unreachable with a positive pension and growth >= 0


@dataclass(frozen=True)
class Level:
    """One row: a base, its bill and, where an average wage is published, its pension and payback."""

    base: Decimal
    share: Decimal | None
    bill: PremiumResult
    pension: PensionResult | None
    contributions: Decimal | None
    payback: int | None
    reason: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        p = self.pension
        return {
            "base": money_str(self.base),
            "share_of_average": None if self.share is None else plain_str(self.share),
            "monthly": self.bill.monthly.to_json(),
            "pension_at_retirement": None if p is None else money_str(p.total),
            "pension_basic": None if p is None else money_str(p.basic),
            "pension_account": None if p is None or p.account is None else money_str(p.account),
            "own_pension_contributions": None if self.contributions is None else money_str(self.contributions),
            "payback_months": self.payback,
            "payback_years": None if self.payback is None else plain_str(
                (Decimal(self.payback) / 12).quantize(TENTH)),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class LevelsResult:
    city: City
    period: Period
    on: date
    start: YearMonth
    retirement: RetirementResult
    paid: int
    months: int
    calc_base: Decimal | None
    calc_base_given: bool
    pension_growth: Decimal
    wage_growth: Decimal | None
    crediting_rate: Decimal | None
    levels: list[Level]
    rules: NationalRules
    data_version: str | None

    def _assumptions(self) -> list[dict[str, Any]]:
        r, rules, city = self.retirement, self.rules, self.city
        out: list[dict[str, Any]] = []

        def add(name: str, value: str, label: Text, value_text: Text | None = None) -> None:
            out.append({"name": name, "value": value, **label,
                        "value_text": value_text or {"zh": value, "en": value}})

        if self.calc_base is not None:
            shown = money_display(self.calc_base)
            key = "levels-assume-calc-base-given" if self.calc_base_given else "levels-assume-calc-base"
            add("calc_base", money_str(self.calc_base), rules.text(key, city=city.name, value=shown),
                {"zh": shown, "en": shown})
        add("index", "base/average_wage", rules.text("levels-assume-index"), {"zh": "—", "en": "—"})
        add("contribution_months", str(self.months), rules.text(
            "levels-assume-months", paid=self.paid, future=self.months - self.paid, months=self.months,
            retirement_month=str(r.retirement_month), **{"from": str(self.start)}))
        add("retirement_age", f"{r.retirement_age_months // 12}:{r.retirement_age_months % 12}",
            rules.text("pension-assume-age-statutory"), rules.age_text(r.retirement_age_months))
        if self.wage_growth is None:
            add("crediting_vs_wage_growth", "0", rules.text("pension-assume-crediting-default"))
        else:
            real = div(1 + (self.crediting_rate or ZERO), 1 + self.wage_growth) - 1
            add("crediting_vs_wage_growth", plain_str(real.quantize(Decimal("0.000001"))), rules.text(
                "pension-assume-crediting-given", wage_growth=plain_str(self.wage_growth),
                crediting_rate=plain_str(self.crediting_rate or ZERO)))
        growth = plain_str(self.pension_growth)
        add("pension_growth", growth, rules.text(
            "levels-assume-pension-growth" if self.pension_growth == 0 else "levels-assume-pension-growth-given",
            value=growth))
        add("other_insurances", "same_base_or_lowest_grade", rules.text("levels-assume-other-bases"),
            {"zh": "—", "en": "—"})
        return out

    def to_json(self) -> dict[str, Any]:
        r, rules, first = self.retirement, self.rules, self.levels[0].bill
        minimum = r.minimum_months
        notes = [rules.message("levels-note-steps") if self.period.base.average_wage is not None
                 else rules.message("levels-note-steps-no-average", city=self.city.name)]
        if self.period.base.average_wage is not None:
            notes.append(rules.message("levels-note-payback", rate=f"{plain_str(self.period.pension.rate * 100)}%"))
            if self.months < minimum:
                notes.append(rules.message("levels-note-below-minimum", months=self.months, minimum=minimum))
            notes += [rules.message("pension-note-transitional"), rules.message("pension-note-estimate")]
        sources: list[dict[str, Any]] = []
        for level in self.levels:
            sources += [s for s in level.bill.sources if s not in sources]
        national = rules.sources_for(*RETIREMENT_RULES, *PENSION_RULES)
        return {
            "city": self.city.to_json(),
            "date": self.on.isoformat(),
            "period": self.period.to_json(),
            "data_version": self.data_version,
            "birth": str(r.birth),
            "sex": r.sex,
            "group": r.group,
            "retirement_month": str(r.retirement_month),
            "retirement_age": {"years": r.retirement_age_months // 12, "months": r.retirement_age_months % 12},
            "retirement_age_text": rules.age_text(r.retirement_age_months),
            "minimum_contribution_months": minimum,
            "paid_months": self.paid,
            "contribution_months": self.months,
            "meets_minimum": self.months >= minimum,
            "average_wage": None if self.period.base.average_wage is None else money_str(self.period.base.average_wage),
            "bounds": {"min": money_str(self.period.base.min), "max": money_str(self.period.base.max)},
            "complete": first.complete,
            "missing": first.missing,
            "insurances": [{"insurance": line.insurance, "status": line.status, "kind": line.kind}
                           for line in first.lines],
            "assumptions": self._assumptions(),
            "levels": [level.to_json() for level in self.levels],
            "notes": notes,
            "sources": sources + national,
        }


def levels(
    data: Dataset | dict[str, Any],
    city_id: object,
    birth: object,
    sex: object,
    original_age: object = None,
    *,
    rules: Any,
    on: object = None,
    paid_months: object = None,
    calc_base: object = None,
    wage_growth: object = None,
    crediting_rate: object = None,
    pension_growth: object = None,
    today: date | None = None,
) -> LevelsResult:
    """Every base ``city_id`` allows on ``on`` (default today), for a reader born ``birth``.

    ``rules``: the exported data dict (or ``load_national`` of it), as for ``retirement``.
    ``wage_growth`` and ``crediting_rate`` go together (see ``pension.project_account_balance``).
    """
    dataset = load_data(data)
    national = load_national(rules)
    city = dataset.city(city_id)
    day = (today or date.today()) if on is None else parse_day(on, "on")
    period = city.period_on(day)
    r = retirement(birth, sex, original_age, rules=national, paid_months=paid_months, today=today)
    start = YearMonth.from_date(day)
    paid = r.paid_months or 0
    lived = start.minus(r.birth)
    if paid > lived:
        raise InvalidInputError(
            f"已缴月数 {paid} 超过了从出生到 {start} 的月数（{max(lived, 0)}）。",
            f"{paid} months paid is more than the months from birth to {start} ({max(lived, 0)}).",
            code="out_of_range", details={"field": "paid_months", "value": str(paid), "min": 0, "max": max(lived, 0)})
    future = max(0, r.retirement_month.minus(start))
    months = paid + future
    if months > MAX_CONTRIBUTION_MONTHS:
        most = max(0, MAX_CONTRIBUTION_MONTHS - future)
        raise InvalidInputError(
            f"已缴月数加上到退休还要缴的 {future} 个月，超过了 {MAX_CONTRIBUTION_MONTHS} 个月。",
            f"The months paid plus the {future} months until retirement exceed {MAX_CONTRIBUTION_MONTHS}.",
            code="out_of_range", details={"field": "paid_months", "value": str(paid), "min": 0, "max": most})
    growth = ZERO if pension_growth is None else _rate(pension_growth, "pension_growth")
    # The projection's own checks: both rates or neither, each a yearly rate from 0 to 0.5.
    rates = project_account_balance(monthly_base=0, months=0, wage_growth=wage_growth,
                                    crediting_rate=crediting_rate, rules=national)
    avg = period.base.average_wage
    given = calc_base is not None
    c = parse_decimal(calc_base, "calc_base", allow_zero=False) if given else avg

    rows: list[Level] = []
    for base in bases(period):
        choice = BaseChoice("amount", base)
        bill = _compute(dataset, city, period, day, choice, resolve_base(choice, city, period))
        if avg is None or c is None:
            reason = national.message("levels-reason-no-average", city=city.name)
            rows.append(Level(base, None, bill, None, None, None, reason))
            continue
        share = div(base, avg).quantize(SHARE_PLACES)
        projection: dict[str, Any] = {"monthly_base": base, "months": months, "start_balance": 0}
        if wage_growth is not None:
            projection.update(wage_growth=wage_growth, crediting_rate=crediting_rate)
        estimate = pension_estimate(calc_base=c, index=min(share, national.max_index), contribution_months=months,
                                    birth=str(r.birth), sex=r.sex,
                                    original_age=None if r.sex == "male" else r.original_age_months // 12,
                                    projection=projection, today=today, rules=national)
        contributions = bill.monthly.pension * months
        if months == 0:
            rows.append(Level(base, share, bill, estimate, contributions, None,
                              national.message("levels-reason-no-months")))
            continue
        rows.append(Level(base, share, bill, estimate, contributions,
                          payback_months(contributions, estimate.total, growth), None))
    return LevelsResult(city, period, day, start, r, paid, months, cents(c) if c is not None else None, given,
                        growth, rates.wage_growth, rates.crediting_rate, rows, national, dataset.data_version)


__all__ = ["Level", "LevelsResult", "bases", "levels", "payback_months"]
