"""The guided start (/start/, /en/start/) at 360 px: home → questions → a summary with documents, office
and cost that matches summarise() for the same answers; one A4 page in print; the shared link restores
it; without JavaScript the same answers show the same summary; axe clean."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import CONTENT, axe_violations, no_script_axe  # tests/conftest.py (pytest puts tests/ on sys.path)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LANGS = [("", "zh"), ("/en", "en")]
ALL_RULES = {"hukou": "non-local-hukou", "situation": "restarting", "work": "platform-worker"}


@pytest.fixture(scope="module")
def content() -> Any:
    from macros.content import load_content

    return load_content(CONTENT)


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


@pytest.fixture
def phone_nojs(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


def expected(content: Any, city: str, choices: dict[str, str]) -> Any:
    from macros.content.summary import Answers, summarise

    return summarise(content, Answers(city, choices), dt.date.today())


def visible_documents(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".guide-start__documents li[data-item]", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.item)")


def visible_steps(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".guide-start__next li[data-step]", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.step)")


def answer(page: Any, city: str, choices: dict[str, str]) -> None:
    page.locator("#start-city").select_option(city)
    for value in choices.values():
        page.locator(f"#start-answer-{value}").check()


def money(value: Any) -> str:
    return f"{value:,.2f}"


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def check_summary(page: Any, content: Any, lang: str, city_id: str, choices: dict[str, str]) -> None:
    """What the page shows is what summarise() gives for the same answers: documents, steps, the city's
    block (office, cost, deadline) and only that city's."""
    want = expected(content, city_id, choices)
    assert visible_documents(page) == [d.item.id for d in want.documents]
    assert visible_steps(page) == [s.step.id for s in want.next_steps]
    block = page.locator(f'.guide-start__city[data-city="{city_id}"]')
    assert block.is_visible()
    assert page.locator(".guide-start__city:visible").count() == 1
    city = content.city(city_id)
    text = block.inner_text()
    cost = want.city.cost
    assert money(cost.monthly_min) in text and money(cost.monthly_max) in text
    offices = city.local_rules.offices
    if offices and offices.counter:
        assert offices.counter.text.get(lang).split("。")[0].split(".")[0][:12] in text
    for phone in offices.phones if offices else []:
        assert phone.number in text
    payment = city.local_rules.payment
    if payment and payment.deadline_day:
        assert str(payment.deadline_day) in text
    shown_rules = block.locator("[data-rule]").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.rule)")
    assert shown_rules == [r.name for r in want.city.rules]


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_home_leads_to_a_summary_with_documents_office_and_cost(phone: Any, base_url: str, content: Any, prefix: str,
                                                                lang: str) -> None:
    phone.goto(f"{base_url}{prefix}/")
    first_screen = phone.locator(".guide-home-start a")
    hrefs = [urlsplit(h).path for h in first_screen.evaluate_all("els => els.map(e => e.href)")]
    assert hrefs == [f"{prefix}/start/", f"{prefix}/checklist/", f"{prefix}/calculator/", f"{prefix}/cities/"]
    for i in range(first_screen.count()):
        box = first_screen.nth(i).bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], "the way in is on the first screen"
    first_screen.first.click()
    phone.wait_for_url(re.compile(r"/start/$"))
    phone.wait_for_selector("[data-enhanced]", state="attached")
    choices = {"hukou": "non-local-hukou", "situation": "first-time", "work": "platform-worker"}
    answer(phone, "shanghai", choices)
    phone.locator('[data-ref="show"]').click()
    assert phone.evaluate("document.activeElement.id") == "start-summary"
    check_summary(phone, content, lang, "shanghai", choices)
    want = expected(content, "shanghai", choices)
    count = phone.locator('[data-ref="count"]').inner_text()
    assert str(len(want.documents)) in count
    assert not phone.locator('[data-ref="incomplete"]').is_visible()
    assert urlsplit(phone.url).fragment == "city=shanghai&hukou=non-local-hukou&situation=first-time&work=platform-worker"
    link = phone.locator('[data-ref="checklist-link"]').get_attribute("href")
    assert link == "../checklist/#when=first-registration,non-local-hukou,platform-worker&city=shanghai"
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []
    assert phone.errors == []


