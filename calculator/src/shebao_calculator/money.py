"""Decimal helpers: strict parsing and half-up rounding to the cent.

Money is never a float: social-insurance bills are computed to the cent and
rounded half-up (四舍五入), which binary floats cannot do reliably.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .errors import InvalidInputError

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
ZERO = Decimal("0")
HUNDRED = Decimal("100")

# A private context so a caller changing the global decimal context cannot
# change our divisions.
_CTX = Context(prec=34, rounding=ROUND_HALF_UP)

# Far above any real figure, low enough that exact cent arithmetic never
# runs out of decimal precision.
MAX_INPUT = Decimal("1e12")

_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def cents(value: Decimal) -> Decimal:
    """Round half-up to the cent (0.005 -> 0.01)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_CTX)


def tenths(value: Decimal) -> Decimal:
    """Round half-up to one decimal (used for payout months)."""
    return value.quantize(TENTH, rounding=ROUND_HALF_UP, context=_CTX)


def div(a: Decimal, b: Decimal) -> Decimal:
    """Divide in the private context (34 significant digits)."""
    return _CTX.divide(a, b)


def parse_decimal(value: object, field: str, *, allow_zero: bool = True) -> Decimal:
    """Turn reader input (str/int/float/Decimal) into a finite, non-negative Decimal.

    Refuses booleans, NaN, infinities, negative numbers and text, each with a
    bilingual message naming the field.
    """
    if isinstance(value, bool) or value is None:
        raise _not_a_number(field, value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "")
        if _GROUPED.match(text):
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            raise _not_a_number(field, value) from None
    else:
        raise _not_a_number(field, value)
    if not number.is_finite():
        raise InvalidInputError(
            f"{field} 必须是有限的数字，不能是 NaN 或无穷大。",
            f"{field} must be a finite number, not NaN or infinity.",
            code="not_finite",
            details={"field": field, "value": str(value)},
        )
    if number < 0 or (number == 0 and number.is_signed()):
        if number != 0:
            raise InvalidInputError(
                f"{field} 不能是负数。",
                f"{field} cannot be negative.",
                code="negative_number",
                details={"field": field, "value": str(value)},
            )
        number = ZERO
    if number > MAX_INPUT:
        raise InvalidInputError(
            f"{field} 数值过大，最多为 1,000,000,000,000。",
            f"{field} is too large; the most it can be is 1,000,000,000,000.",
            code="too_large",
            details={"field": field, "value": str(value), "max": "1000000000000"},
        )
    if not allow_zero and number == 0:
        raise InvalidInputError(
            f"{field} 必须大于 0。",
            f"{field} must be greater than 0.",
            code="must_be_positive",
            details={"field": field, "value": str(value)},
        )
    return number


def _not_a_number(field: str, value: object) -> InvalidInputError:
    return InvalidInputError(
        f"{field} 必须是数字（例如 7546），收到的是“{value}”。",
        f"{field} must be a number (for example 7546); got '{value}'.",
        code="not_a_number",
        details={"field": field, "value": str(value)},
    )


def parse_int(value: object, field: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number within bounds (months, ages); refuses 12.5, True, 'abc'."""
    number = parse_decimal(value, field)
    if number != number.to_integral_value():
        raise InvalidInputError(
            f"{field} 必须是整数。",
            f"{field} must be a whole number.",
            code="not_an_integer",
            details={"field": field, "value": str(value)},
        )
    result = int(number)
    if result < minimum or (maximum is not None and result > maximum):
        upper = "" if maximum is None else str(maximum)
        raise InvalidInputError(
            f"{field} 必须在 {minimum}–{upper} 之间。" if maximum is not None else f"{field} 不能小于 {minimum}。",
            f"{field} must be between {minimum} and {upper}." if maximum is not None else f"{field} must be at least {minimum}.",
            code="out_of_range",
            details={"field": field, "value": str(value), "min": minimum, "max": maximum},
        )
    return result


def money_str(value: Decimal) -> str:
    """Plain JSON form of money: '1492.00' (no grouping)."""
    return f"{cents(value):f}"


def money_display(value: Decimal) -> str:
    """Human form with thousands separators: '7,460.00'."""
    return f"{cents(value):,.2f}"


def rate_display(rate: Decimal) -> str:
    """0.20 -> '20%', 0.095 -> '9.5%' (no trailing zeros, no float noise)."""
    pct = (rate * HUNDRED).normalize()
    text = f"{pct:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def plain_str(value: Decimal) -> str:
    """Decimal without exponent or trailing zeros: Decimal('15.50') -> '15.5'."""
    text = f"{value.normalize():f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
