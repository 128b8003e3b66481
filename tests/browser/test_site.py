"""The built site in a real headless Chromium, served on 127.0.0.1.

Every page type in both languages renders without console errors, keeps every request on the site,
stays readable without JavaScript and has no serious or critical axe-core finding; the language
switcher keeps the page; search finds pages of the reader's language only.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from macros.content import load_content
from conftest import axe_violations  # tests/conftest.py (pytest puts tests/ on sys.path)

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]


def first_city() -> str:
    return load_content(PROJECT / "content").cities[0].id


PAGE_TYPES = ["", "start/", "steps/", "checklist/", "stopping/", "changes/", "retirement/", "insurance/", "resident/", "cities/",
              f"cities/{first_city()}/",
              "legal/", "sources/", "calculator/", "print/"]
QUIET = 1.0
PAGES = [prefix + page for prefix in ("", "en/") for page in PAGE_TYPES]


class Visit:
    """One page load with everything the page logged and requested."""

    def __init__(self, page: object, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.last_request = time.monotonic()
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))  # type: ignore[attr-defined]
        page.on("request", self._request)  # type: ignore[attr-defined]

    def _request(self, request: object) -> None:
        self.requests.append(request.url)  # type: ignore[attr-defined]
        self.last_request = time.monotonic()

    def _console(self, message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            location = message.location.get("url", "")  # type: ignore[attr-defined]
            self.console_errors.append(f"{message.text} ({location})")  # type: ignore[attr-defined]

    def open(self, path: str) -> object:
        response = self.page.goto(f"{self.base_url}/{path}")  # type: ignore[attr-defined]
        # Material starts its search worker after load, the calculator its Pyodide worker: wait
        # until no new request has started for QUIET seconds, so late requests and errors count. Not
        # "networkidle": that also waits for the 10 MB Pyodide wasm to finish streaming, which on a busy
        # machine took over 30 s while adding no request and no error.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and time.monotonic() - self.last_request < QUIET:
            self.page.wait_for_timeout(100)  # type: ignore[attr-defined]
        return response


@pytest.fixture(scope="module", params=PAGES)
def loaded(request: pytest.FixtureRequest, browser: object, base_url: str) -> Iterator[tuple[str, Visit, object]]:
    """Each page loaded once for the checks below (pytest runs them together, page by page)."""
    path: str = request.param
    context = browser.new_context()  # type: ignore[attr-defined]
    visit = Visit(context.new_page(), base_url)
    response = visit.open(path)
    yield path, visit, response
    context.close()


def test_page_renders_without_console_errors(loaded: tuple[str, Visit, object]) -> None:
    path, visit, response = loaded
    assert response is not None and response.status == 200, f"/{path}: HTTP {response and response.status}"  # type: ignore[attr-defined]
    h1 = visit.page.locator("article h1").first  # type: ignore[attr-defined]
    assert h1.is_visible(), f"/{path}: no visible h1"
    assert h1.inner_text().strip()
    expected_lang = "en" if path.startswith("en/") else "zh"
    assert visit.page.get_attribute("html", "lang") == expected_lang  # type: ignore[attr-defined]
    assert visit.console_errors == [], f"/{path}: console errors {visit.console_errors}"


def test_no_request_leaves_the_site(loaded: tuple[str, Visit, object]) -> None:
    path, visit, _ = loaded
    assert visit.requests, "no request recorded"
    # data: and blob: URLs are made in the page itself (Material's inline icons), never on the network.
    outside = [url for url in visit.requests
               if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1"]
    assert outside == [], f"/{path} requested {outside}"


def test_no_serious_or_critical_axe_violation(loaded: tuple[str, Visit, object]) -> None:
    path, visit, _ = loaded
    violations = axe_violations(visit.page)
    report = [f"{v['id']} ({v['impact']}): {v['help']} -> "
              f"{[node['target'] for node in v['nodes']][:5]}" for v in violations]  # type: ignore[index]
    assert violations == [], f"/{path}:\n" + "\n".join(report)


@pytest.mark.parametrize("path", PAGES)
def test_page_is_readable_without_javascript(page_nojs: object, base_url: str, path: str) -> None:
    response = page_nojs.goto(f"{base_url}/{path}")  # type: ignore[attr-defined]
    assert response is not None and response.status == 200
    article = page_nojs.locator("article.md-content__inner")  # type: ignore[attr-defined]
    h1 = article.locator("h1").first
    assert h1.is_visible()
    # Text beyond the heading: the page's own content, not just an empty shell waiting for scripts.
    body = article.inner_text().replace(h1.inner_text(), "", 1).strip()
    assert len(body) >= 20, f"/{path} without JavaScript shows only {body!r}"


def _switch_language(page: object, hreflang: str) -> None:
    # Material's switcher opens on hover (or focus); its links are Material's own markup.
    page.hover(".md-header__option .md-select")  # type: ignore[attr-defined]
    link = page.locator(f".md-select__link[hreflang={hreflang}]")  # type: ignore[attr-defined]
    link.click()
    page.wait_for_load_state("load")  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["steps/", f"cities/{first_city()}/"])
def test_language_switcher_keeps_the_page(page: object, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")  # type: ignore[attr-defined]
    _switch_language(page, "en")
    assert page.url == f"{base_url}/en/{path}"  # type: ignore[attr-defined]
    assert page.get_attribute("html", "lang") == "en"  # type: ignore[attr-defined]
    _switch_language(page, "zh")
    assert page.url == f"{base_url}/{path}"  # type: ignore[attr-defined]
    assert page.get_attribute("html", "lang") == "zh"  # type: ignore[attr-defined]


def _search(page: object, base_url: str, path: str, term: str) -> list[str]:
    """Type `term` into Material's search on /path and return the result links (absolute URLs)."""
    page.goto(f"{base_url}/{path}")  # type: ignore[attr-defined]
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    box.fill(term)
    box.press("End")  # fill() alone does not fire the key events Material listens to
    items = page.locator(".md-search-result__item > a.md-search-result__link")  # type: ignore[attr-defined]
    items.first.wait_for(state="attached", timeout=10_000)
    return [a.evaluate("a => a.href") for a in items.all()]


def _path(url: str) -> str:
    return urlparse(url).path


@pytest.mark.parametrize(("term", "expected"), [("缴费基数", "/steps/"), ("参保登记", "/steps/"), ("灵活就业", "/")])
def test_chinese_search_finds_zh_pages_only(page: object, base_url: str, term: str, expected: str) -> None:
    results = _search(page, base_url, "", term)
    paths = [_path(url) for url in results]
    assert expected in paths, f"{term}: {expected} not among {paths}"
    assert all(url.startswith(base_url + "/") for url in results)
    assert not [p for p in paths if p.startswith("/en/")], f"{term}: English results {paths}"


@pytest.mark.parametrize("term", ["contribution base", "income"])
def test_english_search_finds_en_pages_only(page: object, base_url: str, term: str) -> None:
    results = _search(page, base_url, "en/", term)
    paths = [_path(url) for url in results]
    assert "/en/steps/" in paths, f"{term}: /en/steps/ not among {paths}"
    assert all(p.startswith("/en/") for p in paths), f"{term}: results outside /en/: {paths}"


def test_search_results_lead_to_existing_pages(page: object, base_url: str) -> None:
    for path, term in (("", "缴费基数"), ("en/", "contribution base")):
        for url in {u.split("?")[0].split("#")[0] for u in _search(page, base_url, path, term)}:
            response = page.request.get(url)  # type: ignore[attr-defined]
            assert response.status == 200, f"search result {url}: HTTP {response.status}"
