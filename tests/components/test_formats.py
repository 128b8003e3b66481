"""The component templates' number filters are the engine's formats (one money formatter in Python)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, strategies as st

from macros.views.render import money, percent, whole
from shebao_calculator.money import money_display, rate_display

AMOUNTS = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)


@given(AMOUNTS)
def test_pages_show_money_as_the_engine_does(amount: Decimal) -> None:
    assert money(amount) == money(str(amount)) == money_display(amount)


def test_money_rounds_half_up_and_groups_thousands() -> None:
    assert [money(v) for v in ("0.005", "1234.565", "1000000", None)] == ["0.01", "1,234.57", "1,000,000.00", "—"]


def test_whole_and_percent() -> None:
    assert [whole(v) for v in ("8000", "8333.33", "8333.3")] == ["8,000", "8,333.33", "8,333.30"]
    assert [percent(v) for v in ("0.20", "0.095", "0.0075")] == ["20%", "9.5%", "0.75%"]
    assert percent("0.16") == rate_display(Decimal("0.16"))
