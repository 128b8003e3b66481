"""The guided start's view (macros/views/start.py): what rules out each part of the summary, and the
generated stylesheet that filters it without JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from macros.content import load_content
from macros.views.start import answer_styles, input_id, ruled_out_by

PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def content() -> Any:
    return load_content(PROJECT / "content", today=dt.date(2026, 11, 29))


def test_ruled_out_by_lists_every_other_answer_of_the_questions_named(content: Any) -> None:
    start = content.start
    assert ruled_out_by(start, ()) == ""
    assert ruled_out_by(start, (("situation", ("from-employer", "restarting")),)) == "first-time"
    assert ruled_out_by(start, (("hukou", ("local-hukou",)), ("work", ("platform-worker",)))) == (
        "non-local-hukou individual-business other-flexible")


def test_answer_styles_have_one_rule_per_city_and_answer(content: Any) -> None:
    css = answer_styles(content)
    for city in content.cities:
        assert f'option[value="{city.id}"]:checked) [data-city="{city.id}"] {{ display: block; }}' in css
    answers = [a.id for q in content.start.questions for a in q.answers]
    for answer in answers:
        assert f'#{input_id(answer)}:checked) [data-hide~="{answer}"] {{ display: none; }}' in css
    # Every rule is scoped to the page before its script takes over, and only ids (slugs) reach the CSS.
    rules = [line for line in css.splitlines() if line and not line.startswith("/*")]
    assert all(line.startswith(".guide-start:not([data-enhanced])") for line in rules)
    assert len(rules) == 2 * len(content.cities) + 2 * len(answers) + 2
    values = re.findall(r'"([^"]*)"', css)
    assert all(re.fullmatch(r"[a-z0-9-]*", v) for v in values)
