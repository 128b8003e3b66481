"""The search index loads only when the reader opens search (issue 17), in real Chromium.

Material asks for search/search_index.json as soon as its bundle starts; components/site/search-on-demand.js
holds that request until the reader focuses the search field (or opens search). Checked with the service
worker blocked (a first visit, an old browser) and with it (a repeat visit, offline): no index request
before the field is focused, results in both languages after (the Chinese index segmented by jieba,
pinyin city names), and offline search from the service worker's precache on a page never opened with
search.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

from test_offline import KEPT, wait_until  # tests/browser/

pytestmark = pytest.mark.browser

RESULTS = ".md-search-result__item > a.md-search-result__link"


def index_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if urlparse(url).path.endswith("/search/search_index.json")]


def lunr_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if "/assets/javascripts/lunr/" in url]


def open_quietly(page: Any, url: str) -> list[str]:
    """Open a page, let it settle (load, then the network idle), and return every URL it requested."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # Material's bundle and worker are up; nothing more should come
    return requests


def search(page: Any, term: str) -> list[str]:
    """Focus the search field, type `term`, return the result paths."""
    box = page.locator("input.md-search__input")
    box.focus()
    box.fill(term)
    box.press("End")  # fill() alone does not fire the key events Material listens to
    page.locator(RESULTS).first.wait_for(state="attached", timeout=15_000)
    return [urlparse(a.evaluate("a => a.href")).path for a in page.locator(RESULTS).all()]


@pytest.fixture
def no_worker(browser: Any) -> Iterator[Any]:
    context = browser.new_context(service_workers="block")
    yield context
    context.close()


@pytest.fixture
def with_worker(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.parametrize(("path", "term", "expected"), [
    ("", "缴费基数", "/steps/"),
    ("checklist/", "shanghai", "/cities/shanghai/"),  # pinyin finds the Chinese city page
    ("en/", "contribution base", "/en/steps/"),
])
def test_index_loads_when_search_is_focused_not_before(no_worker: Any, base_url: str, path: str, term: str,
                                                       expected: str) -> None:
    page = no_worker.new_page()
    requests = open_quietly(page, f"{base_url}/{path}")
    assert page.locator("input.md-search__input").count() == 1
    assert index_requests(requests) == [], "the index was requested before the reader opened search"
    assert lunr_requests(requests) == []
    found = search(page, term)
    assert expected in found, f"{term}: {expected} not among {found}"
    wanted = f"{base_url}/en/search/search_index.json" if path.startswith("en/") else f"{base_url}/search/search_index.json"
    assert index_requests(requests) == [wanted]
    english = [p for p in found if p.startswith("/en/")]
    assert english == found if path.startswith("en/") else english == []


def test_opening_search_by_its_label_loads_the_index(no_worker: Any, base_url: str) -> None:
    """A phone reader taps the magnifier in the header (a label for Material's search toggle)."""
    page = no_worker.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    requests = open_quietly(page, f"{base_url}/steps/")
    assert index_requests(requests) == []
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.wait_for_timeout(300)
    assert len(index_requests(requests)) == 1


def test_search_link_with_a_query_loads_the_index_at_once(no_worker: Any, base_url: str) -> None:
    """Material's deep link (?q=…) opens search with the query: the index is needed right away."""
    page = no_worker.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base_url}/?q=%E5%8F%82%E4%BF%9D%E7%99%BB%E8%AE%B0")
    page.locator(RESULTS).first.wait_for(state="attached", timeout=15_000)
    assert len(index_requests(requests)) == 1


def test_with_the_service_worker_no_index_before_search_and_search_works_offline(with_worker: Any,
                                                                                 base_url: str) -> None:
    page = with_worker.new_page()
    first = open_quietly(page, f"{base_url}/")
    # The worker precaches both indexes (in the background, after the page): search works offline on
    # pages where the reader never opened it.
    page.evaluate(KEPT, ["./search/search_index.json", "./en/search/search_index.json",
                         "./assets/javascripts/lunr/min/lunr.zh.min.js"])
    assert index_requests([url for url in first]) == [], "the page itself asked for the index at start"
    page.close()

    page = with_worker.new_page()
    again = open_quietly(page, f"{base_url}/en/")  # controlled by the worker now; offline below
    assert page.evaluate("!!navigator.serviceWorker.controller")
    assert index_requests(again) == []
    page.evaluate(KEPT, ["./"])
    page.close()

    with_worker.set_offline(True)
    for path, term, expected in (("", "参保登记", "/steps/"), ("en/", "income", "/en/steps/")):
        page = with_worker.new_page()
        page.goto(f"{base_url}/{path}")
        wait_until(page, "() => !!navigator.serviceWorker.controller")
        found = search(page, term)
        assert expected in found, f"offline {term}: {expected} not among {found}"
        page.close()
