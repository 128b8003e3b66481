"""The stale-figures banner on a city page is decided again in the browser, by the reader's clock:
an old cached page whose period has since ended must still warn."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from macros.content import load_content

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]


def city_with_end_date() -> tuple[str, dt.date]:
    """A city whose latest period has an end date that had not passed when the site was built."""
    today = dt.date.today()
    for city in load_content(PROJECT / "content").cities:
        until = city.latest.valid_until
        if until is not None and until >= today:
            return city.id, until
    pytest.skip("no city has a current period with an end date; nothing for the browser to decide")


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, 0)


def checked(page: object, now: dt.datetime) -> None:
    """Wait until city.js has run, and check it used the page's (fake) clock."""
    page.wait_for_selector("[data-stale-checked]", state="attached", timeout=10000)  # type: ignore[attr-defined]
    used = page.get_attribute("[data-module=guide-city]", "data-stale-checked")  # type: ignore[attr-defined]
    assert used == now.date().isoformat()


def banner(page: object, base_url: str, path: str, now: dt.datetime) -> object:
    page.clock.set_fixed_time(now)  # type: ignore[attr-defined]
    page.goto(f"{base_url}/{path}")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    return page.locator("[data-guide-stale-banner]")  # type: ignore[attr-defined]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_banner_appears_when_the_clock_is_past_valid_until(page: object, base_url: str, prefix: str) -> None:
    city, until = city_with_end_date()
    found = banner(page, base_url, f"{prefix}cities/{city}/", at_noon(until + dt.timedelta(days=1)))
    found.wait_for(state="visible", timeout=5000)
    text = found.inner_text()
    assert ("有效期已于" in text) if prefix == "" else ("stopped applying on" in text)
    assert found.get_attribute("role") == "alert"


@pytest.mark.parametrize("offset", [0, -200])
def test_no_banner_while_the_period_is_current(page: object, base_url: str, offset: int) -> None:
    city, until = city_with_end_date()
    now = at_noon(until + dt.timedelta(days=offset))
    found = banner(page, base_url, f"cities/{city}/", now)
    checked(page, now)
    assert found.is_hidden()


def test_open_ended_city_never_shows_the_banner(page: object, base_url: str) -> None:
    cities = [c for c in load_content(PROJECT / "content").cities if c.latest.valid_until is None]
    if not cities:
        pytest.skip("every city has an end date")
    now = dt.datetime(2099, 1, 1, 12, 0)
    found = banner(page, base_url, f"cities/{cities[0].id}/", now)
    checked(page, now)
    assert found.is_hidden()


def test_banner_is_in_the_html_without_javascript(page_nojs: object, base_url: str) -> None:
    city, _ = city_with_end_date()
    page_nojs.goto(f"{base_url}/cities/{city}/")  # type: ignore[attr-defined]
    found = page_nojs.locator("[data-guide-stale-banner]")  # type: ignore[attr-defined]
    assert "有效期已于" in found.text_content() and found.is_hidden()
