"""macros/html_stash.py: the macros' HTML skips Python-Markdown and comes back unchanged."""

from __future__ import annotations

import markdown
import pytest

from macros.html_stash import _stash, protect, restore

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]  # as in mkdocs.yml


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def test_html_comes_back_byte_for_byte_and_headings_stay_markdown() -> None:
    html = '<div class="a">\n<p>x &amp; *not emphasis*</p>\n\n<pre>  indented\n</pre>\n</div>'
    component = f"{html}\n\n## 1. Register {{: #register .step }}\n\n<ol>\n<li>one</li>\n</ol>"
    protected = protect(component)
    assert "<div" not in protected and "<ol>" not in protected
    page = restore(convert(f"# Title\n\nIntro *text*.\n\n{protected}\n"))
    assert html in page  # not re-parsed: the emphasis stays literal, the indentation too
    assert '<h2 class="step" id="register">1. Register</h2>' in page
    assert "<ol>\n<li>one</li>\n</ol>" in page
    assert "<p>Intro <em>text</em>.</p>" in page
    assert "guide-html" not in page


def test_nested_macro_output_is_restored_once_per_placeholder() -> None:
    before = len(_stash)
    inner = protect("<section>inner</section>")
    outer = protect(f"<div>\n{inner}\n</div>")
    assert restore(outer).strip() == "<div>\n\n<section>inner</section>\n\n</div>"
    assert len(_stash) == before  # nothing kept once the page has it back
    with pytest.raises(RuntimeError, match="already put back"):
        restore(outer)


def test_text_that_is_not_html_is_left_to_markdown() -> None:
    assert protect("Some *Markdown*") == "Some *Markdown*"
    assert "<em>Markdown</em>" in convert(protect("Some *Markdown*"))
