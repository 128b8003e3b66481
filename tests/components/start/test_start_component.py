"""The guided start, rendered from overrides/components/start/examples.yaml over the fixture content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from component_examples import check, examples, render  # tests/

EXAMPLES = examples("start")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_start_renders_escaped_in_each_language(tmp_path: Path, example, lang: str) -> None:
    check(render(tmp_path, example, "guided_start", "start/", lang), example, lang)


def test_parts_carry_what_rules_them_out_and_links_follow_the_page(tmp_path: Path) -> None:
    html = render(tmp_path, EXAMPLES[0], "guided_start", "start/", "en")
    # The residence permit is for a non-local hukou: a local hukou rules it out; the ID card is for all.
    assert re.search(r'<li data-item="residence-permit" data-hide="local-hukou">', html)
    assert re.search(r'<li data-item="id-card">', html)
    assert '<li data-step="hukou-rule" data-hide="local-hukou">' in html
    assert 'data-rule="hukou" data-hide="local-hukou"' in html
    assert 'href="../checklist/" data-ref="checklist-link"' in html
    assert 'href="../calculator/#city=testcity"' in html and 'href="../cities/testcity/"' in html
    assert 'href="../../components/start/start.css"' in html and 'href="../../components/start/answers.css"' in html
    island = json.loads(re.search(r'<script type="application/json" class="guide-start-data">(.*?)</script>', html,
                                  re.S).group(1))
    assert island["questions"] == {"hukou": ["local-hukou", "non-local-hukou"]}
    assert island["cities"] == ["testcity"]
    assert set(island["strings"]) == {"start-copied", "start-copy-failed", "start-count"}


def test_a_city_without_office_says_so_and_links_its_bureau(tmp_path: Path) -> None:
    html = render(tmp_path, EXAMPLES[0], "guided_start", "start/", "zh")
    block = html[html.index('data-city="testcity"'):]
    assert "本指南暂未收录" in block.split("<h3>", 2)[1]
