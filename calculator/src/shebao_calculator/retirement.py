"""Statutory retirement month under the 2025 reform, minimum contribution years,
and the earliest flexible early retirement.

The rules come from the exported national rules (content/national.yaml, read
by national.py): the groups and steps of the NPC Standing Committee decision
of 2024-09-13 and its Measures, the minimum contribution years by retirement
year, and the early-retirement limits and notice. Months are whole calendar
months: a person born 1965-01 reaches 60 in 2025-01. Results carry codes and
values; their wording comes from the catalogue (content/ui.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import CalculatorError, RetirementInputError
from .money import parse_int, plain_str
from .months import YearMonth, age_json, parse_year_month
from .national import NationalRules, load_national

BIRTH_YEAR_MIN = 1940
BIRTH_YEAR_MAX = 2010
FEMALE_ORIGINAL_AGES = (50, 55)
RETIREMENT_RULES = ("retirement", "early_retirement", "late_retirement", "early_notice", "minimum_contribution")

_SEX_ALIASES = {
    "male": "male", "m": "male", "man": "male", "男": "male",
    "female": "female", "f": "female", "woman": "female", "女": "female",
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
    """Map sex + original age to 'male', 'female-55' or 'female-50'.

    A woman's original age is never assumed: no national rule says which group
    a female flexible employee belongs to (policy-facts-addendum.md §2).
    """
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
            "女性需要选择原法定退休年龄：50 岁（女工人）或 55 岁（女干部）。"
            "没有全国性规定说明女性灵活就业人员属于哪一种，各省做法不同，请向当地社会保险经办机构确认。",
            "For women, choose the original retirement age: 50 (women workers) or 55 (women cadres and staff). "
            "No national rule says which applies to female flexible employees and practice differs by province; "
            "ask your local social insurance agency.",
            code="original_age_required",
            details={"field": "original_age", "allowed": list(FEMALE_ORIGINAL_AGES)},
        )
    try:
        age = parse_int(original_age, "original_age")
    except CalculatorError:
        age = -1
    if age not in FEMALE_ORIGINAL_AGES:
        raise RetirementInputError(
            f"女性的原法定退休年龄只能是 50 或 55，收到的是“{original_age}”。",
            f"For women the original retirement age must be 50 or 55; got '{original_age}'.",
            code="invalid_original_age",
            details={"field": "original_age", "value": str(original_age), "allowed": list(FEMALE_ORIGINAL_AGES)},
        )
    return f"female-{age}"


def delay_months(rules: NationalRules, group: str, original_retirement: YearMonth) -> int:
    """min(cap, floor(months since the reform start / step) + 1); 0 before the start."""
    g = rules.groups[group]
    elapsed = original_retirement.minus(rules.reform_start)
    if elapsed < 0:
        return 0
    return min(g.max_delay_months, elapsed // g.step_months + 1)


def minimum_contribution_months(rules: NationalRules, year: int) -> int:
    """By the calendar year of retirement (Measures Art. 2 and Annex 4)."""
    return rules.minimum_months(year)


def minimum_contribution_years(rules: NationalRules, year: int) -> Decimal:
    return Decimal(minimum_contribution_months(rules, year)) / 12


def _years(months: int) -> str:
    return plain_str(Decimal(months) / 12)


@dataclass(frozen=True)
class RetirementResult:
    rules: NationalRules
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
        return self.rules.minimum_months(self.retirement_month.year)

    @property
    def months_still_needed(self) -> int | None:
        if self.paid_months is None:
            return None
        return max(0, self.minimum_months - self.paid_months)

    def note_codes(self) -> list[str]:
        codes = []
        if self.delay == 0:
            codes.append("retire-note-no-delay")
        if self.sex == "female":
            codes.append("retire-note-female-original-age")
        return codes + ["retire-note-min-years-by-year", "retire-note-late-retirement"]

    def to_json(self) -> dict[str, Any]:
        rules = self.rules
        orig_years = self.original_age_months // 12
        early_min = rules.minimum_months(self.early_month.year)
        early_before = self.retirement_month.minus(self.early_month)
        start = str(rules.reform_start)
        note_values: dict[str, object] = {"reform_start": start, "max_years": _years(rules.late_max_months),
                                          **rules.minimum_rise()}
        notes = [rules.message(code, **note_values) for code in self.note_codes()]
        conditions = [
            rules.message("retire-cond-minimum", year=self.early_month.year, years=_years(early_min)),
            rules.message("retire-cond-window", max_years=_years(rules.early_max_months), age=orig_years),
            rules.message("retire-cond-notice", months=rules.notice_months),
        ]
        if self.delay:
            delay_step = rules.message("retire-step-delay", cap=self.cap, original_month=str(self.original_month),
                                       reform_start=start, step=self.step, delay=self.delay)
        else:
            delay_step = rules.message("retire-step-no-delay", reform_start=start)
        formula = [
            {"item": "delay", **delay_step},
            {"item": "retirement_month", **rules.message(
                "retire-step-month", birth=str(self.birth), age=orig_years, original_month=str(self.original_month),
                delay=self.delay, retirement_month=str(self.retirement_month))},
        ]
        return {
            "birth": str(self.birth),
            "sex": self.sex,
            "group": self.group,
            "original_age": age_json(self.original_age_months),
            "original_age_text": rules.age_text(self.original_age_months),
            "original_retirement_month": str(self.original_month),
            "delay_months": self.delay,
            "delay_rule": {"step_months": self.step, "max_delay_months": self.cap, "reform_start": start},
            "retirement_age": age_json(self.retirement_age_months),
            "retirement_age_text": rules.age_text(self.retirement_age_months),
            "retirement_month": str(self.retirement_month),
            "minimum_contribution_years": _years(self.minimum_months),
            "minimum_contribution_months": self.minimum_months,
            "paid_months": self.paid_months,
            "months_still_needed": self.months_still_needed,
            "early_retirement": {
                "available": early_before > 0,
                "earliest_month": str(self.early_month),
                "earliest_age": age_json(self.early_month.minus(self.birth)),
                "earliest_age_text": rules.age_text(self.early_month.minus(self.birth)),
                "months_before_statutory": early_before,
                "minimum_contribution_years": _years(early_min),
                "minimum_contribution_months": early_min,
                "months_still_needed": None if self.paid_months is None else max(0, early_min - self.paid_months),
                "notice_months": rules.notice_months,
                "conditions": conditions,
            },
            "formula": formula,
            "notes": notes,
            "sources": rules.sources_for(*RETIREMENT_RULES),
        }


def retirement(
    birth: object,
    sex: object,
    original_age: object = None,
    *,
    rules: Any,
    paid_months: object = None,
    today: date | None = None,
) -> RetirementResult:
    """Retirement under the 2025 reform for a birth month ('YYYY-MM') and group.

    ``rules``: the exported data dict (or ``load_national`` of it).
    """
    national = load_national(rules)
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
    g = national.groups[group]
    original = born.plus(g.original_age * 12)
    delay = delay_months(national, group, original)
    statutory = original.plus(delay)
    early = max(original, statutory.plus(-national.early_max_months))
    return RetirementResult(
        rules=national,
        birth=born,
        sex="male" if group == "male" else "female",
        group=group,
        original_age_months=g.original_age * 12,
        original_month=original,
        delay=delay,
        step=g.step_months,
        cap=g.max_delay_months,
        retirement_month=statutory,
        paid_months=paid,
        early_month=early,
    )
