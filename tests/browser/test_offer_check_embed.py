"""The offer check in real Chromium: its page in both languages (with and without JavaScript, 360 px, axe),
and its embed on a host page of another origin (http://127.0.0.2) sending `guide:offer-check-result` for a
corpus of work kinds and cities, full and compact; the payment reminders served as text/calendar."""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import axe_violations, no_script_axe  # tests/conftest.py
from test_embed import servers, settled  # noqa: F401  (the cross-origin servers fixture and the height wait)

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
KINDS = ["employee", "part-time", "ride-hailing", "instant-delivery", "intra-city-freight", "other-platform",
         "freelance"]
CORPUS = [("employee", "shanghai"), ("part-time", "beijing"), ("ride-hailing", "tianjin"),
          ("instant-delivery", "xian"), ("intra-city-freight", "guangzhou"), ("other-platform", "chengdu"),
          ("freelance", "wuhan")]


def answers(site_dir: Path) -> dict[str, dict]:
    return json.loads((site_dir / "offer-check" / "answers.json").read_text(encoding="utf-8"))["answers"]


def offer_host(servers: dict[str, str], name: str, placeholders: list[dict[str, str]]) -> str:  # noqa: F811
    """A host page on the other origin recording every guide:* event it gets in window.events."""
    divs = "\n".join("<div " + " ".join(f'{k}="{escape(v, quote=True)}"' for k, v in attrs.items()) + "></div>"
                     for attrs in placeholders)
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Jobs</title></head>
<body><main><h1>Job offer</h1>
<script>
window.events = [];
for (const name of ["guide:ready", "guide:height", "guide:offer-check-result"]) {{
  document.addEventListener(name, (e) => window.events.push({{name, id: e.target.id, detail: e.detail}}));
}}
</script>
{divs}
<script src="{servers['site']}/embed.js" async></script>
</main></body></html>"""
    (Path(servers["host_dir"]) / name).write_text(html, encoding="utf-8")
    return f"{servers['host']}/{name}"


def visible_sections(page) -> dict[str, list[str]]:
    return page.evaluate("""() => ({
        work: [...document.querySelectorAll('[data-work]')].filter((s) => !s.hidden).map((s) => s.dataset.work),
        city: [...document.querySelectorAll('section[data-city]')].filter((s) => !s.hidden).map((s) => s.dataset.city),
        platforms: [...document.querySelectorAll('section[data-city]:not([hidden]) li[data-platform]')]
            .filter((li) => !li.hidden && !li.closest('[hidden]')).map((li) => li.dataset.platform),
        bill: [...document.querySelectorAll('section[data-city]:not([hidden]) [data-offer-part="bill"]')]
            .filter((b) => !b.hidden).length,
        waiver: !document.querySelector('[data-offer-waiver]').hidden,
    })""")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_the_chosen_answer_and_sends_it(page, base_url, site_dir, lang: str) -> None:
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{base_url}/{prefix}offer-check/#work=ride-hailing&city=tianjin")
    page.evaluate("""() => { window.results = [];
        document.addEventListener('guide:offer-check-result', (e) => window.results.push(e.detail)); }""")
    shown = visible_sections(page)
    assert shown == {"work": ["ride-hailing"], "city": ["tianjin"], "platforms": ["ride_hailing"], "bill": 1,
                     "waiver": False}
    since = "2025年7月1日" if lang == "zh" else "2025-07-01"
    assert since in page.locator('section[data-city="tianjin"] li[data-platform="ride_hailing"]').inner_text()
    page.select_option('select[name="work"]', "employee")
    page.wait_for_function("window.results.some((d) => d.work === 'employee')")
    shown = visible_sections(page)
    assert shown["work"] == ["employee"] and shown["bill"] == 0 and shown["waiver"] and shown["platforms"] == []
    assert page.evaluate("location.hash") == "#work=employee&city=tianjin"
    detail = page.evaluate("window.results.at(-1)")
    assert detail == {"work": "employee", "city": "tianjin", "lang": lang,
                      "answer": answers(site_dir)["employee/tianjin"]}
    assert detail["answer"]["waiver"] is True and "fashi-2025-12-art-19" in detail["answer"]["sources"]


def test_page_without_javascript_has_every_answer(page_nojs, base_url) -> None:
    page_nojs.goto(f"{base_url}/offer-check/")
    assert page_nojs.locator("[data-offer-form]").is_hidden()
    for kind in KINDS:
        assert page_nojs.locator(f"#work-{kind}").is_visible()
        assert page_nojs.locator(f'[data-offer-jump] a[href="#work-{kind}"]').count() == 1
    assert page_nojs.locator("section[data-city]").count() >= 12
    assert page_nojs.locator("#offer-waiver").is_visible()
    link = page_nojs.locator('#offer-city-shanghai a[href$="calendar/shanghai.ics"]')
    assert link.count() == 1
    assert "没有缴费提醒" in page_nojs.locator("#offer-city-beijing [data-offer-part=reminder]").inner_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_and_phone_width(browser, page, base_url, lang: str) -> None:
    prefix = "" if lang == "zh" else "en/"
    url = f"{base_url}/{prefix}offer-check/#work=instant-delivery&city=shanghai"
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url)
    page.wait_for_selector("[data-offer-form]:not([hidden])")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    assert no_script_axe(browser, url) == []


@pytest.mark.parametrize("size", ["full", "compact"])
def test_embed_sends_answers_to_another_origin(page, servers, site_dir, size: str) -> None:  # noqa: F811
    placeholders = [{"id": f"offer-{i}", "data-guide-embed": "offer-check", "data-work": work, "data-city": city,
                     "data-lang": "en" if i % 2 else "zh", "data-size": size}
                    for i, (work, city) in enumerate(CORPUS)]
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(offer_host(servers, f"offer-{size}.html", placeholders))
    page.wait_for_function(f"new Set(window.events.filter((e) => e.name === 'guide:offer-check-result')"
                           f".map((e) => e.id)).size === {len(CORPUS)}", timeout=30_000)
    known = answers(site_dir)
    for i, (work, city) in enumerate(CORPUS):
        [detail, *_] = [e["detail"] for e in page.evaluate("window.events")
                        if e["name"] == "guide:offer-check-result" and e["id"] == f"offer-{i}"]
        assert (detail["work"], detail["city"]) == (work, city)
        assert detail["lang"] == ("en" if i % 2 else "zh")
        assert detail["answer"] == known[f"{work}/{city}"]
    # the reader changes the choice inside one frame: the host hears the new answer
    frame = page.frame_locator("#offer-0 iframe")
    frame.locator('select[name="city"]').select_option("beijing")
    page.wait_for_function("window.events.some((e) => e.id === 'offer-0' && e.name === 'guide:offer-check-result'"
                           " && e.detail.city === 'beijing')")
    if size == "compact":
        for i in range(len(CORPUS)):
            assert settled(page, i)["iframe"] <= 900


def test_host_attributes_outside_the_allowlists_are_ignored(page, servers) -> None:  # noqa: F811
    placeholders = [{"id": "bad", "data-guide-embed": "offer-check", "data-work": '"><script>alert(1)</script>',
                     "data-city": "atlantis"}]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(offer_host(servers, "offer-bad.html", placeholders))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:offer-check-result')")
    src = page.locator("#bad iframe").get_attribute("src")
    assert "script" not in src and "atlantis" not in src
    detail = [e["detail"] for e in page.evaluate("window.events") if e["name"] == "guide:offer-check-result"][0]
    assert detail["work"] == "employee" and not dialogs


@pytest.mark.parametrize("path", ["calendar/shanghai.ics", "en/calendar/tianjin.ics"])
def test_reminders_are_served_as_calendars(page, base_url, path: str) -> None:
    response = page.request.get(f"{base_url}/{path}")
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.body()).walk("VEVENT")
    assert event["rrule"]["FREQ"] == ["MONTHLY"] and event.walk("VALARM")
    assert event.decoded("dtstart") >= dt.date(2025, 1, 1)
