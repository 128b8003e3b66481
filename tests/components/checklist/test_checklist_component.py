"""The checklist and its print sheet, rendered from overrides/components/checklist/examples.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from component_examples import check, check_safe, examples, render  # tests/

EXAMPLES = examples("checklist")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_checklist_renders_escaped_in_each_language(tmp_path: Path, example, lang: str) -> None:
    check(render(tmp_path, example, "checklist", "checklist/", lang), example, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_print_sheet_is_bilingual_and_escaped(tmp_path: Path, example, lang: str) -> None:
    """The sheet handed to a clerk shows both languages whatever the page's language."""
    html = render(tmp_path, example, "print_sheet", "print/", lang)
    check_safe(html, example)
    assert "身份证 &amp; 复印件" in html and "ID card &amp; &#34;copy&#34;" in html


def test_the_print_link_and_qr_code_follow_the_page(tmp_path: Path) -> None:
    html = render(tmp_path, EXAMPLES[0], "checklist", "checklist/", "en")
    assert 'href="../print/"' in html  # from /en/checklist/ to /en/print/
    sheet = render(tmp_path, EXAMPLES[0], "print_sheet", "print/", "en")
    assert "https://example.test/guide/en/checklist/" in sheet
