"""Statutory retirement month under the 2025 reform, minimum contribution years,
and the earliest flexible early retirement.

Rules: NPC Standing Committee decision of 2024-09-13 (in force 2025-01-01)
and its Measures, Art. 1–3; 人社部发〔2024〕94号 for flexible retirement
(policy-facts.md §1.2, addendum §2). Months are whole calendar months: a
person born 1965-01 reaches 60 in 2025-01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .data import Text
from .errors import CalculatorError, RetirementInputError
from .money import parse_int, plain_str
from .months import YearMonth, age_json, parse_year_month
from .national import (
    EARLY_NOTICE_MONTHS,
    EARLY_RETIREMENT_MAX_MONTHS,
    GROUPS,
    REFORM_START_MONTH,
    REFORM_START_YEAR,
    SOURCE_FLEXIBLE_RETIREMENT,
    SOURCE_NPC_DECISION,
    SOURCE_SI_LAW,
)

REFORM_START = YearMonth.of(REFORM_START_YEAR, REFORM_START_MONTH)
BIRTH_YEAR_MIN = 1940
BIRTH_YEAR_MAX = 2010

_SEX_ALIASES = {
    "male": "male", "m": "male", "man": "male", "男": "male",
    "female": "female", "f": "female", "woman": "female", "女": "female",
}

NOTE_FEMALE_ORIGINAL_AGE: Text = {
    "zh": "没有找到全国性规定说明女性灵活就业人员的原法定退休年龄是 50 岁还是 55 岁，各地做法似乎不同（上海的规定指向 55 岁，成都的实际核定单指向 50 岁）。请向当地社会保险经办机构确认。",
    "en": "No national rule says whether a female flexible employee's original retirement age is 50 or 55, and practice seems to differ by province (Shanghai's rule points to 55, real Chengdu approval slips to 50). Check with your local social insurance agency.",
}
NOTE_LATE_RETIREMENT: Text = {
    "zh": "延迟退休（最多 3 年）需要单位与职工协商一致；没有找到没有单位的灵活就业人员如何办理的规定。",
    "en": "Late retirement (up to 3 years) needs agreement between employer and employee; no rule was found for flexible employees, who have no employer.",
}
NOTE_NO_DELAY: Text = {
    "zh": "原退休时间早于 2025 年 1 月，不适用延迟退休。",
    "en": "The original retirement month is before January 2025, so no delay applies.",
}
NOTE_MIN_YEARS_BY_YEAR: Text = {
    "zh": "最低缴费年限按实际退休的年份确定（2030 年起每年增加 6 个月，2039 年起为 20 年）。",
    "en": "The minimum contribution years depend on the calendar year you actually retire (from 2030 it rises by 6 months a year, reaching 20 years from 2039).",
}


def normalise_sex(value: object) -> str:
    """'male'/'female' (also m/f, 男/女); anything else is refused."""
    key = value.strip().lower() if isinstance(value, str) else None
    if key not in _SEX_ALIASES:
        raise RetirementInputError(
            f"性别必须是 male（男）或 female（女），收到的是“{value}”。",
            f"sex must be 'male' or 'female'; got '{value}'.",
            code="invalid_sex",
            details={"field": "sex", "value": str(value), "allowed": ["male", "female"]},
        )
    return _SEX_ALIASES[key]


def group_for(sex: object, original_age: object = None) -> str:
    """Map sex + original age to 'male', 'female-55' or 'female-50'."""
    s = normalise_sex(sex)
    if s == "male":
        if original_age is not None:
            raise RetirementInputError(
                "男性的原法定退休年龄固定为 60 岁，不需要填写原退休年龄。",
                "For men the original retirement age is always 60; do not give an original age.",
                code="original_age_not_allowed",
                details={"field": "original_age", "value": str(original_age)},
            )
        return "male"
    if original_age is None:
        raise RetirementInputError(
            "女性需要选择原法定退休年龄：50 岁或 55 岁。没有全国性规定说明女性灵活就业人员属于哪一种，请向当地社会保险经办机构确认。",
            "For women, choose the original retirement age: 50 or 55. No national rule says which applies to female flexible employees; check with your local social insurance agency.",
            code="original_age_required",
            details={"field": "original_age", "allowed": [50, 55]},
        )
    try:
        age = parse_int(original_age, "original_age")
    except CalculatorError:
        age = -1
    if age not in (50, 55):
        raise RetirementInputError(
            f"女性的原法定退休年龄只能是 50 或 55，收到的是“{original_age}”。",
            f"For women the original retirement age must be 50 or 55; got '{original_age}'.",
            code="invalid_original_age",
            details={"field": "original_age", "value": str(original_age), "allowed": [50, 55]},
        )
    return f"female-{age}"


def delay_months(group: str, original_retirement: YearMonth) -> int:
    """min(cap, floor(months since 2025-01 / step) + 1); 0 before 2025-01."""
    _, step, cap = GROUPS[group]
    elapsed = original_retirement.minus(REFORM_START)
    if elapsed < 0:
        return 0
    return min(cap, elapsed // step + 1)


def minimum_contribution_months(year: int) -> int:
    """Annex 4: 15 years to 2029, +6 months a year from 2030, 20 years from 2039."""
    if year <= 2029:
        return 180
    return min(240, 180 + 6 * (year - 2029))


def minimum_contribution_years(year: int) -> Decimal:
    return Decimal(minimum_contribution_months(year)) / 12


@dataclass(frozen=True)
class RetirementResult:
    birth: YearMonth
    sex: str
    group: str
    original_age_months: int
    original_month: YearMonth
    delay: int
    step: int
    cap: int
    retirement_month: YearMonth
    paid_months: int | None
    early_month: YearMonth

    @property
    def retirement_age_months(self) -> int:
        return self.original_age_months + self.delay

    @property
    def minimum_months(self) -> int:
        return minimum_contribution_months(self.retirement_month.year)

    @property
    def months_still_needed(self) -> int | None:
        if self.paid_months is None:
            return None
        return max(0, self.minimum_months - self.paid_months)

    def to_json(self) -> dict[str, Any]:
        orig_years = self.original_age_months // 12
        early_min = minimum_contribution_months(self.early_month.year)
        early_before = self.retirement_month.minus(self.early_month)
        notes: list[Text] = []
        if self.delay == 0:
            notes.append(NOTE_NO_DELAY)
        if self.sex == "female":
            notes.append(NOTE_FEMALE_ORIGINAL_AGE)
        notes.append(NOTE_MIN_YEARS_BY_YEAR)
        notes.append(NOTE_LATE_RETIREMENT)
        min_years = plain_str(Decimal(self.minimum_months) / 12)
        early_years = plain_str(Decimal(early_min) / 12)
        return {
            "birth": str(self.birth),
            "sex": self.sex,
            "group": self.group,
            "original_age": age_json(self.original_age_months),
            "original_retirement_month": str(self.original_month),
            "delay_months": self.delay,
            "delay_rule": {"step_months": self.step, "max_delay_months": self.cap},
            "retirement_age": age_json(self.retirement_age_months),
            "retirement_month": str(self.retirement_month),
            "minimum_contribution_years": min_years,
            "minimum_contribution_months": self.minimum_months,
            "paid_months": self.paid_months,
            "months_still_needed": self.months_still_needed,
            "early_retirement": {
                "available": early_before > 0,
                "earliest_month": str(self.early_month),
                "earliest_age": age_json(self.early_month.minus(self.birth)),
                "months_before_statutory": early_before,
                "minimum_contribution_years": early_years,
                "minimum_contribution_months": early_min,
                "months_still_needed": None if self.paid_months is None else max(0, early_min - self.paid_months),
                "conditions": [
                    {
                        "zh": f"累计缴费年限达到最低缴费年限（在 {self.early_month.year} 年退休为 {early_years} 年；此后退休按当年标准）。",
                        "en": f"Your contribution years reach the minimum ({early_years} years if you retire in {self.early_month.year}; later years use that year's minimum).",
                    },
                    {
                        "zh": f"最多比法定退休时间提前 3 年，且不得早于原法定退休年龄（{orig_years} 岁）。",
                        "en": f"At most 3 years before the statutory retirement month, and never before the original retirement age ({orig_years}).",
                    },
                    {
                        "zh": f"至少提前 {EARLY_NOTICE_MONTHS} 个月书面提出。没有单位的灵活就业人员向谁提出，未找到原文规定；一般是向当地社会保险经办机构申请，请先向其确认。",
                        "en": f"Give written notice at least {EARLY_NOTICE_MONTHS} months ahead. The primary text on whom a flexible employee (who has no employer) notifies was not found; usually it is the local social insurance agency, so confirm with them first.",
                    },
                ],
            },
            "formula": [
                {
                    "item": "delay",
                    "zh": (
                        f"延迟月数 = min({self.cap}, ⌊{self.original_month} 距 2025-01 的月数 ÷ {self.step}⌋ + 1) = {self.delay}"
                        if self.delay else "原退休时间早于 2025-01：延迟 0 个月"
                    ),
                    "en": (
                        f"delay = min({self.cap}, floor(months from 2025-01 to {self.original_month} ÷ {self.step}) + 1) = {self.delay}"
                        if self.delay else "original retirement before 2025-01: delay 0 months"
                    ),
                },
                {
                    "item": "retirement_month",
                    "zh": f"{self.birth} + {orig_years} 岁 = {self.original_month}；+ {self.delay} 个月 = {self.retirement_month}",
                    "en": f"{self.birth} + {orig_years} years = {self.original_month}; + {self.delay} months = {self.retirement_month}",
                },
            ],
            "notes": notes,
            "sources": [SOURCE_NPC_DECISION, SOURCE_FLEXIBLE_RETIREMENT, SOURCE_SI_LAW],
        }


def retirement(
    birth: object,
    sex: object,
    original_age: object = None,
    *,
    paid_months: object = None,
    today: date | None = None,
) -> RetirementResult:
    """Retirement under the 2025 reform for a birth month ('YYYY-MM') and group."""
    born = parse_year_month(birth, "birth")
    now = YearMonth.from_date(today or date.today())
    if born > now:
        raise RetirementInputError(
            f"出生月份 {born} 在未来（今天是 {now}）。",
            f"Birth month {born} is in the future (this month is {now}).",
            code="birth_in_future",
            details={"field": "birth", "value": str(born), "today": str(now)},
        )
    if not BIRTH_YEAR_MIN <= born.year <= BIRTH_YEAR_MAX:
        raise RetirementInputError(
            f"出生年份必须在 {BIRTH_YEAR_MIN}–{BIRTH_YEAR_MAX} 之间，收到的是 {born.year}。",
            f"Birth year must be between {BIRTH_YEAR_MIN} and {BIRTH_YEAR_MAX}; got {born.year}.",
            code="birth_out_of_range",
            details={"field": "birth", "value": str(born), "min": BIRTH_YEAR_MIN, "max": BIRTH_YEAR_MAX},
        )
    group = group_for(sex, original_age)
    paid = None if paid_months is None else parse_int(paid_months, "paid_months", maximum=12 * 80)
    age_years, step, cap = GROUPS[group]
    original = born.plus(age_years * 12)
    delay = delay_months(group, original)
    statutory = original.plus(delay)
    early = max(original, statutory.plus(-EARLY_RETIREMENT_MAX_MONTHS))
    return RetirementResult(
        birth=born,
        sex="male" if group == "male" else "female",
        group=group,
        original_age_months=age_years * 12,
        original_month=original,
        delay=delay,
        step=step,
        cap=cap,
        retirement_month=statutory,
        paid_months=paid,
        early_month=early,
    )
