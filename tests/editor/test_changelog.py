"""The change log of figures, generated from the fixture's two periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from macros.content import load_content
from macros.content.changelog import figure_changes


def test_fixture_changes(fixture_content: Path) -> None:
    content = load_content(fixture_content, today=dt.date(2026, 1, 1))
    changes = [c for c in figure_changes(content) if c.owner != "national"]  # national: test_national_changes
    summary = [(c.owner, c.figure, c.on, [s.id for s in c.sources]) for c in changes]
    assert summary == [
        ("testcity", "base.min", dt.date(2025, 7, 1), ["base-2025"]),
        ("testcity", "base.max", dt.date(2025, 7, 1), ["base-2025"]),
        ("testcity", "base.average_wage", dt.date(2025, 7, 1), ["base-2025"]),
        ("testcity", "medical", dt.date(2025, 7, 1), ["base-2025"]),
        ("testcity", "unemployment", dt.date(2025, 7, 1), ["base-2025"]),
    ]
    by_figure = {c.figure: c for c in changes}
    assert (by_figure["base.min"].old, by_figure["base.min"].new) == (Decimal(5000), Decimal(6000))
    assert (by_figure["base.average_wage"].old, by_figure["base.average_wage"].new) == (Decimal("8333.33"), Decimal(10000))
    assert by_figure["medical"].old is None and by_figure["medical"].new.rate == Decimal("0.10")
    assert by_figure["unemployment"].old is None and by_figure["unemployment"].new.kind == "not_available"
    # The pension rate did not change, and the resident year with no published figure is not a change.
    assert "pension.rate" not in by_figure and all(c.owner == "testcity" for c in changes)


def test_new_period_shows_up_newest_first(fixture_content: Path) -> None:
    path = fixture_content / "cities" / "testcity.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - valid_from: 2025-07-01\n", "  - valid_from: 2025-07-01\n    valid_until: 2026-06-30\n")
    text += ("  - valid_from: 2026-07-01\n"
             "    base: {min: 6500, max: 30000, average_wage: 10000, sources: [base-2025]}\n"
             "    pension: {rate: 0.20, personal_account_rate: 0.08, sources: [national-pension]}\n"
             "    medical: {kind: rate, rate: 0.10, base: {kind: pension}, sources: [base-2025]}\n"
             "    unemployment: {kind: not_available, sources: [base-2025]}\n")
    path.write_text(text, encoding="utf-8")
    changes = figure_changes(load_content(fixture_content, today=dt.date(2026, 8, 1)))
    assert (changes[0].figure, changes[0].on, changes[0].old, changes[0].new) == (
        "base.min", dt.date(2026, 7, 1), Decimal(6000), Decimal(6500))
    assert [c.on for c in changes] == sorted((c.on for c in changes), reverse=True)


def test_resident_premium_change(fixture_content: Path) -> None:
    path = fixture_content / "resident.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{year: 2099, sources: [national-medical]}", "{year: 2099, individual_min: 420, sources: [national-medical]}"),
        encoding="utf-8")
    [change] = [c for c in figure_changes(load_content(fixture_content, today=dt.date(2026, 1, 1)))
                if c.owner == "resident"]
    assert (change.figure, change.old, change.new, change.on.year) == ("medical.individual_min", 400, 420, 2099)


def test_national_changes(fixture_content: Path) -> None:
    """The national rules' changes, from content/national.yaml: the retirement age of each group starts
    rising on 2025-01-01; the minimum contribution years step up from 2030, each step once in force."""
    content = load_content(fixture_content, today=dt.date(2026, 1, 1))
    national = [c for c in figure_changes(content, today=dt.date(2026, 1, 1)) if c.owner == "national"]
    assert [(c.figure, c.on, c.old) for c in national] == [
        ("retirement.female-50", dt.date(2025, 1, 1), 50),
        ("retirement.female-55", dt.date(2025, 1, 1), 55),
        ("retirement.male", dt.date(2025, 1, 1), 60),
    ]
    assert all([s.id for s in c.sources] == ["npc-retirement-2024"] for c in national)
    later = [c for c in figure_changes(content, today=dt.date(2031, 6, 1)) if c.figure == "minimum_contribution"]
    assert [(c.on, c.old, c.new) for c in later] == [
        (dt.date(2031, 1, 1), Decimal("15.5"), Decimal(16)), (dt.date(2030, 1, 1), Decimal(15), Decimal("15.5"))]
    assert [s.id for s in later[0].sources] == ["si-law", "npc-retirement-2024"]
