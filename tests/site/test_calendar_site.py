"""The payment reminders in the built site: written for exactly the cities with a monthly deadline, linked
from their city pages (which say so where there is none), sent as text/calendar by the _headers rules."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin

from icalendar import Calendar

from macros.content import load_content
from macros.writers.calendar import reminder_payment
from macros.writers.headers import CALENDAR_TYPE, headers_for, parse_headers

PROJECT = Path(__file__).resolve().parents[2]


def test_reminders_are_built_linked_and_typed(site_dir: Path) -> None:
    content = load_content(PROJECT / "content", today=dt.date.today())
    rules = parse_headers((site_dir / "_headers").read_text(encoding="utf-8"))
    with_reminder = {city.id for city in content.cities if reminder_payment(city)}
    assert with_reminder, "no city has a payment deadline: the reminders are untested"
    for city in content.cities:
        for prefix in ("", "en/"):
            path = f"{prefix}calendar/{city.id}.ics"
            page = (site_dir / prefix / "cities" / city.id / "index.html").read_text(encoding="utf-8")
            [line] = re.findall(r'<p data-rule="reminder">.*?</p>', page)
            if city.id not in with_reminder:
                assert not (site_dir / path).exists() and "href" not in line
                continue
            [event] = Calendar.from_ical((site_dir / path).read_bytes()).walk("VEVENT")
            assert event["rrule"]["FREQ"] == ["MONTHLY"]
            [href] = re.findall(r'href="([^"]+)"', line)
            assert urljoin(f"http://x/{prefix}cities/{city.id}/", href) == f"http://x/{path}"
            types = [value for name, value in headers_for(rules, f"/{path}") if name.lower() == "content-type"]
            assert types == [CALENDAR_TYPE]
    # pages keep their own type: no Content-Type rule reaches them
    assert not [v for n, v in headers_for(rules, "/cities/shanghai/") if n.lower() == "content-type"]


def test_the_personal_summary_links_each_citys_reminder(site_dir: Path) -> None:
    """The guided start's summary (/start/) is pre-rendered per city; each city's part links its reminder."""
    content = load_content(PROJECT / "content", today=dt.date.today())
    with_reminder = {city.id for city in content.cities if reminder_payment(city)}
    for prefix in ("", "en/"):
        page = (site_dir / prefix / "start" / "index.html").read_text(encoding="utf-8")
        parts = dict(re.findall(r'<div class="guide-start__city" data-city="([^"]+)">(.*?)(?=<div class="guide-start__city"|\Z)',
                                page, re.S))
        assert with_reminder <= set(parts), "a city with a reminder has no part in the summary"
        for city_id in with_reminder:
            [href] = re.findall(r'<p class="guide-no-print" data-reminder><a href="([^"]+)"', parts[city_id])
            assert urljoin(f"http://x/{prefix}start/", href) == f"http://x/{prefix}calendar/{city_id}.ics"
