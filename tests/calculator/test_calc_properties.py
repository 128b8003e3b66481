"""Property tests: invariants that must hold for every input, not just examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from shebao_calculator import BaseOutOfRangeError, calculate_premiums, load_data, retirement  # noqa: E402
from shebao_calculator.months import YearMonth  # noqa: E402

from national_fixture import RULES  # noqa: E402

TODAY = date(2026, 11, 27)
CASES = [("alpha", "2026-03-01"), ("beta", "2025-03-01"), ("gamma", "2026-03-01"), ("delta", "2026-03-01"), ("epsilon", "2026-03-01")]


@pytest.fixture(scope="module")
def dataset(fixture_path):
    import json

    return load_data(json.loads(fixture_path.read_text(encoding="utf-8")))


def _bounds(dataset, city, day):
    p = dataset.city(city).period_on(date.fromisoformat(day))
    return p.base.min, p.base.max


cents_strategy = st.integers(min_value=0, max_value=5_000_000).map(lambda c: Decimal(c) / 100)


@settings(max_examples=300, deadline=None)
@given(case=st.sampled_from(CASES), a=cents_strategy, b=cents_strategy)
def test_premiums_nonnegative_monotonic_and_bounded(dataset, case, a, b) -> None:
    city, day = case
    lo, hi = _bounds(dataset, city, day)
    lo_base, hi_base = sorted((a, b))
    results = []
    for base in (lo_base, hi_base):
        if base == 0:
            continue
        if base < lo or base > hi:
            with pytest.raises(BaseOutOfRangeError):
                calculate_premiums(dataset, city, base, day)
            continue
        r = calculate_premiums(dataset, city, base, day)
        m = r.monthly
        for v in (m.pension, m.pension_personal_account, m.pension_pooled, m.medical or 0, m.unemployment or 0, m.total):
            assert v >= 0
        assert m.pension_personal_account <= m.pension
        assert m.pension_pooled == m.pension - m.pension_personal_account
        assert r.annual.total == m.total * 12
        results.append(m)
    if len(results) == 2:
        x, y = results
        assert x.pension <= y.pension
        assert x.total <= y.total
        assert (x.medical or 0) <= (y.medical or 0)


@settings(max_examples=300, deadline=None)
@given(
    group=st.sampled_from(sorted(RULES.groups)),
    index=st.integers(min_value=YearMonth.of(1940, 1).index, max_value=YearMonth.of(2010, 12).index - 1),
)
def test_retirement_invariants(group, index) -> None:
    sex = "male" if group == "male" else "female"
    oa = None if group == "male" else int(group.split("-")[1])
    original_age, cap = RULES.groups[group].original_age, RULES.groups[group].max_delay_months
    birth = YearMonth(index)
    a = retirement(str(birth), sex, oa, today=TODAY, rules=RULES)
    b = retirement(str(birth.plus(1)), sex, oa, today=TODAY, rules=RULES)
    assert 0 <= a.delay <= cap
    assert a.retirement_age_months >= original_age * 12
    assert a.retirement_month >= a.original_month
    assert a.early_month >= a.original_month
    assert a.retirement_month.minus(a.early_month) <= RULES.early_max_months
    # later birth never retires earlier, and its delay is never smaller
    assert b.delay >= a.delay
    assert b.retirement_month > a.retirement_month
    assert a.months_still_needed is None
