"""The retirement and pension sections of /calculator/ in a real headless Chromium.

The browser shows the same numbers as `guide retire --json` and `guide pension --json` for the same
input, in both languages; the build-time table of retirement ages by birth year equals the engine.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from collections.abc import Iterator
import json
from pathlib import Path

import pytest

from calculator_page import ENGINE_WAIT_MS, calculator_session, cli, money, open_calculator  # tests/

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["zh", "en"])
def calc(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[tuple[Any, str]]:
    yield from calculator_session(browser, base_url, request.param)


NATIONAL = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "national-data.json").read_text(encoding="utf-8"))


def fill_retirement(page: Any, birth: str, sex: str, original_age: int | None, paid: int | None) -> None:
    year, month = birth.split("-")
    page.evaluate("() => { window.__calculatorResults = []; }")
    # Forget an earlier case's choice: radios cannot be unticked by hand, and a woman's age has no default.
    page.evaluate("() => document.querySelectorAll('input[name=original_age]').forEach(i => { i.checked = false; })")
    page.fill("#guide-retire-year", "")
    page.fill("#guide-retire-paid", "")
    page.select_option("#guide-retire-month", month)
    page.check(f"input[name=sex][value={sex}]")
    if original_age is not None:
        page.check(f"input[name=original_age][value='{original_age}']")
    if paid is not None:
        page.fill("#guide-retire-paid", str(paid))
    page.fill("#guide-retire-year", year)


def shown(page: Any, name: str) -> str:
    return page.inner_text(f"[data-guide-retire-result] [data-out={name}]").strip()


CASES = [
    ("1972-03", "female", 55, 96),
    ("1965-06", "male", None, 300),
    ("1980-12", "female", 50, None),
    ("1963-05", "male", None, 180),  # original date before 2025: no delay
]


@pytest.mark.parametrize(("birth", "sex", "original_age", "paid"), CASES)
def test_retirement_equals_cli(calc: tuple[Any, str], birth: str, sex: str,
                               original_age: int | None, paid: int | None) -> None:
    page, lang = calc
    args = ["retire", "--birth", birth, "--sex", sex]
    args += ["--original-age", str(original_age)] if original_age else []
    args += ["--paid-months", str(paid)] if paid is not None else []
    expected = cli(*args)
    fill_retirement(page, birth, sex, original_age, paid)
    page.wait_for_function(
        "month => document.querySelector('[data-guide-retire-result] [data-out=retirement_month]')?.textContent === month"
        " && !document.querySelector('[data-guide-retire-result]').hidden",
        arg=expected["retirement_month"], timeout=ENGINE_WAIT_MS)
    assert str(expected["delay_months"]) in shown(page, "delay")
    assert shown(page, "retirement_age") == expected["retirement_age_text"][lang]
    assert expected["original_retirement_month"] in shown(page, "original")
    assert expected["minimum_contribution_years"] in shown(page, "minimum")
    still = shown(page, "still")
    if expected["months_still_needed"]:
        assert str(expected["months_still_needed"]) in still
    early = expected["early_retirement"]
    if early["available"]:
        assert early["earliest_month"] in shown(page, "early")
    formula = page.inner_text("[data-guide-retire-result] [data-guide-formula]")
    assert [line.strip() for line in formula.splitlines() if line.strip()] == [f[lang] for f in expected["formula"]]
    assert page.eval_on_selector_all("[data-guide-retire-result] [data-guide-sources] a", "as => as.length") == len(expected["sources"])
    last = page.evaluate("() => window.__calculatorResults.filter(r => r.kind === 'retirement').pop()")
    assert last["result"] == expected


def pension_cli_args(params: dict[str, Any]) -> list[str]:
    """The CLI options for the request the page sent (the same names, as guide pension spells them)."""
    args = ["pension", "--calc-base", params["calc_base"], "--index", params["index"],
            "--contribution-months", params["contribution_months"], "--birth", params["birth"], "--sex", params["sex"]]
    if "original_age" in params:
        args += ["--original-age", str(params["original_age"])]
    if "projection" in params:
        p = params["projection"]
        args += ["--future-base", p["monthly_base"], "--future-months", p["months"], "--account-balance", p["start_balance"]]
    elif "account_balance" in params:
        args += ["--account-balance", params["account_balance"]]
    return args


@pytest.mark.parametrize(("birth", "sex", "original_age", "paid", "balance"), [
    ("1972-03", "female", 55, 96, "30000"),
    ("1975-08", "male", None, 120, ""),
])
def test_pension_equals_cli(calc: tuple[Any, str], birth: str, sex: str,
                            original_age: int | None, paid: int, balance: str) -> None:
    page, lang = calc
    page.fill("#guide-pension-calc-base", "")
    page.fill("#guide-pension-balance", "")
    page.evaluate("() => { window.__calculatorResults = []; }")
    page.select_option("#guide-calc-city", "shanghai")
    page.fill("#guide-calc-base", "10000")
    page.wait_for_function("() => window.__calculatorResults.some(r => r.kind === 'premiums' && r.params.base === '10000')",
                           timeout=ENGINE_WAIT_MS)
    fill_retirement(page, birth, sex, original_age, paid)
    page.wait_for_selector("[data-guide-retire-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
    page.evaluate("() => { window.__calculatorResults = []; }")
    if balance:
        page.fill("#guide-pension-balance", balance)
    page.fill("#guide-pension-calc-base", "12049")
    page.wait_for_function(
        "() => { const r = window.__calculatorResults.filter(r => r.kind === 'pension').pop();"
        " return r && r.params.calc_base === '12049' && !document.querySelector('[data-guide-pension-result]').hidden; }",
        timeout=ENGINE_WAIT_MS)
    last = page.evaluate("() => window.__calculatorResults.filter(r => r.kind === 'pension').pop()")
    params = last["params"]
    # The defaults come from the other forms: index = base / the city's average wage; months = paid + left.
    retirement = cli("retire", "--birth", birth, "--sex", sex, *(["--original-age", str(original_age)] if original_age else []))
    year, month = map(int, retirement["retirement_month"].split("-"))
    today = dt.date.today()
    left = max(0, (year * 12 + month - 1) - (today.year * 12 + today.month - 1))
    assert params["contribution_months"] == str(paid + left)
    assert params["birth"] == birth
    assert Decimal(params["index"]) == (Decimal("10000") / Decimal(cli("calc", "--city", "shanghai", "--base", "10000")["bounds"]["average_wage"])).quantize(Decimal("0.01"))
    if left:
        assert params["projection"] == {"monthly_base": "10000.00", "months": str(left), "start_balance": balance or "0"}
    expected = cli(*pension_cli_args(params))
    assert last["result"] == expected
    for name in ("basic_pension", "account_pension", "total"):
        assert page.inner_text(f"[data-guide-pension-result] [data-out={name}]").strip() == money(expected[name])
    assert page.inner_text("[data-guide-pension-result] [data-out=payout_months]").strip() == expected["payout_months"]
    summary = page.inner_text("[data-guide-pension-form] ~ [data-guide-summary]")
    assert money(expected["total"]) in summary
    formula = page.inner_text("[data-guide-pension-result] [data-guide-formula]")
    assert [line.strip() for line in formula.splitlines() if line.strip()] == [f[lang] for f in expected["formula"]]
    notes = page.inner_text("[data-guide-pension-result] [data-guide-notes]")
    assert expected["notes"][0][lang] in notes  # transitional pensions are not included


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_static_retirement_table_equals_engine(page_nojs: Any, base_url: str, lang: str) -> None:
    from shebao_calculator import retirement

    page_nojs.goto(f"{base_url}/{'' if lang == 'zh' else 'en/'}calculator/")
    for group, sex, original_age in (("male", "male", None), ("female-55", "female", 55), ("female-50", "female", 50)):
        cells = page_nojs.eval_on_selector_all(
            f"[data-guide-retirement-table={group}] td[data-birth]", "tds => tds.map(td => [td.dataset.birth, td.textContent])")
        assert len(cells) >= 20
        for birth, text in cells:
            result = retirement(birth, sex, original_age, rules=NATIONAL).to_json()
            assert text == f"{result['retirement_age_text'][lang]} ({result['retirement_month']})"


def test_woman_must_choose_her_original_age(calc: tuple[Any, str]) -> None:
    """No default: until she chooses 50 or 55 the form asks and shows no result; then 1980-01 at 50 gives
    52 years 7 months (55 would give 57 years 7 months)."""
    page, lang = calc
    assert page.eval_on_selector_all("input[name=original_age]", "is => is.filter(i => i.checked).length") == 0
    fill_retirement(page, "1980-01", "female", None, None)
    page.wait_for_selector("[data-guide-original-age-prompt]:not([hidden])", timeout=ENGINE_WAIT_MS)
    assert page.is_hidden("[data-guide-retire-result]")
    summary = page.inner_text("[data-guide-retire-form] ~ [data-guide-summary]")
    assert ("50 岁还是 55 岁" if lang == "zh" else "50 or 55") in summary
    help_text = page.inner_text("#guide-retire-original-age-help")
    assert ("女工人为 50 岁，女干部为 55 岁" if lang == "zh" else "50 for women workers and 55 for women cadres") in help_text
    assert ("请先向当地社会保险经办机构问清楚" if lang == "zh" else "ask your local social insurance agency") in help_text
    page.check("input[name=original_age][value='50']")
    page.wait_for_selector("[data-guide-retire-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
    assert shown(page, "retirement_age") == ("52岁7个月" if lang == "zh" else "52 years 7 months")
    assert page.is_hidden("[data-guide-original-age-prompt]")
    page.check("input[name=original_age][value='55']")
    page.wait_for_function(
        "() => document.querySelector('[data-guide-retire-result] [data-out=retirement_age]').textContent.includes('57')",
        timeout=ENGINE_WAIT_MS)
    assert shown(page, "retirement_age") == ("57岁7个月" if lang == "zh" else "57 years 7 months")


def test_no_raw_keys_and_ages_in_words(browser: Any, base_url: str) -> None:
    """The pension hint is worded (it used to show the raw key 'pension-needs-retirement'), the assumed
    age reads 50岁1个月 / 50 years 1 month (it used to read 50:1), and no script asked for a missing string."""
    for lang in ("zh", "en"):
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        open_calculator(page, base_url, lang)
        body = page.inner_text("body")
        assert "pension-needs-retirement" not in body
        hint = page.inner_text("[data-guide-months-hint]")
        assert hint == {"zh": "先在上面填好出生年月和性别（女性还要选择原法定退休年龄）。",
                        "en": "Fill in your birth month and sex above first (and, for women, the original retirement age)."}[lang]
        fill_retirement(page, "1975-01", "female", 50, 120)
        page.wait_for_selector("[data-guide-retire-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
        page.fill("#guide-pension-calc-base", "10000")
        page.wait_for_selector("[data-guide-pension-result]:not([hidden])", timeout=ENGINE_WAIT_MS)
        assumptions = page.inner_text("[data-guide-pension-result] [data-guide-assumptions]")
        assert ("退休年龄（法定）：50岁1个月" if lang == "zh" else "Retirement age (statutory): 50 years 1 month") in assumptions
        assert "50:1" not in assumptions
        assert not [e for e in errors if "missing UI string" in e], errors
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_national_rules_on_sources_page(page_nojs: Any, base_url: str, lang: str) -> None:
    """/sources/ lists every national rule with its period and sources, and the change log carries the
    retirement-age rise, each linked to its national source (no JavaScript needed)."""
    from macros.content import load_content
    from macros.content.national import RULES

    national = load_content(Path(__file__).resolve().parents[2] / "content").national
    page_nojs.goto(f"{base_url}/{'' if lang == 'zh' else 'en/'}sources/")
    rows = page_nojs.eval_on_selector_all("[data-guide-national-rules] tbody tr", "trs => trs.map(tr => tr.dataset.rule)")
    assert rows == list(RULES)
    for key, rule in national.rules():
        links = page_nojs.eval_on_selector_all(f"[data-guide-national-rules] tr[data-rule={key}] a",
                                               "as => as.map(a => a.getAttribute('href'))")
        assert links == [national.source(ref).url for ref in rule.sources]
    text = page_nojs.inner_text("[data-guide-national-rules]")
    assert ("本指南未核对起始日期" if lang == "zh" else "Start date not checked") in text  # pension formula: no start
    assert ("逐步推迟到63岁（每4个月推迟1个月）" if lang == "zh" else "rising step by step to 63 (one month later for every 4 months)") in text
    changes = page_nojs.inner_text(".guide-changes")
    assert ("原退休年龄 50 岁的女性" if lang == "zh" else "Women whose original age is 50") in changes
