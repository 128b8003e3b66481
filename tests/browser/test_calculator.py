"""The premium calculator in a real headless Chromium against the built site.

With JavaScript the form's result equals `guide calc --json` for the same input (both languages);
an out-of-range base shows the allowed range under the field and a button to use the nearest bound; without
JavaScript (or when Pyodide cannot load) the build-time tables show the engine's numbers; no other
page ever asks for anything under assets/pyodide; axe finds nothing serious once a result shows.
"""

from __future__ import annotations

from typing import Any
from collections.abc import Iterator

import pytest

from conftest import axe_violations  # tests/conftest.py (pytest puts tests/ on sys.path)

from calculator_page import ENGINE_WAIT_MS, PROJECT, calculator_session, cli, money  # tests/

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["zh", "en"])
def calc(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[tuple[Any, str]]:
    yield from calculator_session(browser, base_url, request.param)


def reset(page: Any) -> None:
    """Back to the page's own defaults between tests that share it."""
    page.evaluate("() => { window.__calculatorResults = []; }")
    # Boxes for insurances the chosen city does not offer are hidden, so tick them all from the script.
    page.evaluate("() => document.querySelectorAll('input[name=include]').forEach(box => { box.checked = true; })")
    page.check("input[name=view][value=monthly]")


def cell(page: Any, row: str) -> str:
    return page.inner_text(f"[data-guide-premium-result] tr[data-row={row}] [data-cell]").strip()


def wait_for_total(page: Any, expected: str) -> None:
    page.wait_for_function(
        "expected => document.querySelector('[data-guide-premium-result] tr[data-row=total] [data-cell]')?.textContent === expected"
        " && !document.querySelector('[data-guide-premium-result]').hidden",
        arg=expected, timeout=ENGINE_WAIT_MS)


@pytest.mark.parametrize(("city", "base"), [("shanghai", "9000"), ("guangzhou", "12345.67"), ("beijing", "7270")])
def test_result_equals_cli(calc: tuple[Any, str], city: str, base: str) -> None:
    page, lang = calc
    reset(page)
    expected = cli("calc", "--city", city, "--base", base)
    page.select_option("#guide-calc-city", city)
    page.fill("#guide-calc-base", base)
    wait_for_total(page, money(expected["monthly"]["total"]))
    for row in ("pension", "pension_personal_account", "pension_pooled", "medical", "unemployment"):
        value = expected["monthly"][row]
        if value is not None:
            assert cell(page, row) == money(value), row
    summary = page.inner_text("[data-guide-premium] [data-guide-summary]")
    assert money(expected["monthly"]["total"]) in summary
    assert expected["city"]["name"][lang] in summary
    formula = page.inner_text("[data-guide-premium-result] [data-guide-formula]")
    assert [line.strip() for line in formula.splitlines() if line.strip()] == [f[lang] for f in expected["formula"]]
    links = page.eval_on_selector_all("[data-guide-premium-result] [data-guide-sources] a", "as => as.map(a => a.href)")
    assert links == [s["url"] for s in expected["sources"] if s["url"]]
    assert expected["period"]["valid_from"][:4] in page.inner_text("[data-guide-premium-result] [data-guide-period]")

    page.check("input[name=view][value=annual]")
    wait_for_total(page, money(expected["annual"]["total"]))
    assert cell(page, "pension") == money(expected["annual"]["pension"])

    # The embed event carries the engine's own result for the same input.
    results = page.evaluate("() => window.__calculatorResults.filter(r => r.kind === 'premiums')")
    last = results[-1]
    assert last["params"] == {"city": city, "base": base}
    assert {k: last["result"][k] for k in ("monthly", "annual", "base", "bounds")} == {
        k: expected[k] for k in ("monthly", "annual", "base", "bounds")}


def test_excluding_an_insurance_changes_the_total(calc: tuple[Any, str]) -> None:
    page, _ = calc
    reset(page)
    expected = cli("calc", "--city", "shanghai", "--base", "10000")
    page.select_option("#guide-calc-city", "shanghai")
    page.fill("#guide-calc-base", "10000")
    wait_for_total(page, money(expected["monthly"]["total"]))
    page.uncheck("input[name=include][value=medical]")
    wait_for_total(page, money(expected["monthly"]["pension"]))


def test_out_of_range_base_shows_the_range(calc: tuple[Any, str]) -> None:
    page, lang = calc
    reset(page)
    error = cli("calc", "--city", "shanghai", "--base", "100")["error"]
    assert error["code"] == "base_out_of_range"
    page.select_option("#guide-calc-city", "shanghai")
    page.fill("#guide-calc-base", "100")
    box = page.locator("#guide-calc-base-error")
    box.wait_for(state="visible", timeout=ENGINE_WAIT_MS)
    lowest, highest = (money(error[k]).removesuffix(".00") for k in ("min", "max"))
    assert lowest in box.inner_text() and highest in box.inner_text()
    assert page.get_attribute("#guide-calc-base", "aria-invalid") == "true"
    assert page.locator("[data-guide-premium-result]").is_hidden()
    button = page.locator("[data-guide-use-nearest]")
    assert money(error["nearest"]) in button.inner_text()
    button.click()
    assert page.input_value("#guide-calc-base") == error["nearest"]
    wait_for_total(page, money(cli("calc", "--city", "shanghai", "--base", error["nearest"])["monthly"]["total"]))
    assert box.is_hidden() and button.is_hidden()
    assert page.get_attribute("#guide-calc-base", "aria-invalid") is None


def engine_reference(city: str) -> dict[str, Any]:
    """The engine's table on the date the page uses: today, or the latest period's start if none is in force."""
    import datetime as dt

    from macros.content.export import calculator_data
    from macros.plugin.content_cache import site_content
    from shebao_calculator import reference_table

    content = site_content(PROJECT / "content")
    today = dt.date.today()
    model = next(c for c in content.cities if c.id == city)
    on = model.shown_on(today)
    return reference_table(calculator_data(content), city, on).to_json()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_javascript_the_static_tables_show_the_engine_numbers(page_nojs: Any, base_url: str, lang: str) -> None:
    page_nojs.goto(f"{base_url}/{'' if lang == 'zh' else 'en/'}calculator/")
    assert page_nojs.locator("[data-guide-premium-form]").is_hidden()
    assert page_nojs.locator("[data-guide-retire-form]").is_hidden()
    default = page_nojs.get_attribute("[data-guide-static-table]", "data-city")
    table = engine_reference(default)
    header = page_nojs.inner_text("[data-guide-static-table] thead")
    rows = page_nojs.eval_on_selector_all("[data-guide-static-table] tbody tr",
                                          "trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent.trim()))")
    totals = rows[-2]
    for level, shown in zip(table["rows"], totals):
        assert money(level["base"]) in header
        assert shown == money(level["monthly"]["total"])
    # The all-cities summary: each city's monthly total at the lowest base, from the engine.
    summary = page_nojs.eval_on_selector_all(
        "[data-guide-city-summary] tbody tr[data-city]", "trs => trs.map(tr => [tr.dataset.city, tr.querySelector('[data-level=min]').textContent.trim()])")
    assert len(summary) >= 4
    for city, shown in summary:
        lowest = next(r for r in engine_reference(city)["rows"] if r["level"] == "min")
        assert shown == money(lowest["monthly"]["total"]), city


def test_when_pyodide_cannot_load_one_line_says_so(browser: Any, base_url: str) -> None:
    # Requests a service worker makes are invisible to page.route: keep the worker out of this test.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.route("**/assets/pyodide/**", lambda route: route.abort())
    page.goto(f"{base_url}/calculator/")
    page.focus("#guide-calc-base")
    page.wait_for_selector(".guide-calculator--unavailable", timeout=ENGINE_WAIT_MS)
    assert page.inner_text("[data-guide-status]").strip()
    assert page.locator("[data-guide-premium-form]").is_hidden()
    assert page.locator("[data-guide-static-table]").is_visible()
    context.close()


def test_other_pages_never_request_pyodide(page: Any, base_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("", "steps/", "checklist/", "cities/", "cities/shanghai/", "en/", "en/insurance/", "sources/"):
        page.goto(f"{base_url}/{path}")
        page.wait_for_load_state("networkidle")
    assert requested
    assert [url for url in requested if "/assets/pyodide/" in url or "/assets/calculator/" in url] == []


def test_axe_clean_with_a_result(calc: tuple[Any, str]) -> None:
    page, _ = calc
    reset(page)
    page.fill("#guide-calc-base", "9000")
    page.wait_for_selector("[data-guide-premium-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
    page.fill("#guide-retire-year", "1975")
    page.check("input[name=sex][value=female]")
    page.check("input[name=original_age][value=\"50\"]")  # a woman's original age has no default: she chooses
    page.wait_for_selector("[data-guide-retire-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
    page.fill("#guide-pension-calc-base", "12000")
    page.wait_for_selector("[data-guide-pension-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
    assert axe_violations(page) == []


def test_city_without_current_figures_uses_its_latest_period(calc: tuple[Any, str]) -> None:
    """Where no period is in force today (not renewed yet), the form uses the latest one, like the tables."""
    import datetime as dt

    from macros.plugin.content_cache import site_content

    page, _ = calc
    reset(page)
    today = dt.date.today()
    stale = [c for c in site_content(PROJECT / "content").cities if c.period_on(today) is None]
    if not stale:
        pytest.skip("every city has figures in force today")
    city = stale[0]
    expected = cli("calc", "--city", city.id, "--base", "max", "--on", city.latest.valid_from.isoformat())
    page.select_option("#guide-calc-city", city.id)
    page.fill("#guide-calc-base", "max")
    wait_for_total(page, money(expected["monthly"]["total"]))
    assert cell(page, "pension") == money(expected["monthly"]["pension"])
