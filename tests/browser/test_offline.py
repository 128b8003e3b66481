"""Repeat and offline visits in real Chromium: the service worker (sw.js at the site root).

After one visit to the calculator, a second visit with the network cut (browser offline mode) still
computes the same number as the CLI; guide pages visited before open offline, pages never visited do
not; the worker is registered at the site root; an older worker's caches hand their pages over and are
deleted on activation; caches are keyed without query strings, bounded, and hold only our pages and
assets; a frame (an embed on another site) registers nothing and still works; a site under a sub-path
gets a worker for it. The redeploy test (build, visit, rebuild with a changed calculator, reload) is in
test_redeploy.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from calculator_page import ENGINE_WAIT_MS, cli, money  # tests/
from macros.writers.calculator_assets import asset_urls
from test_subpath import subpath_site  # noqa: F401 - the site built for and served under /shebao/ (a fixture)

pytestmark = pytest.mark.browser

# Resolve once the service worker is active and keeps these URLs (relative to the page).
KEPT = """
async (urls) => {
  const registration = await navigator.serviceWorker.ready;
  const absolute = urls.map((u) => new URL(u, location.href).href);
  let found = [];
  for (const until = Date.now() + 60000; Date.now() < until;) {
    found = await Promise.all(absolute.map((u) => caches.match(u, { ignoreSearch: true })));
    if (found.every(Boolean)) return registration.scope;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("not kept: " + absolute.filter((u, i) => !found[i]).join(", "));
}
"""
ENGINE = [*(f"../{asset_urls()['pyodide_index']}{name}" for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "pyodide.mjs")),
          f"../{asset_urls()['stdlib']}", f"../{asset_urls()['wheel']}", "../assets/calculator/data.json", "../components/calculator/calculator-worker.js", "./"]
# Every entry of our caches (the precache adds its revision as a query; the others never keep one).
CACHED = """
async () => {
  const all = {};
  for (const name of await caches.keys()) {
    if (!name.startsWith("guide-")) continue;
    all[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
  }
  return all;
}
"""


def wait_until(page: Any, script: str, arg: Any = None, timeout_s: float = 60) -> None:
    """Evaluate an async predicate until it is true (Playwright's wait_for_function does not await it)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {timeout_s} s: {script}"
        page.wait_for_timeout(250)


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context
    context.close()


def total(page: Any) -> str:
    return page.inner_text("[data-guide-premium-result] tr[data-row=total] [data-cell]").strip()


def compute(page: Any, base: str) -> None:
    page.fill("#guide-calc-base", base)
    page.wait_for_function(
        "base => !document.querySelector('[data-guide-premium-result]').hidden"
        " && document.querySelector('#guide-calc-base').value === base"
        " && document.querySelector('[data-guide-calculator-state=ready]')",
        arg=base, timeout=ENGINE_WAIT_MS)


def test_calculator_computes_offline_on_a_repeat_visit(context: Any, base_url: str) -> None:
    page = context.new_page()
    page.goto(f"{base_url}/calculator/")
    compute(page, "9000")
    expected = money(cli("calc", "--city", "shanghai", "--base", "9100")["monthly"]["total"])
    scope = page.evaluate(KEPT, ENGINE)
    assert scope == f"{base_url}/"
    page.close()

    context.set_offline(True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}/calculator/")
    assert page.evaluate("navigator.onLine") is False
    assert page.evaluate("!!navigator.serviceWorker.controller")
    compute(page, "9100")
    page.wait_for_function("expected => document.querySelector('[data-guide-premium-result] tr[data-row=total] [data-cell]')"
                           ".textContent === expected", arg=expected, timeout=ENGINE_WAIT_MS)
    assert total(page) == expected
    assert errors == []


def test_guide_pages_visited_before_open_offline(context: Any, base_url: str) -> None:
    page = context.new_page()
    visited = ["", "en/insurance/", "cities/shanghai/"]
    titles = {}
    for path in visited:
        page.goto(f"{base_url}/{path}")
        titles[path] = page.inner_text("article h1")
        page.evaluate(KEPT, ["./"])
    page.close()

    context.set_offline(True)
    page = context.new_page()
    for path in visited:
        response = page.goto(f"{base_url}/{path}")
        assert response is not None and response.ok, path
        assert page.inner_text("article h1") == titles[path]
        # Styled: the stylesheet came from the cache too.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    with pytest.raises(Exception):  # noqa: B017 - a page never visited is not there offline
        page.goto(f"{base_url}/legal/")


def test_an_older_workers_pages_survive_its_replacement(context: Any, base_url: str) -> None:
    """The worker before this one kept one cache per build (guide-site-<build>) and deleted it on the
    next deploy. Activation now moves its pages into guide-pages first, then deletes the old caches."""
    page = context.new_page()
    # A document of the site's origin that does not register the worker: the old worker's caches first.
    page.goto(f"{base_url}/assets/calculator/data.json")
    page.evaluate("""async (base) => {
      const old = await caches.open("guide-site-0000000000000000");
      await old.put(base + "/legal/", await fetch(base + "/legal/"));
      await old.put(base + "/assets/calculator/data.json", await fetch(base + "/assets/calculator/data.json"));
      await caches.open("guide-pyodide-0.0.1");
      await caches.open("someone-else");
    }""", base_url)
    page.goto(f"{base_url}/")
    page.evaluate(KEPT, ["./"])
    cached = page.evaluate(CACHED)
    assert not [name for name in cached if name.startswith(("guide-site-", "guide-pyodide-"))], cached
    assert "someone-else" in page.evaluate("caches.keys()")
    assert f"{base_url}/legal/" in cached["guide-pages"]
    assert f"{base_url}/assets/calculator/data.json" not in cached["guide-pages"]
    page.close()

    context.set_offline(True)
    page = context.new_page()
    response = page.goto(f"{base_url}/legal/")  # never visited with this worker, kept by the old one
    assert response is not None and response.ok
    assert page.inner_text("article h1")


def test_caches_are_keyed_without_query_and_bounded(context: Any, base_url: str, site_dir: Any) -> None:
    page = context.new_page()
    page.goto(f"{base_url}/steps/?from=share")
    page.evaluate(KEPT, ["./"])
    page.goto(f"{base_url}/steps/?utm_source=x#register")
    page.evaluate(KEPT, ["./"])
    # A page asks to keep many URLs: every page of the site, with and without queries.
    pages = sorted(str(p.parent.relative_to(site_dir)) + "/" for p in site_dir.rglob("index.html"))
    pages = ["" if p == "./" else p for p in pages]
    assert len(pages) > 60
    page.evaluate("""async (urls) => {
      const registration = await navigator.serviceWorker.ready;
      registration.active.postMessage({ type: "guide:keep", urls: urls.map((u) => u + "?n=" + Math.random()) });
    }""", [f"{base_url}/{p}" for p in pages])
    wait_until(page, """async (last) => {
      const keys = await (await caches.open("guide-pages")).keys();
      return keys.some((r) => r.url === last) && keys.length <= 50;
    }""", f"{base_url}/{pages[-1]}")
    cached = page.evaluate(CACHED)
    for name, urls in cached.items():
        if "precache" not in name:
            assert not [url for url in urls if "?" in url or "#" in url], name
    assert len(cached["guide-pages"]) <= 50
    assert len(set(cached["guide-pages"])) == len(cached["guide-pages"])


def test_only_our_pages_and_assets_are_cached(context: Any, base_url: str) -> None:
    """Other origins, POSTs, the API, the sitemap and other files of ours a page fetches are not cached."""
    page = context.new_page()
    page.goto(f"{base_url}/")
    page.evaluate(KEPT, ["./"])
    page.goto(f"{base_url}/steps/")
    page.evaluate(KEPT, ["./"])
    page.evaluate("""async () => {
      try { await fetch("http://localhost:9/nothing", { mode: "no-cors" }); } catch {}
      try { await fetch(location.href, { method: "POST" }); } catch {}
      for (const path of ["../api/v1/index.json", "../sitemap.xml", "../_headers", "../embed.js"]) {
        await fetch(new URL(path, location.href));
      }
      const registration = await navigator.serviceWorker.ready;
      registration.active.postMessage({ type: "guide:keep", urls: ["../api/v1/cities.json", "../robots.txt"] });
      await new Promise((r) => setTimeout(r, 1000));
    }""")
    urls = [url for keys in page.evaluate(CACHED).values() for url in keys]
    assert f"{base_url}/steps/" in urls
    assert all(url.startswith(f"{base_url}/") for url in urls)
    assert not [url for url in urls if "/api/" in url or url.endswith(("sitemap.xml", "_headers", "embed.js", "robots.txt"))]


def test_no_registration_inside_a_frame(context: Any, base_url: str) -> None:
    """An embed in a frame registers no service worker (and works, as test_embed checks in detail)."""
    page = context.new_page()
    page.goto(f"{base_url}/assets/calculator/data.json")
    page.set_content(f'<iframe src="{base_url}/embed/calculator/" style="width:800px;height:600px"></iframe>')
    frame = page.frame_locator("iframe")
    frame.locator("#guide-calc-base").fill("9000")
    frame.locator("[data-guide-premium-result]:not([hidden])").wait_for(timeout=ENGINE_WAIT_MS)
    page.wait_for_timeout(500)
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0


def test_under_a_sub_path_the_worker_covers_the_sub_path(context: Any, subpath_site: str) -> None:
    page = context.new_page()
    page.goto(f"{subpath_site}calculator/")
    compute(page, "9000")
    assert page.evaluate(KEPT, ENGINE) == subpath_site
    page.close()
    context.set_offline(True)
    page = context.new_page()
    page.goto(f"{subpath_site}calculator/")
    compute(page, "9100")
    assert total(page) == money(cli("calc", "--city", "shanghai", "--base", "9100")["monthly"]["total"])
