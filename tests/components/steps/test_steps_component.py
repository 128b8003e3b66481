"""The steps (full and the home page's overview), rendered from overrides/components/steps/examples.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from component_examples import check, examples, render  # tests/

EXAMPLES = examples("steps")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
@pytest.mark.parametrize(("macro", "page"), [("steps", "steps/"), ("steps_overview", "")])
def test_steps_render_escaped_in_each_language(tmp_path: Path, example, lang: str, macro: str, page: str) -> None:
    check(render(tmp_path, example, macro, page, lang), example, lang)


def test_links_come_from_the_site_map(tmp_path: Path) -> None:
    full = render(tmp_path, EXAMPLES[0], "steps", "steps/", "en")
    assert 'href="../checklist/#id-card"' in full and 'href="../legal/#law-art-10"' in full
    overview = render(tmp_path, EXAMPLES[0], "steps_overview", "", "zh")
    assert 'href="steps/#register"' in overview
