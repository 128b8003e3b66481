"""The calculator on a 360 × 740 phone, in both languages, in a real headless Chromium (issue 15).

The form comes before the static tables; every amount of a result is visible without the page scrolling
sideways; bad input gets its message (content/ui.yaml, calc-err-*) under its own field with aria-invalid
and aria-describedby, cleared once fixed; the inputs round-trip through the address; a city page opens
the calculator with its city chosen; focus is visible on every kind of control; axe stays clean after
a result and after an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import axe_violations  # tests/conftest.py

from calculator_page import ENGINE_WAIT_MS, PROJECT, RECORD_RESULTS, cli, money  # tests/

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
READY = ("() => ['ready', 'unavailable'].includes("
         "document.querySelector('[data-module=guide-calculator]').dataset.guideCalculatorState)")


def ui(key: str, lang: str, **values: object) -> str:
    """A catalogue string of content/ui.yaml, filled as calculator.js fills it."""
    from macros.plugin.content_cache import site_content

    text = site_content(PROJECT / "content").ui.strings[key][lang]
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)


def prefix(lang: str) -> str:
    return "" if lang == "zh" else "en/"


def open_phone(browser: Any, url: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(RECORD_RESULTS)
    page.goto(url)
    page.wait_for_function(READY, timeout=ENGINE_WAIT_MS)
    return context, page


@pytest.fixture(scope="module", params=["zh", "en"])
def phone(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[tuple[Any, str]]:
    """One phone-sized calculator page per language for the module: Pyodide starts once."""
    context, page = open_phone(browser, f"{base_url}/{prefix(request.param)}calculator/")
    assert page.get_attribute("[data-module=guide-calculator]", "data-guide-calculator-state") == "ready"
    yield page, request.param
    context.close()


def total_cell(page: Any) -> str:
    return page.inner_text("[data-guide-premium-result] tr[data-row=total] [data-cell]").strip()


def wait_for_total(page: Any, expected: str) -> None:
    page.wait_for_function(
        "expected => document.querySelector('[data-guide-premium-result] tr[data-row=total] [data-cell]')?.textContent === expected"
        " && !document.querySelector('[data-guide-premium-result]').hidden", arg=expected, timeout=ENGINE_WAIT_MS)


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_form_comes_first(phone: tuple[Any, str]) -> None:
    page, _ = phone
    page.evaluate("() => window.scrollTo(0, 0)")
    form = page.eval_on_selector("[data-guide-premium-form]", "e => e.getBoundingClientRect().top")
    static = page.eval_on_selector("[data-guide-static-table]", "e => e.getBoundingClientRect().top")
    assert form < static
    assert form < PHONE["height"] * 1.2, f"the form starts {form} px down"


@pytest.mark.parametrize(("city", "base"), [("shanghai", "9000"), ("shenzhen", "max"), ("tianjin", "min"), ("beijing", "36348")])
def test_every_amount_is_visible_on_a_phone(phone: tuple[Any, str], city: str, base: str) -> None:
    page, _ = phone
    expected = cli("calc", "--city", city, "--base", base)
    page.select_option("#guide-calc-city", city)
    page.fill("#guide-calc-base", base)
    page.evaluate("() => document.querySelectorAll('input[name=include]').forEach(box => { box.checked = true; })")
    page.check("input[name=view][value=annual]")
    page.check("input[name=view][value=monthly]")
    wait_for_total(page, money(expected["monthly"]["total"]))
    assert no_sideways_scroll(page)
    cells = page.eval_on_selector_all(
        "[data-guide-premium-result] tr[data-row]:not([hidden]) [data-cell]",
        "cells => cells.map(c => { const r = c.getBoundingClientRect(); return {text: c.textContent.trim(),"
        " left: r.left, right: r.right, width: r.width, scroll: c.scrollWidth, client: c.clientWidth}; })")
    assert len(cells) >= 3
    for cell in cells:
        assert cell["text"], cell
        assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], cell
        assert cell["scroll"] <= cell["client"] + 1, f"clipped: {cell}"
    shown = {c["text"] for c in cells}
    for row in ("pension", "pension_personal_account", "total"):
        assert money(expected["monthly"][row]) in shown, row


def test_only_the_insurances_a_city_offers_can_be_left_out(phone: tuple[Any, str]) -> None:
    page, _ = phone
    for city in ("shanghai", "beijing", "tianjin"):
        page.select_option("#guide-calc-city", city)
        computed = {i["insurance"] for i in cli("calc", "--city", city, "--base", "min")["insurances"] if i["status"] == "computed"}
        boxes = page.eval_on_selector_all(
            "[data-guide-include]", "ls => ls.map(l => [l.dataset.guideInclude, !l.hidden && l.offsetParent !== null])")
        assert boxes
        for insurance, visible in boxes:
            assert visible == (insurance in computed), (city, insurance)


FOCUSABLE = ["#guide-calc-city", "#guide-calc-base", "#guide-calc-base-slider", "input[name=include][value=pension]",
             "input[name=view]:checked", "#guide-retire-month", "input[name=sex]:checked",
             "input[name=keep_paying]", "details.guide-calculator__ages > summary"]


def test_focus_is_visible_on_every_kind_of_control(phone: tuple[Any, str]) -> None:
    page, _ = phone
    for selector in FOCUSABLE:
        # Focus the control by keyboard: Tab from the focusable element just before it.
        page.evaluate("""sel => {
            const all = [...document.querySelectorAll('a[href], button, input, select, summary, [tabindex="0"]')]
              .filter(e => !e.disabled && e.offsetParent !== null);
            const target = document.querySelector(sel);
            const before = all[all.indexOf(target) - 1];
            before.focus();
        }""", selector)
        page.keyboard.press("Tab")
        state = page.evaluate("""sel => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {same: e === document.querySelector(sel), visible: e.matches(':focus-visible'),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2};
        }""", selector)
        assert state == {"same": True, "visible": True, "outline": True}, (selector, state)


def test_axe_clean_after_a_result_and_after_an_error(phone: tuple[Any, str]) -> None:
    page, _ = phone
    page.select_option("#guide-calc-city", "shanghai")
    page.fill("#guide-calc-base", "9000")
    wait_for_total(page, money(cli("calc", "--city", "shanghai", "--base", "9000")["monthly"]["total"]))
    assert axe_violations(page) == []
    page.fill("#guide-calc-base", "abc")
    page.wait_for_selector("#guide-calc-base-error:not([hidden])", timeout=ENGINE_WAIT_MS)
    page.fill("#guide-retire-year", "abcd")
    page.wait_for_selector("#guide-retire-year-error:not([hidden])", timeout=ENGINE_WAIT_MS)
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)
    page.fill("#guide-retire-year", "")
    page.fill("#guide-calc-base", "9000")
    page.wait_for_selector("#guide-calc-base-error", state="hidden", timeout=ENGINE_WAIT_MS)


def expect_error(page: Any, field: str, text: str) -> None:
    """`text` under `field`, the field marked invalid and described by it; no key or parameter name shown."""
    box = f"#{field}-error"
    page.wait_for_function(
        "([box, text]) => { const e = document.querySelector(box); return e && !e.hidden && e.textContent.includes(text); }",
        arg=[box, text], timeout=ENGINE_WAIT_MS)
    assert page.get_attribute(f"#{field}", "aria-invalid") == "true"
    assert f"{field}-error" in (page.get_attribute(f"#{field}", "aria-describedby") or "").split()
    # Beside its field: in the same field block, right under it on screen.
    assert page.evaluate("([f, b]) => document.getElementById(f).closest('.guide-field, fieldset')"
                         ".contains(document.getElementById(b))", [field, f"{field}-error"])
    shown = page.inner_text(box)
    assert not re.search(r"calc-err|[a-z]+_[a-z]+|\bbase\b|NaN", shown), shown


def expect_cleared(page: Any, field: str) -> None:
    page.wait_for_selector(f"#{field}-error", state="hidden", timeout=ENGINE_WAIT_MS)
    assert page.get_attribute(f"#{field}", "aria-invalid") is None
    assert f"{field}-error" not in (page.get_attribute(f"#{field}", "aria-describedby") or "")


def shanghai_bounds() -> tuple[str, str]:
    error = cli("calc", "--city", "shanghai", "--base", "1")["error"]
    return money(error["min"]).removesuffix(".00"), money(error["max"]).removesuffix(".00")


@pytest.mark.parametrize("bad", ["abc", "-5", "0", "1e400", "100", "", "9000元元"])
def test_bad_base_is_worded_beside_the_field(phone: tuple[Any, str], bad: str) -> None:
    page, lang = phone
    page.select_option("#guide-calc-city", "shanghai")
    page.fill("#guide-calc-base", bad)
    low, high = shanghai_bounds()
    expect_error(page, "guide-calc-base", ui("calc-err-amount-range", lang, min=low, max=high))
    assert page.locator("[data-guide-premium-result]").is_hidden()
    page.fill("#guide-calc-base", "9000")
    expect_cleared(page, "guide-calc-base")
    assert page.locator("[data-guide-premium-result]").is_visible()


def test_a_stale_nearest_button_goes_with_its_error(phone: tuple[Any, str]) -> None:
    page, _ = phone
    page.select_option("#guide-calc-city", "shanghai")
    page.fill("#guide-calc-base", "100")
    page.wait_for_selector("#guide-calc-base-error [data-guide-use-nearest]:not([hidden])", timeout=ENGINE_WAIT_MS)
    page.fill("#guide-calc-base", "abc")
    page.wait_for_function("() => !document.querySelector('#guide-calc-base-error').hidden"
                           " && document.querySelector('[data-guide-use-nearest]').hidden", timeout=ENGINE_WAIT_MS)
    assert page.locator("[data-guide-use-nearest]").is_hidden()


@pytest.mark.parametrize(("typed", "key", "leave"), [
    ("abcd", "calc-err-birth-year", False),
    ("19", "calc-err-birth-year", True),
    ("19x5", "calc-err-birth-year", False),
    ("1800", "calc-err-birth-range", False),
    ("2999", "calc-err-birth-future", False),
])
def test_bad_birth_year_is_worded_beside_the_field(phone: tuple[Any, str], typed: str, key: str, leave: bool) -> None:
    page, lang = phone
    page.fill("#guide-retire-year", "")
    page.check("input[name=sex][value=male]")
    page.fill("#guide-retire-year", typed)
    if leave:
        assert page.locator("#guide-retire-year-error").is_hidden(), "no error while the year is still being typed"
        page.focus("#guide-retire-paid")
    values: dict[str, object] = {}
    if key == "calc-err-birth-range":
        error = cli("retire", "--birth", f"{typed}-01", "--sex", "male")["error"]
        values = {"min": error["min"], "max": error["max"]}
    expect_error(page, "guide-retire-year", ui(key, lang, **values))
    page.fill("#guide-retire-year", "1975")
    expect_cleared(page, "guide-retire-year")
    page.wait_for_selector("[data-guide-retire-result]:not([hidden])", timeout=ENGINE_WAIT_MS)


def test_bad_numbers_in_the_retirement_and_pension_forms(phone: tuple[Any, str]) -> None:
    page, lang = phone
    page.fill("#guide-retire-year", "1975")
    page.check("input[name=sex][value=male]")
    cases = [
        ("guide-retire-paid", "abc", ui("calc-err-whole", lang, example="120"), "120"),
        ("guide-retire-paid", "12.5", ui("calc-err-whole", lang, example="120"), "120"),
        ("guide-retire-paid", "9999", ui("calc-err-whole-range", lang, min=0, max=960), "120"),
    ]
    for field, bad, text, good in cases:
        page.fill(f"#{field}", bad)
        expect_error(page, field, text)
        page.fill(f"#{field}", good)
        expect_cleared(page, field)
    page.wait_for_selector("[data-guide-retire-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
    page.fill("#guide-pension-calc-base", "12049")
    page.wait_for_selector("[data-guide-pension-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
    cases = [
        ("guide-pension-calc-base", "abc", ui("calc-err-amount", lang, example="12049"), "12049"),
        ("guide-pension-calc-base", "-3", ui("calc-err-amount", lang, example="12049"), "12049"),
        ("guide-pension-index", "x", ui("calc-err-index", lang), "0.8"),
        ("guide-pension-index", "5", ui("calc-err-index-range", lang, min=0, max=3), "0.8"),
        ("guide-pension-months", "-1", ui("calc-err-whole", lang, example="180"), "180"),
        ("guide-pension-balance", "-1", ui("calc-err-amount-or-zero", lang, example="50000"), "50000"),
    ]
    for field, bad, text, good in cases:
        page.fill(f"#{field}", bad)
        expect_error(page, field, text)
        assert page.locator("[data-guide-pension-result]").is_hidden()
        page.fill(f"#{field}", good)
        expect_cleared(page, field)
        page.wait_for_selector("[data-guide-pension-result]:not([hidden])", timeout=ENGINE_WAIT_MS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inputs_round_trip_through_the_address(browser: Any, base_url: str, lang: str) -> None:
    context, page = open_phone(browser, f"{base_url}/{prefix(lang)}calculator/")
    page.select_option("#guide-calc-city", "guangzhou")
    page.fill("#guide-calc-base", "12345.67")
    page.check("input[name=view][value=annual]")
    page.fill("#guide-retire-year", "1975")
    page.select_option("#guide-retire-month", "06")
    page.check("input[name=sex][value=female]")
    page.check('input[name=original_age][value="55"]')
    page.fill("#guide-retire-paid", "120")
    expected = cli("calc", "--city", "guangzhou", "--base", "12345.67")
    wait_for_total(page, money(expected["annual"]["total"]))
    page.wait_for_selector("[data-guide-retire-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
    retire = page.inner_text("[data-guide-retire-result] [data-out=retirement_month]")
    url = page.url
    assert "city=guangzhou" in url and "base=12345.67" in url and "birth=1975-06" in url, url

    def same_result(again: Any) -> None:
        assert again.input_value("#guide-calc-city") == "guangzhou"
        assert again.input_value("#guide-calc-base") == "12345.67"
        assert again.is_checked("input[name=view][value=annual]")
        wait_for_total(again, money(expected["annual"]["total"]))
        again.wait_for_selector("[data-guide-retire-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
        assert again.inner_text("[data-guide-retire-result] [data-out=retirement_month]") == retire
        assert again.is_checked('input[name=original_age][value="55"]')
        assert again.input_value("#guide-retire-paid") == "120"

    page.reload()
    page.wait_for_function(READY, timeout=ENGINE_WAIT_MS)
    same_result(page)
    context.close()
    # The shared link, opened by someone else.
    context, shared = open_phone(browser, url)
    same_result(shared)
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_city_page_opens_the_calculator_with_its_city(browser: Any, base_url: str, lang: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/{prefix(lang)}cities/beijing/")
    page.click("[data-guide-calculator-link] a")
    page.wait_for_url(re.compile(r"/calculator/#city=beijing$"))
    page.wait_for_function(READY, timeout=ENGINE_WAIT_MS)
    assert page.input_value("#guide-calc-city") == "beijing"
    wait_for_total(page, money(cli("calc", "--city", "beijing", "--base", "min")["monthly"]["total"]))
    assert cli("calc", "--city", "beijing", "--base", "min")["city"]["name"][lang] in page.inner_text("[data-guide-premium] [data-guide-summary]")
    context.close()
