"""Each class of content error, with its exact message and line (what an editor sees)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from macros.content import ContentError, load_content
from macros.content.yaml_source import Problem


def problems(root: Path, today: dt.date = dt.date(2026, 1, 1)) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root, today=today, display_base=root.parent)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_valid(fixture_content: Path) -> None:
    content = load_content(fixture_content, today=dt.date(2026, 1, 1))
    assert [c.id for c in content.cities] == ["testcity"]
    assert content.warnings == []


def test_yaml_syntax_error_names_line_and_column(fixture_content: Path) -> None:
    edit(fixture_content / "precautions.yaml", "    body: {zh: 别断缴。, en: Do not miss a month.}",
         "    body: {zh: 别断缴。, en: Do not miss a month.")
    [line] = problems(fixture_content)
    # YAML notices the unclosed mapping where the next key starts.
    assert line == ("content/precautions.yaml:5:10: (yaml): YAML syntax error: while parsing a flow mapping "
                    "expected ',' or '}', but got ':'")


def test_duplicate_key(fixture_content: Path) -> None:
    edit(fixture_content / "steps.yaml", "    cost: {zh: 免费, en: Free}\n",
         "    cost: {zh: 免费, en: Free}\n    cost: {zh: 收费, en: Paid}\n")
    assert problems(fixture_content) == [
        "content/steps.yaml:9:5: steps.0.cost: duplicate key 'cost' (first defined on line 8); "
        "YAML would silently keep only the last one"]


def test_unknown_key_is_reported_as_typo(fixture_content: Path) -> None:
    edit(fixture_content / "steps.yaml", "    duration: {zh: 当天, en: Same day}", "    durration: {zh: 当天, en: Same day}")
    assert problems(fixture_content) == [
        "content/steps.yaml:3:5: steps.0.duration: required field is missing",
        "content/steps.yaml:9:5: steps.0.durration: unknown key (a typo?); remove it or check the spelling "
        "against the schema",
    ]


def test_wrong_type(fixture_content: Path) -> None:
    edit(fixture_content / "checklist.yaml", "    copies: 1", "    copies: one")
    assert problems(fixture_content) == [
        "content/checklist.yaml:24:13: items.1.copies: Input should be a valid integer, unable to parse string as an integer"]


def test_rate_out_of_range(fixture_content: Path) -> None:
    edit(fixture_content / "cities/testcity.yaml", "pension: {rate: 0.20, personal_account_rate: 0.08, sources: [national-pension]}\n  - valid_from: 2025",
         "pension: {rate: 20, personal_account_rate: 0.08, sources: [national-pension]}\n  - valid_from: 2025")
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:21:21: periods.0.pension.rate: a rate is a fraction between 0 and 1, got 20; "
        "write 0.20 for 20%"]


def test_missing_translation(fixture_content: Path) -> None:
    edit(fixture_content / "steps.yaml", "    title: {zh: 缴费, en: Pay}", "    title: {zh: 缴费}")
    assert problems(fixture_content) == [
        "content/steps.yaml:13:12: steps.1.title: missing translation: add the 'en' text "
        "(every reader-facing text needs zh and en)"]


def test_yaml_boolean_instead_of_text(fixture_content: Path) -> None:
    edit(fixture_content / "insurance.yaml", 'flexible_note: {zh: 不能, en: "No"}', "flexible_note: {zh: 不能, en: No}")
    [line] = problems(fixture_content)
    assert line.startswith("content/insurance.yaml:5:")
    assert line.endswith("insurance.3.flexible_note: 'en' was read as true/false (YAML turns Yes, No, On, Off "
                         "into booleans); put the text in quotes")


def test_duplicate_id(fixture_content: Path) -> None:
    edit(fixture_content / "checklist.yaml", "  - id: residence-permit", "  - id: id-card")
    assert problems(fixture_content) == [
        "content/checklist.yaml:20:9: items.1.id: duplicate item id 'id-card' (first used on line 14)"]


def test_reference_to_unknown_id(fixture_content: Path) -> None:
    edit(fixture_content / "steps.yaml", "    documents: [id-card]", "    documents: [id-crad]")
    edit(fixture_content / "checklist.yaml", "    applies_to: [non-local-hukou]", "    applies_to: [nonlocal]")
    assert problems(fixture_content) == [
        "content/checklist.yaml:27:18: items.1.applies_to.0: unknown condition 'nonlocal': no such id in "
        "conditions[].options (known: local-hukou, non-local-hukou)",
        "content/steps.yaml:10:17: steps.0.documents.0: unknown document 'id-crad': no such id in checklist.yaml "
        "items (known: id-card, residence-permit)",
    ]


def test_unknown_source_reference(fixture_content: Path) -> None:
    edit(fixture_content / "cities/testcity.yaml", "medical: {kind: rate, rate: 0.10, base: {kind: pension}, sources: [base-2025]}",
         "medical: {kind: rate, rate: 0.10, base: {kind: pension}, sources: [base-2026]}")
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:25:72: periods.1.medical.sources.0: unknown source 'base-2026': no such id "
        "in this city's sources list (known: base-2025, national-pension)"]


def test_period_ends_before_it_starts(fixture_content: Path) -> None:
    edit(fixture_content / "cities/testcity.yaml", "valid_until: 2025-06-30", "valid_until: 2024-06-30")
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:18:5: periods.0: valid_until (2024-06-30) is before valid_from (2024-07-01)"]


def test_overlapping_periods(fixture_content: Path) -> None:
    edit(fixture_content / "cities/testcity.yaml", "valid_until: 2025-06-30", "valid_until: 2025-07-31")
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:22:17: periods.1.valid_from: overlapping periods: this period starts "
        "2025-07-01 but the previous one (from 2024-07-01) runs until 2025-07-31"]


def test_city_id_must_match_file_name(fixture_content: Path) -> None:
    edit(fixture_content / "cities/testcity.yaml", "id: testcity", "id: test-city")
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:1:5: id: city id 'test-city' must equal the file name 'testcity'"]


def test_every_problem_reported_in_one_run(fixture_content: Path) -> None:
    edit(fixture_content / "steps.yaml", "    title: {zh: 缴费, en: Pay}", "    title: {zh: 缴费}")
    edit(fixture_content / "checklist.yaml", "    copies: 1", "    copies: one")
    edit(fixture_content / "cities/testcity.yaml", "valid_until: 2025-06-30", "valid_until: 2025-07-31")
    lines = problems(fixture_content)
    assert len(lines) == 3
    assert all(re.match(r"^content/[\w/]+\.yaml:\d+:\d+: [\w.]+: .+", line) for line in lines)


def test_stale_latest_period_is_a_warning(fixture_content: Path) -> None:
    edit(fixture_content / "cities/testcity.yaml", "  - valid_from: 2025-07-01\n",
         "  - valid_from: 2025-07-01\n    valid_until: 2026-06-30\n")
    current = load_content(fixture_content, today=dt.date(2026, 6, 30))
    assert current.warnings == []
    stale = load_content(fixture_content, today=dt.date(2026, 7, 1), display_base=fixture_content.parent)
    assert [str(w) for w in stale.warnings] == [
        "content/cities/testcity.yaml:23:18: periods.1.valid_until: warning: stale figures: the latest period ended "
        "on 2026-06-30; add the new period (guide new-city shows the shape), extend valid_until if the bureau "
        "says the figures still apply, or record in no_newer_figures the day you looked and found none"]


def _ended_with_look(fixture_content: Path, checked_on: str, sources: str = "[base-2025]") -> None:
    """The latest period ends on 2026-06-30; an editor records when they looked for newer figures."""
    city = fixture_content / "cities/testcity.yaml"
    edit(city, "  - valid_from: 2025-07-01\n", "  - valid_from: 2025-07-01\n    valid_until: 2026-06-30\n")
    city.write_text(city.read_text(encoding="utf-8")
                    + f"no_newer_figures: {{checked_on: {checked_on}, sources: {sources}}}\n", encoding="utf-8")


def test_recent_look_for_newer_figures_keeps_an_ended_period_valid(fixture_content: Path) -> None:
    _ended_with_look(fixture_content, "2026-09-15")
    assert load_content(fixture_content, today=dt.date(2026, 10, 16)).warnings == []


def test_look_for_newer_figures_expires(fixture_content: Path) -> None:
    _ended_with_look(fixture_content, "2026-09-15")
    stale = load_content(fixture_content, today=dt.date(2026, 10, 17), display_base=fixture_content.parent)
    assert [str(w) for w in stale.warnings] == [
        "content/cities/testcity.yaml:28:32: no_newer_figures.checked_on: warning: stale figures: the latest "
        "period ended on 2026-06-30 and the last look for newer figures was on 2026-09-15, 32 days ago (more than "
        "31); look again and update checked_on, or add the new period"]


def test_look_for_newer_figures_before_the_period_ended_does_not_count(fixture_content: Path) -> None:
    _ended_with_look(fixture_content, "2026-06-30")
    stale = load_content(fixture_content, today=dt.date(2026, 7, 10), display_base=fixture_content.parent)
    assert [str(w) for w in stale.warnings] == [
        "content/cities/testcity.yaml:28:32: no_newer_figures.checked_on: warning: stale figures: the latest "
        "period ended on 2026-06-30, but this look for newer figures was on 2026-06-30, before it ended; look again"]


def test_look_for_newer_figures_left_over_while_period_in_force(fixture_content: Path) -> None:
    _ended_with_look(fixture_content, "2026-06-01")
    current = load_content(fixture_content, today=dt.date(2026, 6, 15), display_base=fixture_content.parent)
    assert [str(w) for w in current.warnings] == [
        "content/cities/testcity.yaml:28:19: no_newer_figures: warning: the latest period (from 2025-07-01) is in "
        "force; remove no_newer_figures, it was about the period before"]


def test_look_for_newer_figures_cites_sources_checked_that_day(fixture_content: Path) -> None:
    _ended_with_look(fixture_content, "2026-11-15", "[base-2025]")  # base-2025 was checked on 2026-11-01
    found = load_content(fixture_content, today=dt.date(2026, 11, 20), display_base=fixture_content.parent)
    assert [str(w) for w in found.warnings] == [
        "content/cities/testcity.yaml:28:54: no_newer_figures.sources.0: warning: source 'base-2025' was last "
        "checked on 2026-11-01, before this look (2026-11-15); cite what you looked at that day and update its "
        "checked_on"]


def test_look_for_newer_figures_needs_known_sources_and_a_past_date(fixture_content: Path) -> None:
    _ended_with_look(fixture_content, "2026-09-15", "[bureau-list]")
    assert problems(fixture_content, today=dt.date(2026, 9, 14)) == [
        "content/cities/testcity.yaml:28:32: no_newer_figures.checked_on: checked_on (2026-09-15) is in the "
        "future; write the day you looked",
        "content/cities/testcity.yaml:28:54: no_newer_figures.sources.0: unknown source 'bureau-list': no such id "
        "in this city's sources list (known: base-2025, national-pension)"]


def test_problem_format() -> None:
    assert str(Problem("content/a.yaml", 3, 7, "x.y", "bad")) == "content/a.yaml:3:7: x.y: bad"


MEDICAL = "medical: {kind: rate, rate: 0.10, base: {kind: pension}, sources: [base-2025]}"


@pytest.mark.parametrize(("rule", "expected"), [
    ("medical: {kind: percent, rate: 0.10, sources: [base-2025]}",
     "25:14: periods.1.medical: kind must be 'rate', 'fixed', 'grades' or 'not_available'"),
    ("medical: {kind: rate, rate: 0.10, base: {kind: income}, sources: [base-2025]}",
     "25:45: periods.1.medical.base: base kind must be 'pension', 'chosen', 'declared' or 'reference_wage'"),
    ("medical: {kind: rate, rate: 0.095, base: {kind: pension}, parts: [{name: {zh: 基本, en: Basic}, rate: 0.08}, "
     "{name: {zh: 大病, en: Serious}, rate: 0.01}], sources: [base-2025]}",
     "25:70: periods.1.medical.parts: the parts add up to 0.09, not to rate (0.095)"),
    ("medical: {kind: fixed, monthly: 584.92, yearly: 7019.04, sources: [base-2025]}",
     "25:53: periods.1.medical.yearly: give exactly one of 'monthly' or 'yearly'"),
    ("medical: {kind: grades, grades: [{id: g1, name: {zh: 一档, en: G1}, yearly: 3075}, "
     "{id: g1, name: {zh: 二档, en: G2}, yearly: 6765}], sources: [base-2025]}",
     "25:37: periods.1.medical.grades: duplicate grade id 'g1'"),
    ("medical: {kind: rate, rate: 0.08, base: {kind: declared, min: 9000, max: 6000}, sources: [base-2025]}",
     "25:78: periods.1.medical.base.max: min (9000) is above max (6000)"),
    ("medical: {kind: rate, rate: 0.08, base: {kind: reference_wage, wage_name: {zh: 工资, en: wage}, wage: 7646, "
     "share: 1.5}, sources: [base-2025]}",
     "25:118: periods.1.medical.base.share: a rate is a fraction between 0 and 1, got 1.5; write 0.20 for 20%"),
])
def test_insurance_rule_errors(fixture_content: Path, rule: str, expected: str) -> None:
    edit(fixture_content / "cities/testcity.yaml", MEDICAL, rule)
    assert problems(fixture_content) == [f"content/cities/testcity.yaml:{expected}"]
