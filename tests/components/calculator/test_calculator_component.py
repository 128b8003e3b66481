"""The calculator page before any script runs, rendered from overrides/components/calculator/examples.yaml."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from component_examples import check, examples, render  # tests/

EXAMPLES = examples("calculator")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_calculator_renders_escaped_in_each_language(tmp_path: Path, example, lang: str) -> None:
    check(render(tmp_path, example, "calculator", "calculator/", lang), example, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_script_settings_are_json_in_the_page_language(tmp_path: Path, lang: str) -> None:
    html = render(tmp_path, EXAMPLES[0], "calculator", "calculator/", lang)
    island = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert island, "no settings island for the script"
    config = json.loads(unescape(island.group(1)) if "&#34;" in island.group(1) else island.group(1))
    assert config["lang"] == lang and config["defaultCity"] == "testcity"
    up = "../" * (2 if lang == "en" else 1)  # from /calculator/ or /en/calculator/ to the site root
    assert config["worker"] == f"{up}components/calculator/calculator-worker.js"
    assert all(isinstance(text, str) and text for text in config["i18n"].values())


def test_period_notes_are_rich_text_like_on_city_pages(tmp_path: Path) -> None:
    """Notes are content Markdown, sanitised: emphasis shows as emphasis, never as raw asterisks."""
    html = render(tmp_path, EXAMPLES[0], "calculator", "calculator/", "en")
    assert "The base changes <strong>yearly</strong>" in html
    assert "**yearly**" not in html and "onerror" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explorer_and_break_rules_are_there_before_any_script(tmp_path: Path, lang: str) -> None:
    """The base explorer's table (engine figures for the default profile) and the city's break rules,
    with their sources and the bureau for what the guide does not have (issue 18)."""
    example = next(e for e in EXAMPLES if e.name == "break-rules")
    html = render(tmp_path, example, "calculator", "calculator/", lang)
    rows = re.findall(r"<tr><th scope=\"row\" class=\"guide-num\">([\d,.]+)<", html)
    assert rows == [f"{base:,}.00" for base in range(6000, 30001, 1000)]  # floor, each 10 % of 10,000, ceiling
    assert "1,800.00" in html  # the floor's bill: 6,000 × (20 % + 10 %)
    rules = re.search(r'<tr data-city="testcity">(.*?)</tr>', html, re.S)
    assert rules and "https://example.org/2025" in rules.group(1)
    assert "cities/testcity/#breaks" in rules.group(1)
    assert ("不可以" if lang == "zh" else "Not allowed") in rules.group(1)