def test_answers_rewrite_the_address_without_new_history_entries(phone: Any, base_url: str) -> None:
    phone.goto(f"{base_url}/start/")
    phone.wait_for_selector("[data-enhanced]", state="attached")
    length = phone.evaluate("history.length")
    answer(phone, "beijing", {"hukou": "local-hukou"})
    assert urlsplit(phone.url).fragment == "city=beijing&hukou=local-hukou"
    phone.locator("#start-answer-non-local-hukou").check()
    assert urlsplit(phone.url).fragment == "city=beijing&hukou=non-local-hukou"
    assert phone.evaluate("history.length") == length
    # Until every question is answered, the summary says it lists all that may apply.
    assert phone.locator('[data-ref="incomplete"]').is_visible()


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_shared_link_restores_the_summary(browser: Any, base_url: str, content: Any, prefix: str, lang: str) -> None:
    choices = {"hukou": "local-hukou", "situation": "from-employer", "work": "individual-business"}
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    # Unknown names and values are ignored, as in every share link of the guide.
    page.goto(f"{base_url}{prefix}/start/#city=tianjin&hukou=local-hukou&situation=from-employer"
              "&work=individual-business&x=1&work=nonsense")
    page.wait_for_selector("[data-enhanced]", state="attached")
    assert page.locator("#start-city").input_value() == "tianjin"
    for value in choices.values():
        assert page.locator(f"#start-answer-{value}").is_checked()
    check_summary(page, content, lang, "tianjin", choices)
    # Another link in the same tab (hashchange) replaces the answers.
    page.evaluate("location.hash = 'city=chengdu&hukou=non-local-hukou'")
    page.wait_for_function("document.querySelector('#start-city').value === 'chengdu'")
    assert not page.locator("#start-answer-from-employer").is_checked()
    assert page.locator('.guide-start__city[data-city="chengdu"]').is_visible()
    context.close()


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_without_javascript_the_form_selects_the_summary(phone_nojs: Any, base_url: str, content: Any, prefix: str,
                                                         lang: str) -> None:
    """answers.css (CSS :has over the form's inputs) does what start.js does, for every set of answers."""
    phone_nojs.goto(f"{base_url}{prefix}/start/")
    assert page_has_no_city_block(phone_nojs)
    assert phone_nojs.locator('[data-ref="no-city"]').is_visible()
    questions = content.start.questions
    combos = [dict(zip((q.id for q in questions), c)) for c in itertools.product(*([a.id for a in q.answers]
                                                                                   for q in questions))]
    for i, choices in enumerate(combos):
        city = content.cities[i % len(content.cities)].id
        answer(phone_nojs, city, choices)
        check_summary(phone_nojs, content, lang, city, choices)
        assert not phone_nojs.locator('[data-ref="incomplete"]').is_visible()
        assert not phone_nojs.locator('[data-ref="no-city"]').is_visible()
    labels = phone_nojs.eval_on_selector_all(
        "[data-answer-label]", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.answerLabel)")
    assert labels == [city, *combos[-1].values()]
    assert no_sideways_scroll(phone_nojs)


def page_has_no_city_block(page: Any) -> bool:
    return page.locator(".guide-start__city:visible").count() == 0


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_every_city_prints_on_one_a4_page(browser: Any, base_url: str, content: Any, prefix: str, lang: str) -> None:
    """The longest summaries (every city rule shown, or the employer steps) fit one A4 page, with the
    documents, office, cost and deadline on it and no form."""
    from test_print import pdf_pages

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for city in content.cities:
        for choices in (ALL_RULES, {**ALL_RULES, "situation": "from-employer"}):
            page.goto(f"{base_url}{prefix}/start/#city={city.id}&" + "&".join(f"{k}={v}" for k, v in choices.items()))
            page.wait_for_selector("[data-enhanced]", state="attached")
            page.emulate_media(media="print")
            assert not page.locator("#start-form").is_visible()
            assert visible_documents(page) == [d.item.id for d in expected(content, city.id, choices).documents]
            assert pdf_pages(page.pdf(format="A4")) == 1, (city.id, choices)
            page.emulate_media(media="screen")
    context.close()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_axe_clean_with_and_without_javascript(phone: Any, browser: Any, base_url: str, prefix: str) -> None:
    phone.goto(f"{base_url}{prefix}/start/#city=chengdu&hukou=non-local-hukou&situation=restarting&work=platform-worker")
    phone.wait_for_selector("[data-enhanced]", state="attached")
    assert axe_violations(phone) == []
    assert no_script_axe(browser, f"{base_url}{prefix}/start/") == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_skip_link_reaches_the_summary(phone: Any, base_url: str, prefix: str) -> None:
    phone.goto(f"{base_url}{prefix}/start/")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#start-summary"
