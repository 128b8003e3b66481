"""Hostile content: every case gives `guide validate` a clear `path:line:col` problem, fast.

The time limit is the harness's (the subprocess is killed after VALIDATE_TIMEOUT seconds and the test
fails), not an assertion on a measured time.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.content import ContentError, load_content

from hostile_cases import EXPECTED, HOSTILE, make_hostile_tree

PROJECT = Path(__file__).resolve().parents[2]

VALIDATE_TIMEOUT = 60  # seconds; on the shared 2-core machine it takes about one


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, subprocess.CompletedProcess[str]]]:
    root = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(PROJECT / "tests" / "fixtures" / "content", root)
    shutil.copy(PROJECT / "content" / "ui.yaml", root / "ui.yaml")
    make_hostile_tree(root)
    try:
        run = subprocess.run([sys.executable, "-m", "macros.cli", "validate", "--content", str(root)],
                             cwd=root.parent, capture_output=True, text=True, timeout=VALIDATE_TIMEOUT,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"guide validate did not finish within {VALIDATE_TIMEOUT} s on the hostile content")
    yield root, run


def test_validate_fails_cleanly(hostile_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, run = hostile_run
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "Internal error" not in run.stderr, run.stderr
    assert "content OK" not in run.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_case_has_a_located_problem(hostile_run: tuple[Path, subprocess.CompletedProcess[str]], name: str) -> None:
    _, run = hostile_run
    lines = [line for line in run.stderr.splitlines() if line.startswith(f"content/{name}:")]
    expected = f"content/{name}{EXPECTED[name]}"
    assert any(line.startswith(expected) for line in lines), f"want {expected!r}, got {lines}"


def test_every_git_kept_case_is_expected() -> None:
    assert {f"cities/{path.name}" for path in HOSTILE.glob("*.yaml")} <= set(EXPECTED)


def test_byte_order_mark_is_accepted(fixture_content: Path) -> None:
    city = fixture_content / "cities" / "testcity.yaml"
    city.write_bytes(b"\xef\xbb\xbf" + city.read_bytes())
    assert [c.id for c in load_content(fixture_content, today=dt.date(2026, 1, 1)).cities] == ["testcity"]


def test_anchors_within_the_bound_still_work(fixture_content: Path) -> None:
    city = fixture_content / "cities" / "testcity.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace(
        "    pension: {rate: 0.20, personal_account_rate: 0.08, sources: [national-pension]}\n  - valid_from: 2025",
        "    pension: &pension {rate: 0.20, personal_account_rate: 0.08, sources: [national-pension]}\n"
        "  - valid_from: 2025", 1).replace(
        "    base: {min: 6000, max: 30000, average_wage: 10000, sources: [base-2025]}\n"
        "    pension: {rate: 0.20, personal_account_rate: 0.08, sources: [national-pension]}",
        "    base: {min: 6000, max: 30000, average_wage: 10000, sources: [base-2025]}\n    pension: *pension", 1),
        encoding="utf-8")
    assert "*pension" in city.read_text(encoding="utf-8")
    content = load_content(fixture_content, today=dt.date(2026, 1, 1))
    assert content.cities[0].periods[1].pension.rate == content.cities[0].periods[0].pension.rate


def test_one_hostile_file_does_not_hide_the_others(fixture_content: Path) -> None:
    (fixture_content / "cities" / "zero.yaml").symlink_to("/dev/zero")
    steps = fixture_content / "steps.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("title: {zh: 缴费, en: Pay}", "title: {zh: 缴费}"),
                     encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(fixture_content, today=dt.date(2026, 1, 1), display_base=fixture_content.parent)
    shown = [str(p) for p in caught.value.problems]
    assert any(line.startswith("content/cities/zero.yaml:1:1: (file): is a symbolic link") for line in shown)
    assert any(line.startswith("content/steps.yaml:13:12: steps.1.title: missing translation") for line in shown)


def test_ui_placeholders_are_plain_names(fixture_content: Path) -> None:
    ui = fixture_content / "ui.yaml"
    text = ui.read_text(encoding="utf-8")
    assert "{city}" in text
    ui.write_text(text.replace("{city}", "{city.__class__.__init__}", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(fixture_content, today=dt.date(2026, 1, 1), display_base=fixture_content.parent)
    [problem] = [str(p) for p in caught.value.problems]
    assert ": placeholder {city.__class__.__init__} must be a plain name such as {city}" in problem
    assert problem.startswith("content/ui.yaml:")
