"""The national topic pages (/stopping/, /changes/, /retirement/): built in both languages from
content/topics.yaml, every section an anchor, every paragraph followed by links to its sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.content import load_content

PROJECT = Path(__file__).resolve().parents[2]


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix,lang", [("", "zh"), ("en/", "en")])
def test_topic_pages_show_every_section_and_its_sources(site_dir: Path, prefix: str, lang: str) -> None:
    content = load_content(PROJECT / "content")
    legal_ids = set(re.findall(r'<section class="guide-card" id="([^"]+)"', html_of(site_dir, prefix + "legal/")))
    assert legal_ids == {a.id for a in content.legal.articles}
    basis = content.ui.strings["legal-basis"].get(lang)
    for topic in content.topics.topics:
        html = html_of(site_dir, prefix + topic.id + "/")
        assert re.search(rf"<h1[^>]*>{re.escape(topic.title.get(lang))}", html), (prefix, topic.id)
        for section in topic.sections:
            assert f'<h2 id="{section.id}"' in html, (prefix, topic.id, section.id)
        paragraphs = [p for s in topic.sections for p in s.paragraphs]
        sources = re.findall(rf'<p class="guide-meta" data-search-exclude>{re.escape(basis)}.*?</p>', html)
        assert len(sources) == len(paragraphs), (prefix, topic.id)
        for line, paragraph in zip(sources, paragraphs):
            assert re.findall(r'href="\.\./legal/#([^"]+)"', line) == list(paragraph.legal)
        assert set(re.findall(r'href="\.\./legal/#([^"]+)"', html)) <= legal_ids


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_topic_pages_are_in_the_navigation(site_dir: Path, prefix: str) -> None:
    html = html_of(site_dir, prefix + "steps/")
    for topic in ("stopping", "changes", "retirement"):
        assert f'href="../{topic}/"' in html, (prefix, topic)


def test_reprinted_sources_say_so(site_dir: Path) -> None:
    content = load_content(PROJECT / "content")
    reprints = [a for a in content.legal.articles if a.source_is_reprint]
    assert reprints
    for prefix, lang in (("", "zh"), ("en/", "en")):
        html = html_of(site_dir, prefix + "legal/")
        label = content.ui.strings["read-source-reprint"].get(lang)
        for article in reprints:
            card = html.split(f'id="{article.id}"', 1)[1].split("</section>", 1)[0]
            assert f'<a href="{article.source_url}" rel="noopener">{label}</a>' in card.replace("&#39;", "'")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_each_step_lists_the_sources_of_its_details(site_dir: Path, prefix: str) -> None:
    content = load_content(PROJECT / "content")
    html = html_of(site_dir, prefix + "steps/")
    for step in content.steps.steps:
        block = html.split(f'id="{step.id}"', 1)[1].split("</dl>", 1)[0]
        shown = re.findall(r'href="\.\./legal/#([^"]+)"', block.split("data-search-exclude>", 1)[1])
        wanted = list(dict.fromkeys([*step.legal, *(ref for detail in step.details for ref in detail.legal)]))
        assert shown == wanted, (prefix, step.id)
