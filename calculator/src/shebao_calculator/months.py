"""Month arithmetic and date parsing.

Retirement rules count in whole calendar months (birth month + age), so a
month is stored as one integer index (year * 12 + month - 1); adding months
is then plain addition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .errors import InvalidInputError

_YM = re.compile(r"^(\d{4})-(\d{1,2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True, order=True)
class YearMonth:
    """A calendar month; ``index`` = year * 12 + (month - 1)."""

    index: int

    @classmethod
    def of(cls, year: int, month: int) -> YearMonth:
        return cls(year * 12 + month - 1)

    @classmethod
    def from_date(cls, day: date) -> YearMonth:
        return cls.of(day.year, day.month)

    @property
    def year(self) -> int:
        return self.index // 12

    @property
    def month(self) -> int:
        return self.index % 12 + 1

    def plus(self, months: int) -> YearMonth:
        return YearMonth(self.index + months)

    def minus(self, other: YearMonth) -> int:
        """Whole months from ``other`` to ``self``."""
        return self.index - other.index

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_year_month(value: object, field: str) -> YearMonth:
    """Accept 'YYYY-MM' (or a YearMonth); refuse anything else clearly."""
    if isinstance(value, YearMonth):
        return value
    text = value.strip() if isinstance(value, str) else None
    match = _YM.match(text) if text else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInputError(
            f"{field} 必须是“年-月”格式，例如 1972-03；收到的是“{value}”。",
            f"{field} must be a month like 1972-03 (YYYY-MM); got '{value}'.",
            code="invalid_month",
            details={"field": field, "value": str(value)},
        )
    return YearMonth.of(int(match.group(1)), int(match.group(2)))


def parse_day(value: object, field: str) -> date:
    """Accept 'YYYY-MM-DD', 'YYYY-MM' (= first day) or a date, from 0001-01-01 to 9999-12-31."""
    if isinstance(value, date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    match = _YMD.match(text)
    ym = None if match else _YM.match(text)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if ym and 1 <= int(ym.group(2)) <= 12:
            return YearMonth.of(int(ym.group(1)), int(ym.group(2))).first_day()
    except ValueError:  # 2026-02-30, or year 0000 (before the first date there is)
        pass
    raise InvalidInputError(
        f"{field} 必须是 0001-01-01 至 9999-12-31 之间的日期，例如 2026-08 或 2026-08-15；收到的是“{value}”。",
        f"{field} must be a date such as 2026-08 or 2026-08-15, between 0001-01-01 and 9999-12-31; got '{value}'.",
        code="invalid_date",
        details={"field": field, "value": str(value), "min": date.min.isoformat(), "max": date.max.isoformat()},
    )


def age_json(total_months: int) -> dict[str, int]:
    """Age in months -> {"years", "months"}."""
    return {"years": total_months // 12, "months": total_months % 12}
