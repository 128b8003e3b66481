"""`guide validate --strict` fails on stale figures; plain `validate` only warns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from macros.cli import main


def end_latest_period(root: Path, until: dt.date) -> None:
    path = root / "cities" / "testcity.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - valid_from: 2025-07-01\n"
    assert old in text
    path.write_text(text.replace(old, f"{old}    valid_until: {until.isoformat()}\n"), encoding="utf-8")


def test_stale_fixture_fails_strict(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    end_latest_period(fixture_content, dt.date.today() - dt.timedelta(days=1))
    assert main(["validate", "--content", str(fixture_content), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "warning: stale figures: the latest period ended on" in err
    assert "--strict makes them errors" in err


def test_stale_fixture_only_warns_without_strict(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    end_latest_period(fixture_content, dt.date.today() - dt.timedelta(days=1))
    assert main(["validate", "--content", str(fixture_content)]) == 0
    assert "stale figures" in capsys.readouterr().err


@pytest.mark.parametrize("until", [None, dt.date.today(), dt.date.today() + dt.timedelta(days=365)])
def test_current_fixture_passes_strict(fixture_content: Path, capsys: pytest.CaptureFixture[str],
                                       until: dt.date | None) -> None:
    if until is not None:
        end_latest_period(fixture_content, until)
    assert main(["validate", "--content", str(fixture_content), "--strict"]) == 0
    assert "stale" not in capsys.readouterr().err


def test_stale_resident_year_fails_strict(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = fixture_content / "resident.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    - {year: 2099, sources: [national-medical]}\n", ""),
                    encoding="utf-8")
    assert main(["validate", "--content", str(fixture_content), "--strict"]) == 1
    assert "resident.yaml" in capsys.readouterr().err
