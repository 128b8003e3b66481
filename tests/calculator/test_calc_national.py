"""National rules as content: what passes `guide validate` loads in the engine, the vectors' data is the
real export (the page script's strings: tests/components/test_script_strings.py)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shebao_calculator import DataError, load_national, retirement

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "vectors"))

from macros.content import ContentError, load_content  # noqa: E402
from macros.content.export import calculator_data  # noqa: E402

import make_national_data  # noqa: E402


def test_national_vector_data_is_the_current_export() -> None:
    """The vectors run on the real rules: regenerate with tests/vectors/make_national_data.py."""
    on_disk = (make_national_data.TARGET).read_text(encoding="utf-8")
    assert on_disk == make_national_data.render(make_national_data.national_export()), \
        "tests/vectors/national-data.json is stale: run .venv/bin/python tests/vectors/make_national_data.py"


def test_real_content_loads_in_the_engine() -> None:
    data = calculator_data(load_content(ROOT / "content"))
    rules = load_national(data)
    assert rules.groups["female-50"].step_months == 2 and rules.payout[47] == 207
    assert rules.minimum_months(2029) == 180 and rules.minimum_months(2030) == 186 and rules.minimum_months(2050) == 240
    out = retirement("1980-01", "female", 50, rules=data).to_json()
    assert out["retirement_age_text"]["zh"] == "52岁7个月"


def _export(root: Path) -> dict[str, Any]:
    return calculator_data(load_content(root))


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "national.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    step=st.integers(min_value=-2, max_value=14),
    cap=st.integers(min_value=-5, max_value=130),
    rows=st.lists(st.integers(min_value=-10, max_value=700), min_size=0, max_size=4),
    rate=st.sampled_from(["0.08", "0.2", "1.5", "-0.1", "0"]),
    first_age=st.integers(min_value=25, max_value=40),
)
def test_what_validates_loads_in_the_engine(fixture_content: Path, step: int, cap: int, rows: list[int],
                                            rate: str, first_age: int) -> None:
    """Property: for edited national rules, `guide validate` passing implies the engine accepts the export,
    and the engine's answer follows the edited rule (it reads the content, not constants)."""
    original = (fixture_content / "national.yaml").read_text(encoding="utf-8")
    try:
        _edit(fixture_content, "      step_months: 4\n      max_delay_months: 36\n",
              f"      step_months: {step}\n      max_delay_months: {cap}\n")
        extra = "".join(f"    - {{from_year: {2040 + i}, months: {m}}}\n" for i, m in enumerate(rows))
        _edit(fixture_content, "    - {from_year: 2039, months: 240}\n", "    - {from_year: 2039, months: 240}\n" + extra)
        _edit(fixture_content, "  rate: 0.08\n", f"  rate: {rate}\n")
        _edit(fixture_content, "    - {age: 40, months: 233}\n",
              "".join(f"    - {{age: {a}, months: {233 + 4 * (40 - a)}}}\n" for a in range(first_age, 41)))
        try:
            data = _export(fixture_content)
        except ContentError:
            return  # refused by the validator: nothing reaches the engine
        rules = load_national(data)  # never a DataError for content that validated
        assert rules.groups["male"].step_months == step and rules.groups["male"].max_delay_months == cap
        assert rules.minimum_months(2040 + len(rows) - 1) == (rows[-1] if rows else 240)
        assert min(rules.payout) == first_age
        man = retirement("1990-01", "male", rules=rules)
        assert man.delay == min(cap, (2050 - 2025) * 12 // step + 1)
    finally:
        (fixture_content / "national.yaml").write_text(original, encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("      step_months: 2\n", "      step_months: 0\n", "retirement.groups.2.step_months"),
        ("    - {from_year: 2031, months: 192}\n", "    - {from_year: 2031, months: 170}\n", "minimum_contribution.years"),
        ("    - {age: 47, months: 207}\n", "    - {age: 47, months: 208}\n", None),
        ("    - {age: 48, months: 204}\n", "    - {age: 48, months: 210}\n", "payout_months.ages"),
        ("  sources: [state-council-2019-13]\n", "  sources: [no-such-source]\n", "unknown source 'no-such-source'"),
        ("  valid_from: 2025-01-01\n  sources: [npc-retirement-2024]\n  groups:",
         "  valid_from: 2025-01-02\n  sources: [npc-retirement-2024]\n  groups:", "first day of a month"),
    ],
)
def test_validator_names_the_place(fixture_content: Path, old: str, new: str, fragment: str | None) -> None:
    """Bad national rules fail `guide validate` with path:line:col; a fine edit (47 → 208) loads."""
    _edit(fixture_content, old, new)
    if fragment is None:
        assert load_national(_export(fixture_content)).payout[47] == 208
        return
    with pytest.raises(ContentError) as exc:
        load_content(fixture_content)
    lines = [str(p) for p in exc.value.problems]
    assert any(fragment in line and re.match(r"^.*national\.yaml:\d+:\d+: ", line) for line in lines), lines


def test_catalogue_key_the_engine_needs_is_a_content_error(fixture_content: Path) -> None:
    ui = fixture_content / "ui.yaml"
    ui.write_text(re.sub(r"^  pension-step-basic:.*\n", "", ui.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_content(fixture_content)
    assert any("ui.yaml" in str(p) and "pension-step-basic" in str(p) for p in exc.value.problems)


def test_engine_refuses_data_without_a_message() -> None:
    data = json.loads(make_national_data.TARGET.read_text(encoding="utf-8"))
    del data["messages"]["retire-step-delay"]
    with pytest.raises(DataError) as exc:
        load_national(data)
    assert exc.value.details["path"] == "$.messages.retire-step-delay"
