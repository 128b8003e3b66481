"""Every rule the guide states names its source: a precaution, a step detail or a topic paragraph without
one fails `guide validate`, with the usual `path:line:col: field: message`."""

from __future__ import annotations

from pathlib import Path

from tests.content.test_loader_errors import edit, problems

NEEDS_SOURCE = ("a rule needs a source: list at least one id from legal.yaml (a law article, or a national or "
                "local document with its number and URL; add the document to legal.yaml first if it is not there)")


def test_precaution_without_legal_fails(fixture_content: Path) -> None:
    edit(fixture_content / "precautions.yaml", "    legal: [law-art-10]\n", "")
    assert problems(fixture_content) == [f"content/precautions.yaml:2:5: precautions.0.legal: {NEEDS_SOURCE}"]


def test_precaution_with_empty_legal_fails(fixture_content: Path) -> None:
    edit(fixture_content / "precautions.yaml", "    legal: [law-art-10]", "    legal: []")
    assert problems(fixture_content) == [f"content/precautions.yaml:5:12: precautions.0.legal: {NEEDS_SOURCE}"]


def test_step_detail_without_legal_fails(fixture_content: Path) -> None:
    edit(fixture_content / "steps.yaml", "    summary: {zh: 去登记。, en: Register.}\n",
         "    summary: {zh: 去登记。, en: Register.}\n    details:\n      - {zh: 带身份证。, en: Bring your ID.}\n")
    assert problems(fixture_content) == [f"content/steps.yaml:7:9: steps.0.details.0.legal: {NEEDS_SOURCE}"]


def test_step_detail_with_unknown_source_fails(fixture_content: Path) -> None:
    edit(fixture_content / "steps.yaml", "    summary: {zh: 去登记。, en: Register.}\n",
         "    summary: {zh: 去登记。, en: Register.}\n    details:\n"
         "      - {zh: 带身份证。, en: Bring your ID., legal: [law-art-11]}\n")
    assert problems(fixture_content) == [
        "content/steps.yaml:7:49: steps.0.details.0.legal.0: unknown legal article 'law-art-11': no such id in "
        "legal.yaml (known: law-art-10)"]


def test_topic_paragraph_without_legal_fails(fixture_content: Path) -> None:
    edit(fixture_content / "topics.yaml", ", legal: [law-art-10]}", "}")
    assert problems(fixture_content) == [
        f"content/topics.yaml:9:13: topics.0.sections.0.paragraphs.0.legal: {NEEDS_SOURCE}"]


def test_topic_paragraph_with_unknown_source_fails(fixture_content: Path) -> None:
    edit(fixture_content / "topics.yaml", "legal: [law-art-10]", "legal: [law-art-99]")
    assert problems(fixture_content) == [
        "content/topics.yaml:9:61: topics.0.sections.0.paragraphs.0.legal.0: unknown legal article 'law-art-99': "
        "no such id in legal.yaml (known: law-art-10)"]


def test_legal_summary_without_source_url_fails(fixture_content: Path) -> None:
    edit(fixture_content / "legal.yaml", "    source_url: https://example.org/law\n", "")
    assert problems(fixture_content) == ["content/legal.yaml:2:5: articles.0.source_url: required field is missing"]


def test_legal_effective_date_may_be_left_out(fixture_content: Path) -> None:
    from macros.content import load_content

    edit(fixture_content / "legal.yaml", "    effective_date: 2018-12-29\n", "")
    assert load_content(fixture_content).legal.articles[0].effective_date is None
