"""macros/plugin/stash.py: the macros' HTML skips Python-Markdown and comes back unchanged."""

from __future__ import annotations

import markdown
import pytest

from macros.plugin.stash import HtmlStash

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]  # as in mkdocs.yml


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def test_html_comes_back_byte_for_byte_and_headings_stay_markdown() -> None:
    stash = HtmlStash()
    html = '<div class="a">\n<p>x &amp; *not emphasis*</p>\n\n<pre>  indented\n</pre>\n</div>'
    component = f"{html}\n\n## 1. Register {{: #register .step }}\n\n<ol>\n<li>one</li>\n</ol>"
    protected = stash.protect(component)
    assert "<div" not in protected and "<ol>" not in protected
    page = stash.restore(convert(f"# Title\n\nIntro *text*.\n\n{protected}\n"))
    assert html in page  # not re-parsed: the emphasis stays literal, the indentation too
    assert '<h2 class="step" id="register">1. Register</h2>' in page
    assert "<ol>\n<li>one</li>\n</ol>" in page
    assert "<p>Intro <em>text</em>.</p>" in page
    assert "guide-html" not in page


def test_nested_macro_output_is_restored_once_per_placeholder() -> None:
    stash = HtmlStash()
    inner = stash.protect("<section>inner</section>")
    outer = stash.protect(f"<div>\n{inner}\n</div>")
    assert stash.restore(outer).strip() == "<div>\n\n<section>inner</section>\n\n</div>"
    assert len(stash) == 0  # nothing kept once the page has it back
    with pytest.raises(RuntimeError, match="already put back"):
        stash.restore(outer)


def test_each_build_has_its_own_stash() -> None:
    first, second = HtmlStash(), HtmlStash()
    protected = first.protect("<p>one build</p>")
    with pytest.raises(RuntimeError):  # another build's stash does not hold it
        second.restore(protected)
    assert first.restore(protected).strip() == "<p>one build</p>"


def test_text_that_is_not_html_is_left_to_markdown() -> None:
    stash = HtmlStash()
    assert stash.protect("Some *Markdown*") == "Some *Markdown*"
    assert "<em>Markdown</em>" in convert(stash.protect("Some *Markdown*"))
