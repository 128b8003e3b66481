"""Repeat and offline visits in real Chromium: the service worker (sw.js at the site root).

After one visit to the calculator, a second visit with the network cut (browser offline mode) still
computes the same number as the CLI; guide pages visited before open offline, pages never visited do
not; the worker is registered at the site root; old caches are deleted on activation; a frame (an
embed on another site) registers nothing and still works; a site under a sub-path gets a worker for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from calculator_page import ENGINE_WAIT_MS, cli, money  # tests/
from test_subpath import subpath_site  # noqa: F401 - the site built for and served under /shebao/ (a fixture)

pytestmark = pytest.mark.browser

# Resolve once the service worker is active and keeps these URLs (relative to the page).
KEPT = """
async (urls) => {
  const registration = await navigator.serviceWorker.ready;
  const absolute = urls.map((u) => new URL(u, location.href).href);
  let found = [];
  for (const until = Date.now() + 60000; Date.now() < until;) {
    found = await Promise.all(absolute.map((u) => caches.match(u)));
    if (found.every(Boolean)) return registration.scope;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("not kept: " + absolute.filter((u, i) => !found[i]).join(", "));
}
"""
ENGINE = ["../assets/pyodide/pyodide.asm.wasm", "../assets/pyodide/python_stdlib.zip",
          "../assets/pyodide/pyodide.asm.mjs", "../assets/pyodide/pyodide.mjs", "../assets/calculator/data.json",
          "../components/calculator/calculator-worker.js", "./"]


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


def test_activation_deletes_other_builds_caches(context: Any, base_url: str) -> None:
    page = context.new_page()
    # A document of the site's origin that does not register the worker: make stale caches first.
    page.goto(f"{base_url}/assets/calculator/data.json")
    page.evaluate("""async () => {
      await caches.open("guide-site-0000000000000000");
      await caches.open("guide-pyodide-0.0.1");
      await caches.open("someone-else");
    }""")
    page.goto(f"{base_url}/")
    page.evaluate(KEPT, ["./"])
    names = page.evaluate("caches.keys()")
    assert "guide-site-0000000000000000" not in names
    assert "guide-pyodide-0.0.1" not in names
    assert "someone-else" in names
    assert any(name.startswith("guide-site-") for name in names)


def test_cross_origin_and_non_get_pass_through(context: Any, base_url: str) -> None:
    """Only our own GET responses are cached: an API POST or a request to another origin is not."""
    page = context.new_page()
    page.goto(f"{base_url}/")
    page.evaluate(KEPT, ["./"])
    page.goto(f"{base_url}/steps/")
    page.evaluate("""async () => {
      try { await fetch("http://localhost:9/nothing", { mode: "no-cors" }); } catch {}
      try { await fetch(location.href, { method: "POST" }); } catch {}
    }""")
    keys = page.evaluate("""async () => {
      const all = [];
      for (const name of await caches.keys()) {
        if (!name.startsWith("guide-")) continue;
        for (const request of await (await caches.open(name)).keys()) all.push(request.url);
      }
      return all;
    }""")
    assert keys and all(key.startswith(f"{base_url}/") for key in keys)


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
