"""`guide sources`: every figure with its source, confidence and check date, oldest check first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.cli import main


def run_json(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    assert main(["sources", "--content", str(root), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_figure_is_listed_oldest_check_first(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(fixture_content, capsys)
    dates = [r["checked_on"] for r in rows]
    assert dates == sorted(dates)
    # The fixture: national-pension checked 2026-10-01, base-2025 checked 2026-11-01; resident sources
    # 2026-09-01 (pension) and 2026-10-01 (medical).
    assert dates[0] == "2026-09-01" and rows[0]["owner"] == "resident"
    city = [(r["period"], r["figure"], r["source"], r["confidence"]) for r in rows if r["owner"] == "testcity"]
    assert city == [
        ("2024-07-01", "pension", "national-pension", "secondary"),
        ("2025-07-01", "pension", "national-pension", "secondary"),
        ("2024-07-01", "base", "base-2025", "official"),
        ("2025-07-01", "base", "base-2025", "official"),
        ("2025-07-01", "medical", "base-2025", "official"),
        ("2025-07-01", "unemployment", "base-2025", "official"),
    ]
    base = next(r for r in rows if r["figure"] == "base")
    assert base["document_number"] == "测人社发〔2025〕1号" and base["url"] == "https://example.org/2025"


def test_a_recheck_moves_a_source_to_the_end(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = fixture_content / "cities" / "testcity.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("checked_on: 2026-10-01", "checked_on: 2026-12-01"),
                    encoding="utf-8")
    rows = run_json(fixture_content, capsys)
    assert rows[-1]["source"] == "national-pension" and rows[-1]["checked_on"] == "2026-12-01"


def test_table_output(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--content", str(fixture_content)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["checked", "on"]
    assert lines[1].split()[:3] == ["2026-09-01", "secondary", "resident"]
    assert "测人社发〔2025〕1号" in "\n".join(lines)
    assert lines[-1].endswith("oldest check 2026-09-01")


def test_invalid_content_is_reported(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fixture_content / "steps.yaml").write_text("steps: [", encoding="utf-8")
    assert main(["sources", "--content", str(fixture_content)]) == 1
    assert "guide validate" in capsys.readouterr().err


def test_national_rules_are_listed(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each national rule with each of its sources, under owner 'national', its period its valid_from."""
    rows = [r for r in run_json(fixture_content, capsys) if r["owner"] == "national"]
    pairs = {(r["figure"], r["source"]) for r in rows}
    assert ("retirement", "npc-retirement-2024") in pairs
    assert ("minimum_contribution", "si-law") in pairs and ("minimum_contribution", "npc-retirement-2024") in pairs
    assert ("early_notice", "mohrss-flexible-retirement-2024") in pairs
    payout = next(r for r in rows if r["figure"] == "payout_months")
    assert (payout["document_number"], payout["confidence"], payout["period"]) == ("国发〔2005〕38号", "secondary", "")
    assert next(r for r in rows if r["figure"] == "retirement")["period"] == "2025-01-01"
