"""A city page, rendered from overrides/components/city/examples.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from component_examples import check, examples, render  # tests/

EXAMPLES = examples("city")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_city_renders_escaped_in_each_language(tmp_path: Path, example, lang: str) -> None:
    check(render(tmp_path, example, "city_page", "cities/testcity/", lang, "testcity"), example, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_city_heading_is_escaped_markdown(tmp_path: Path, lang: str) -> None:
    heading = render(tmp_path, EXAMPLES[0], "city_title", "cities/testcity/", lang, "testcity")
    assert heading.startswith("# ") and "<" not in heading
    assert ("&amp;" in heading) and ('\\"' not in heading)


def test_the_calculator_link_follows_the_page(tmp_path: Path) -> None:
    page = render(tmp_path, EXAMPLES[0], "city_page", "cities/testcity/", "en", "testcity")
    embed = render(tmp_path, EXAMPLES[0], "city_page", "embed/cities/testcity/", "en", "testcity")
    assert 'href="../../calculator/#city=testcity"' in page
    assert 'href="../../../calculator/#city=testcity"' in embed
