"""Each city page shows the city's own rules in reader order, in both languages, each with its
sources; a rule the city file leaves out says so and links the bureau."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.content import load_content

PROJECT = Path(__file__).resolve().parents[2]
ORDER = ["register", "payment", "breaks", "injury-protection", "hukou"]


@pytest.fixture(scope="module")
def content():
    return load_content(PROJECT / "content")


def section(site_dir: Path, prefix: str, city_id: str) -> str:
    html = (site_dir / prefix / "cities" / city_id / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<section class="guide-local-rules" id="local-rules" data-search-exclude>(.*?)</section>',
                      html, re.S)
    assert match, city_id
    return match.group(1)


@pytest.mark.parametrize("prefix", ["", "en"])
def test_rules_in_reader_order_with_sources(site_dir: Path, content, prefix: str) -> None:
    lang = "en" if prefix else "zh"
    for city in content.cities:
        html = section(site_dir, prefix, city.id)
        ids = re.findall(r'<h2 id="([a-z-]+)" data-search-exclude>', html)
        assert ids == ORDER, city.id
        rules = city.local_rules
        for name in ("offices", "payment", "breaks", "injury_protection", "hukou"):
            rule = getattr(rules, name)
            if rule is None:
                missing = re.search(rf'data-rule="{name}" data-status="not_in_guide">(.*?)</p>', html, re.S)
                assert missing and city.bureau.url in missing.group(1), (city.id, name)
        for _, ref in rules.source_refs():
            assert f'href="#src-{ref}"' in html, (city.id, ref)
        if rules.hukou:
            assert rules.hukou.note.get(lang)[:12] in html
        if rules.breaks and rules.breaks.back_payment.allowed is None:
            assert city.bureau.url in html


def test_shanghai_break_and_deadline(site_dir: Path) -> None:
    html = section(site_dir, "", "shanghai")
    assert 'data-deadline-day="24"' in html and "每月24日前缴纳当月费用" in html
    assert 'data-allowed="false"' in html and "不能补缴" in html
    assert 'data-months="6"' in html and "6个月" in html
    en = section(site_dir, "en", "shanghai")
    assert "Pay each month before day 24 of the month" in en and "Not allowed" in en
