"""The base explorer and the break simulator on /calculator/ (issue 18), in a real headless Chromium at
360 px, in both languages: without JavaScript the explorer's table (default profile) and every city's
break rules are there, with the numbers `guide levels` gives; with it, both redraw for the reader's city
and person, follow the address (#…&stop=…&resume=…), agree with `guide levels` / `guide gap`, stay
axe-clean, never scroll the page sideways, and print on one A4 page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import axe_violations, no_script_axe  # tests/conftest.py

from calculator_page import ENGINE_WAIT_MS, PROJECT, RECORD_RESULTS, cli, money  # tests/

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
READY = ("() => ['ready', 'unavailable'].includes("
         "document.querySelector('[data-module=guide-calculator]').dataset.guideCalculatorState)")
TODAY = dt.date.today()
DEFAULT_BIRTH = f"{TODAY.year - 30}-01"  # macros/views/decisions.py DEFAULT_AGE
LINK = "city=beijing&birth=1985-06&sex=male&paid_months=60&stop=2027-01&resume=2027-03"


def prefix(lang: str) -> str:
    return "" if lang == "zh" else "en/"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def table_rows(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all(
        "[data-guide-levels-rows] tr",
        "rows => rows.map(r => [...r.children].map(c => (c.firstChild ? c.firstChild.textContent : '').trim()))")


def expected_rows(result: dict[str, Any]) -> list[list[str]]:
    return [[money(r["base"]), money(r["monthly"]["total"]),
             money(r["pension_at_retirement"]) if r["pension_at_retirement"] else "—",
             r["payback_years"] or "—"] for r in result["levels"]]


def shown(rows: list[list[str]]) -> list[list[str]]:
    """Base, bill, pension, payback of each row as the page shows them (each cell's own figure: the share of
    the average wage and the bars follow it)."""
    return rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_javascript_both_tables_are_there_with_the_engine_numbers(browser: Any, base_url: str, lang: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/{prefix(lang)}calculator/")
    expected = cli("levels", "--city", "shanghai", "--birth", DEFAULT_BIRTH, "--sex", "male", "--on", TODAY.isoformat())
    assert shown(table_rows(page)) == expected_rows(expected)
    assert page.is_visible("[data-guide-levels-table]")
    rules = page.eval_on_selector_all("[data-guide-gap-rules] tbody tr", "rows => rows.map(r => r.dataset.city)")
    assert len(rules) == 12 and "shanghai" in rules
    shanghai = page.inner_text("[data-guide-gap-rules] tr[data-city=shanghai]")
    assert ("不可以" if lang == "zh" else "Not allowed") in shanghai
    assert ("断缴不超过 3 个月的，没有等待期" if lang == "zh" else "none after a break of at most 3 months") in shanghai
    assert not page.is_visible("[data-guide-gap-form]")  # the form needs the engine: hidden, never dead
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_clean_without_javascript(browser: Any, base_url: str, lang: str) -> None:
    assert no_script_axe(browser, f"{base_url}/{prefix(lang)}calculator/") == []


@pytest.fixture(scope="module", params=["zh", "en"])
def linked(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[tuple[Any, str]]:
    """A phone-sized calculator opened from a link that sets the city, the person and a break."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(RECORD_RESULTS)
    page.goto(f"{base_url}/{prefix(request.param)}calculator/#{LINK}")
    page.wait_for_function(READY, timeout=ENGINE_WAIT_MS)
    assert page.get_attribute("[data-module=guide-calculator]", "data-guide-calculator-state") == "ready"
    page.wait_for_function("() => !document.querySelector('[data-guide-gap-result]').hidden", timeout=ENGINE_WAIT_MS)
    yield page, request.param
    context.close()


def test_the_explorer_redraws_for_the_reader(linked: tuple[Any, str]) -> None:
    page, lang = linked
    expected = cli("levels", "--city", "beijing", "--birth", "1985-06", "--sex", "male", "--paid-months", "60")
    page.wait_for_function("name => document.querySelector('[data-guide-levels-city]').textContent === name",
                           arg=expected["city"]["name"][lang], timeout=ENGINE_WAIT_MS)
    page.wait_for_function("n => document.querySelectorAll('[data-guide-levels-rows] tr').length === n",
                           arg=len(expected["levels"]), timeout=ENGINE_WAIT_MS)
    assert shown(table_rows(page)) == expected_rows(expected)
    assert page.get_attribute("[data-guide-levels-profile]", "data-city") == "shanghai"  # the build's default
    assert "1985" not in page.inner_text("[data-guide-levels-profile]")  # "with the birth month you entered"


def test_the_simulator_answers_like_guide_gap(linked: tuple[Any, str]) -> None:
    page, lang = linked
    expected = cli("gap", "--city", "beijing", "--birth", "1985-06", "--sex", "male", "--paid-months", "60",
                   "--stop", "2027-01", "--resume", "2027-03")
    result = page.locator("[data-guide-gap-result]")
    assert result.locator("[data-out=retirement_month]").inner_text() == expected["retirement_month"]
    medical = result.locator("[data-out=medical]").inner_text()
    assert expected["medical_waiting"]["explanation"][lang] in medical
    back = result.locator("[data-out=back_payment]").inner_text()
    assert expected["back_payment"]["note"][lang] in back
    assert "https://rsj.beijing.gov.cn/" in page.eval_on_selector("[data-guide-gap-offices]", "e => e.innerHTML")
    notes = page.eval_on_selector_all("[data-guide-gap-result] [data-guide-notes] li", "l => l.map(e => e.textContent)")
    assert notes == [n[lang] for n in expected["notes"]]


def test_answers_live_in_the_address(linked: tuple[Any, str]) -> None:
    page, _ = linked
    page.fill("#guide-gap-resume", "2027-09")
    page.wait_for_function("() => location.hash.includes('resume=2027-09')")
    page.wait_for_function("() => document.querySelector('[data-guide-gap-result] [data-out=medical]')"
                           ".textContent.includes('6')", timeout=ENGINE_WAIT_MS)
    page.fill("#guide-levels-pension-growth", "0.01")
    page.wait_for_function("() => location.hash.includes('pension_growth=0.01')")
    hash_ = page.evaluate("() => location.hash")
    assert "stop=2027-01" in hash_ and "city=beijing" in hash_


def test_bad_months_are_refused_beside_their_field(linked: tuple[Any, str]) -> None:
    page, lang = linked
    page.fill("#guide-gap-resume", "2026-12")
    page.wait_for_function("() => document.querySelector('#guide-gap-resume').getAttribute('aria-invalid') === 'true'",
                           timeout=ENGINE_WAIT_MS)
    error = page.inner_text("#guide-gap-resume-error")
    assert "2027-02" in error and ("月份" in error if lang == "zh" else "month" in error)
    assert axe_violations(page) == []
    page.fill("#guide-gap-resume", "2027-03")
    page.wait_for_function("() => !document.querySelector('#guide-gap-resume').hasAttribute('aria-invalid')",
                           timeout=ENGINE_WAIT_MS)


def test_axe_clean_and_no_sideways_scroll_with_results(linked: tuple[Any, str]) -> None:
    page, _ = linked
    assert axe_violations(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_both_answers_print_on_one_a4_page(linked: tuple[Any, str]) -> None:
    page, _ = linked
    page.evaluate("() => document.documentElement.classList.add('guide-print-decisions')")
    try:
        assert pdf_pages(page.pdf(format="A4")) == 1
    finally:
        page.evaluate("() => document.documentElement.classList.remove('guide-print-decisions')")
