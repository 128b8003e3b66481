"""The calculator's whole bill in real headless Chromium: every insurance with its status wording, a
total labelled with what it leaves out, and the medical base asked only where the city's rule takes one;
each equal to `guide calc --json`. Also the city page's bill at 360 px: nothing clipped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from calculator_page import ENGINE_WAIT_MS, calculator_session, cli, money  # tests/

pytestmark = pytest.mark.browser

WORDS = {
    "zh": {"not_in_guide": "本指南暂未收录，未计入合计", "not_available": "灵活就业人员不能参加", "without": "合计（不含"},
    "en": {"not_in_guide": "Not in this guide yet; left out of the total", "not_available": "Flexible employees cannot join",
           "without": "Total without"},
}


@pytest.fixture(scope="module", params=["zh", "en"])
def calc(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[tuple[Any, str]]:
    yield from calculator_session(browser, base_url, request.param)


def shown(page: Any, row: str) -> str:
    return page.inner_text(f"[data-guide-premium-result] tr[data-row={row}] [data-cell]").strip()


def wait_for(page: Any, total: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('[data-guide-premium-result] tr[data-row=total] [data-cell]')?.textContent === t"
        " && !document.querySelector('[data-guide-premium-result]').hidden", arg=total, timeout=ENGINE_WAIT_MS)


def test_incomplete_total_says_what_it_leaves_out(calc: tuple[Any, str]) -> None:
    page, lang = calc
    expected = cli("calc", "--city", "shenzhen", "--base", "9000")
    page.select_option("#guide-calc-city", "shenzhen")
    page.fill("#guide-calc-base", "9000")
    wait_for(page, money(expected["monthly"]["total"]))
    statuses = {i["insurance"]: i["status"] for i in expected["insurances"]}
    for insurance, status in statuses.items():
        if status == "computed":
            assert shown(page, insurance) == money(expected["monthly"][insurance])
        else:
            assert shown(page, insurance) == WORDS[lang][status]
    label = page.inner_text("[data-guide-premium-result] [data-guide-total-label]")
    if expected["complete"]:
        assert WORDS[lang]["without"] not in label
    else:
        assert label.startswith(WORDS[lang]["without"])
        assert page.is_visible("[data-guide-premium-result] [data-guide-incomplete]")
        assert WORDS[lang]["without"] in page.inner_text("[data-guide-premium] [data-guide-summary]")


def test_medical_base_field_follows_the_city_rule(calc: tuple[Any, str]) -> None:
    page, _ = calc
    page.select_option("#guide-calc-city", "shanghai")
    assert page.is_hidden("[data-guide-medical-base]") and page.is_hidden("[data-guide-medical-grade]")
    page.select_option("#guide-calc-city", "shenzhen")
    rule = cli("calc", "--city", "shenzhen", "--base", "min")
    if rule["insurances"][1]["kind"] != "rate" or rule["medical_base"] is None:
        pytest.skip("Shenzhen's current medical rule takes no base of its own")
    assert page.is_visible("[data-guide-medical-base]")
    page.fill("#guide-calc-base", "9000")
    page.fill("#guide-calc-medical-base", "40000")
    expected = cli("calc", "--city", "shenzhen", "--base", "9000", "--medical-base", "40000")
    wait_for(page, money(expected["monthly"]["total"]))
    assert shown(page, "medical") == money(expected["monthly"]["medical"])
    formula = page.inner_text("[data-guide-premium-result] [data-guide-formula]")
    assert [line.strip() for line in formula.splitlines() if line.strip()] == [f[page_lang(page)] for f in expected["formula"]]


def page_lang(page: Any) -> str:
    return "en" if "/en/" in page.url else "zh"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["cities/beijing/", "cities/", "calculator/"])
def test_bill_tables_fit_a_phone(browser: Any, base_url: str, lang: str, path: str) -> None:
    """At 360 px no bill table pushes the page sideways: wide tables scroll inside their own region."""
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{base_url}/{'' if lang == 'zh' else 'en/'}{path}")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide at 360px"
    for region in page.query_selector_all(".guide-table-scroll"):
        box = region.bounding_box()
        assert box is None or box["x"] + box["width"] <= 361
    context.close()
