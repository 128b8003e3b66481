"""The content style check: each kind of warning with its exact message, --strict, and the real content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from macros.cli import main
from macros.content import load_content
from tests.content.test_loader_errors import edit

PROJECT = Path(__file__).resolve().parents[2]
BODY = "    body: {zh: 别断缴。, en: Do not miss a month.}"


def warnings(root: Path) -> list[str]:
    return [str(p) for p in load_content(root, today=dt.date(2026, 1, 1), display_base=root.parent).warnings]


def with_body(root: Path, zh: str = "别断缴。", en: str = "Do not miss a month.") -> list[str]:
    edit(root / "precautions.yaml", BODY, f"    body: {{zh: '{zh}', en: '{en}'}}")
    return warnings(root)


def test_ascii_quotes_in_chinese(fixture_content: Path) -> None:
    assert with_body(fixture_content, zh='别"断缴"。') == [
        'content/precautions.yaml:4:16: precautions.0.body.zh: warning: ASCII quotation mark " in Chinese text '
        '(别"断缴"。): use “ ” (or ‘ ’ inside them)',
        'content/precautions.yaml:4:16: precautions.0.body.zh: warning: ASCII quotation mark " in Chinese text '
        '(别"断缴"。): use “ ” (or ‘ ’ inside them)',
    ]


def test_half_width_punctuation_next_to_chinese(fixture_content: Path) -> None:
    assert with_body(fixture_content, zh="别断缴,按时缴(每月)") == [
        "content/precautions.yaml:4:16: precautions.0.body.zh: warning: half-width ',' in Chinese text "
        "(别断缴,按时缴(每月…): use '，'",
        "content/precautions.yaml:4:16: precautions.0.body.zh: warning: half-width '(' in Chinese text "
        "(…断缴,按时缴(每月)): use '（'",
    ]


def test_numbers_urls_and_english_are_left_alone(fixture_content: Path) -> None:
    text = "费率0.20，见[规定](https://example.org/a,b(c))。Shanghai: 20%."
    assert with_body(fixture_content, zh=text, en='Say "pay", 1.5, e.g.: this') == []


def test_document_number_printed_twice(fixture_content: Path) -> None:
    assert with_body(fixture_content, zh="依据测人社发〔2025〕1号（测人社发〔2025〕1号）。") == [
        "content/precautions.yaml:4:16: precautions.0.body.zh: warning: document number …人社发〔2025〕1号 is "
        "printed twice in this text: keep it once"]


def test_two_different_documents_with_the_same_number_are_not_a_repeat(fixture_content: Path) -> None:
    assert with_body(fixture_content, zh="依据沪人社规〔2023〕5号和沪医保规〔2023〕5号。") == []


def test_document_number_with_wrong_brackets(fixture_content: Path) -> None:
    assert with_body(fixture_content, zh="依据京社保发[2009]24号。") == [
        "content/precautions.yaml:4:16: precautions.0.body.zh: warning: document number written with the "
        "wrong brackets (依据京社保发[2009]24号。): use 〔 〕, e.g. 国发〔2005〕38号"]


def test_spelling_variant(fixture_content: Path) -> None:
    assert with_body(fixture_content, zh="其中8%计入个人账户。") == [
        "content/precautions.yaml:4:16: precautions.0.body.zh: warning: '计入个人账户': write '记入个人账户' "
        "(the law writes 记入)"]


def test_empty_phrases_in_both_languages(fixture_content: Path) -> None:
    assert with_body(fixture_content, zh="值得注意的是，别断缴。", en="It is worth noting that gaps cost.") == [
        "content/precautions.yaml:4:16: precautions.0.body.zh: warning: empty or machine-sounding phrase "
        "'值得注意的是': say the point directly",
        "content/precautions.yaml:4:35: precautions.0.body.en: warning: empty or machine-sounding phrase "
        "'it is worth noting': say the point directly",
    ]


def test_verbatim_quotes_keep_their_wording(fixture_content: Path) -> None:
    edit(fixture_content / "legal.yaml", "    source_url: https://example.org/law",
         "    quote_zh: 其中8%计入个人账户。\n    source_url: https://example.org/law")
    assert warnings(fixture_content) == []


def test_title_repeating_its_document_number(fixture_content: Path) -> None:
    edit(fixture_content / "cities/testcity.yaml", "title: {zh: 2025年度缴费基数通知, en: 2025 base notice}",
         "title: {zh: 2025年度缴费基数通知（测人社发〔2025〕1号）, en: 2025 base notice}")
    assert warnings(fixture_content) == [
        "content/cities/testcity.yaml:7:17: sources.0.title.zh: warning: repeats document_number 测人社发〔2025〕1号, "
        "which the page prints next to it: take it out of this text"]


def test_strict_turns_style_warnings_into_errors(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with_body(fixture_content, zh="值得注意的是，别断缴。")
    assert main(["validate", "--content", str(fixture_content)]) == 0
    assert "warning: empty or machine-sounding phrase '值得注意的是'" in capsys.readouterr().err
    assert main(["validate", "--content", str(fixture_content), "--strict"]) == 1
    assert "--strict makes them errors" in capsys.readouterr().err


def test_style_file_is_validated_like_the_rest(fixture_content: Path) -> None:
    from tests.content.test_loader_errors import problems

    edit(fixture_content / "style.yaml", "lang: en", "lang: fr")
    assert problems(fixture_content) == [
        "content/style.yaml:5:38: phrases.1.lang: String should match pattern '^(zh|en)$'"]


def test_national_content_passes_the_style_check() -> None:
    """City files are edited elsewhere; every other content file must be clean."""
    found = [str(p) for p in load_content(PROJECT / "content").warnings if not p.path.startswith("content/cities/")]
    assert found == []
