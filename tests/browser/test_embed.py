"""Embeds across origins in real Chromium: a host page on http://127.0.0.2:<port> embeds components
served from http://127.0.0.1:<port>, which sends the site's _headers (CSP included) like a static host."""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from macros.writers.headers import guide_settings, headers_for, headers_text, parse_headers
from macros.cli.serve import SiteHandler
from conftest import axe_violations, serve_directory  # tests/conftest.py (pytest puts tests/ on sys.path)

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
HOST_IP = "127.0.0.2"

PAYLOADS = [
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    '" onerror=alert(1) x="',
    "<img src=x onerror=alert(1)>",
    "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "shanghai\"><svg onload=alert(1)>",
    "#123456\" style=\"x:expression(alert(1))",
    "../../../api/v1/index.json",
]


def header_handler(directory: Path, rules: list) -> type:
    """SiteHandler that sends the headers a Netlify/Cloudflare host would send from _headers."""

    class Handler(SiteHandler):
        def end_headers(self) -> None:
            for name, value in headers_for(rules, urlsplit(self.path).path):
                self.send_header(name, value)
            super().end_headers()

    return functools.partial(Handler, directory=str(directory))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def servers(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    # The host page's server first: its origin goes into the embed pages' frame-ancestors.
    host_dir = tmp_path_factory.mktemp("host")
    host_server, host_url = serve_directory(host_dir, HOST_IP)
    # The built _headers is exactly what the generator writes for mkdocs.yml's hosts; the test server
    # sends the same generator's output with the test host added to the allowed hosts.
    from mkdocs.config import load_config

    config = load_config(str(PROJECT / "mkdocs.yml"))
    hosts = guide_settings(config).embed_hosts
    built = (site_dir / "_headers").read_text(encoding="utf-8")
    assert built == headers_text(site_dir, config["site_url"], hosts)
    rules = parse_headers(headers_text(site_dir, "/", [*hosts, host_url]))
    site_server = ThreadingHTTPServer(("127.0.0.1", 0), header_handler(site_dir, rules))
    threading.Thread(target=site_server.serve_forever, daemon=True).start()
    site_url = f"http://127.0.0.1:{site_server.server_address[1]}"
    yield {"site": site_url, "host": host_url, "host_dir": str(host_dir)}
    site_server.shutdown()
    host_server.shutdown()


def host_page(servers: dict[str, str], name: str, placeholders: list[dict[str, str]], extra: str = "") -> str:
    """Write a host page with these placeholders; it records every guide:* event in window.events."""
    from html import escape

    divs = "\n".join(
        "<div " + " ".join(f'{k}="{escape(v, quote=True)}"' for k, v in attrs.items()) + "></div>"
        for attrs in placeholders)
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<style>body{{margin:0;font-family:sans-serif}} main{{max-width:900px;margin:0 auto}}</style></head>
<body><main><h1>Recruitment site</h1>
<script>
window.events = [];
for (const name of ["guide:ready", "guide:height", "guide:checklist-progress", "guide:calculator-result"]) {{
  document.addEventListener(name, (e) => window.events.push({{name, id: e.target.id, detail: e.detail}}));
}}
</script>
{divs}
{extra}
<script src="{servers['site']}/embed.js" async></script>
</main></body></html>"""
    (Path(servers["host_dir"]) / name).write_text(html, encoding="utf-8")
    return f"{servers['host']}/{name}"


def frame_metrics(page, index: int = 0) -> dict[str, float]:
    iframe = page.locator("iframe").nth(index)
    height = iframe.evaluate("(f) => f.getBoundingClientRect().height")
    inner = iframe.element_handle().content_frame().evaluate(
        """() => ({content: document.documentElement.getBoundingClientRect().height,
                  scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight})""")
    return {"iframe": height, **inner}


def settled(page, index: int = 0, timeout: float = 15.0) -> dict[str, float]:
    """Wait until the iframe matches its content (within 3 px) and stays so for a moment."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        metrics = frame_metrics(page, index)
        ok = abs(metrics["iframe"] - metrics["content"]) <= 3
        if ok and last and abs(last["iframe"] - metrics["iframe"]) < 1:
            return metrics
        last = metrics if ok else None
        page.wait_for_timeout(250)
    raise AssertionError(f"iframe height never settled on its content: {frame_metrics(page, index)}")


@pytest.fixture
def watched(page) -> Iterator[dict[str, list]]:
    """The page, with dialogs (alert/confirm/prompt) and console messages recorded."""
    seen: dict[str, list] = {"dialogs": [], "console": [], "csp": []}

    def on_dialog(dialog) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: seen["console"].append(f"{msg.type}: {msg.text}"))
    yield seen


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("component,city", [("checklist", "shanghai"), ("calculator", ""), ("city", "shanghai")])
def test_iframe_height_follows_content(page, servers, watched, component: str, city: str, lang: str) -> None:
    attrs = {"id": "embed", "data-guide-embed": component, "data-lang": lang}
    if city:
        attrs["data-city"] = city
    page.goto(host_page(servers, f"height-{component}-{lang}.html", [attrs]))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    metrics = settled(page)
    assert metrics["scroll"] <= metrics["client"] + 1, f"inner scrollbar: {metrics}"
    heights = [e["detail"]["height"] for e in page.evaluate("window.events") if e["name"] == "guide:height"]
    assert heights and abs(heights[-1] - metrics["iframe"]) <= 1
    src = page.locator("iframe").get_attribute("src")
    prefix = "" if lang == "zh" else "en/"
    path = f"embed/cities/{city}/" if component == "city" else f"embed/{component}/"
    assert src.startswith(f"{servers['site']}/{prefix}{path}")
    assert page.locator("iframe").get_attribute("title")
    assert not watched["dialogs"]


def test_height_follows_width_and_filter_changes(page, servers) -> None:
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(host_page(servers, "resize.html", [{"id": "embed", "data-guide-embed": "checklist", "data-lang": "en"}]))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    wide = settled(page)
    page.set_viewport_size({"width": 420, "height": 900})
    narrow = settled(page)
    assert narrow["iframe"] > wide["iframe"] + 50, (wide, narrow)
    page.set_viewport_size({"width": 1200, "height": 900})
    back = settled(page)
    assert abs(back["iframe"] - wide["iframe"]) <= 3, "the frame must shrink back: nothing may grow with it"

    frame = page.frame_locator("iframe")
    radios = frame.locator('form[data-ref="filter"] input[type="radio"]:not([value=""])')
    if radios.count():
        before = settled(page)
        frame.locator("details.guide-checklist__filter").evaluate("(d) => d.open = true")
        # Try answers until one hides items; the frame must shrink to the new content.
        for i in range(radios.count()):
            radios.nth(i).check()
            after = settled(page)
            if after["iframe"] < before["iframe"] - 20:
                break
        else:
            pytest.fail("no filter answer changed the checklist's height")


def test_nothing_grows_with_the_frame(page, servers) -> None:
    """A taller iframe must not make the page taller (no 100vh, no height:100%)."""
    page.goto(host_page(servers, "grow.html", [{"id": "embed", "data-guide-embed": "city", "data-city": "beijing"}]))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    metrics = settled(page)
    page.locator("iframe").evaluate("(f) => { f.style.height = '5000px'; }")
    page.wait_for_timeout(300)
    inner = frame_metrics(page)
    assert abs(inner["content"] - metrics["content"]) <= 3, (metrics, inner)
    settled(page)  # and the reporter brings it back to the content height


def test_messages_from_other_origins_or_frames_are_ignored(page, servers) -> None:
    rogue = f'<iframe id="rogue" title="rogue" src="{servers["site"]}/embed/cities/beijing/"></iframe>'
    page.goto(host_page(servers, "spoof.html", [{"id": "embed", "data-guide-embed": "checklist"}], extra=rogue))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    before = settled(page)
    fake = {"protocol": "shebao-guide", "version": 1, "type": "height", "height": 4321}
    progress = {"protocol": "shebao-guide", "version": 1, "type": "event", "name": "guide:checklist-progress",
                "detail": {"done": 99, "total": 99, "checklist": "x"}}
    # Same data from the host page itself (another origin) …
    page.evaluate("([a, b]) => { window.postMessage(a, '*'); window.postMessage(b, '*'); }", [fake, progress])
    # … and from another frame of the guide's own origin that is not the embed's iframe.
    rogue_frame = page.frame_locator("#rogue")
    rogue_frame.locator("body").evaluate("(b, [a, c]) => { parent.postMessage(a, '*'); parent.postMessage(c, '*'); }",
                                         [fake, progress])
    page.wait_for_timeout(500)
    embed = page.locator("#embed iframe")
    assert abs(embed.evaluate("(f) => f.getBoundingClientRect().height") - before["iframe"]) <= 1
    # The rogue iframe is itself a plain iframe of an embed page, so embed.js adopts it: its own messages
    # may size it, but never the embed's iframe or events.
    events = [e for e in page.evaluate("window.events") if e["id"] == "embed"]
    assert not [e for e in events if e["name"] == "guide:height" and e["detail"]["height"] == 4321]
    assert not [e for e in events if e["name"] == "guide:checklist-progress" and e["detail"]["done"] == 99]


def test_checklist_progress_reaches_the_host(page, servers) -> None:
    page.goto(host_page(servers, "progress.html", [{"id": "embed", "data-guide-embed": "checklist", "data-lang": "zh"}]))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    frame = page.frame_locator("iframe")
    frame.locator(".guide-checklist__box").first.check()
    page.wait_for_function(
        "window.events.some((e) => e.name === 'guide:checklist-progress' && e.id === 'embed' && e.detail.done === 1)")
    last = [e for e in page.evaluate("window.events") if e["name"] == "guide:checklist-progress"][-1]
    assert last["detail"]["total"] >= 1 and last["detail"]["checklist"]


def test_city_parameter_reaches_the_checklist(page, servers) -> None:
    page.goto(host_page(servers, "city.html", [{"id": "embed", "data-guide-embed": "checklist", "data-city": "beijing"}]))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    select = page.frame_locator("iframe").locator('select[name="city"]')
    if not select.count():
        pytest.skip("the checklist has no city picker")
    assert select.input_value() == "beijing"


def test_links_leave_the_frame(page, servers) -> None:
    page.goto(host_page(servers, "links.html", [{"id": "embed", "data-guide-embed": "city", "data-city": "shanghai"}]))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    frame = page.frame_locator("iframe")
    assert frame.locator("base").get_attribute("target") == "_top"
    full = frame.locator(".guide-embed__full a")
    assert full.get_attribute("target") == "_top"
    with page.expect_navigation():
        full.click()
    assert page.url == f"{servers['site']}/cities/shanghai/"


def test_hostile_placeholder_attributes_do_nothing(page, servers, watched) -> None:
    placeholders = []
    for i, payload in enumerate(PAYLOADS):
        placeholders += [
            {"id": f"kind-{i}", "data-guide-embed": payload},
            {"id": f"lang-{i}", "data-guide-embed": "checklist", "data-lang": payload},
            {"id": f"city-{i}", "data-guide-embed": "city", "data-city": payload},
            {"id": f"ccity-{i}", "data-guide-embed": "calculator", "data-city": payload, "data-lang": "en"},
            {"id": f"color-{i}", "data-guide-embed": "checklist", "data-color": payload},
        ]
    page.goto(host_page(servers, "xss.html", placeholders))
    page.wait_for_function(f"document.querySelectorAll('iframe').length === {3 * len(PAYLOADS)}")
    page.wait_for_timeout(1500)
    assert not watched["dialogs"]
    for iframe in page.locator("iframe").all():
        src = iframe.get_attribute("src")
        assert re.fullmatch(re.escape(servers["site"]) + r"/(en/)?embed/(checklist|calculator)/", src), src
    # Unknown components and cities leave the placeholder alone: no iframe.
    for i in range(len(PAYLOADS)):
        assert page.locator(f"#kind-{i} iframe").count() == 0
        assert page.locator(f"#city-{i} iframe").count() == 0
    assert not [m for m in watched["console"] if "alert" in m and "embed.js" not in m]


@pytest.mark.parametrize("path", ["embed/checklist/", "en/embed/calculator/", "embed/cities/shanghai/", "embed/", "en/embed/"])
def test_hostile_query_and_hash_never_run_or_appear(page, servers, watched, path: str) -> None:
    for payload in PAYLOADS:
        encoded = quote(payload, safe="")
        for query in (f"?city={encoded}&color={encoded}&lang={encoded}&component={encoded}#{encoded}",
                      f"?{encoded}={encoded}#city={encoded}&ticks={encoded}&when={encoded}"):
            page.goto(f"{servers['site']}/{path}{query}")
            page.wait_for_load_state("load")
            html = page.content()
            assert "alert(1)" not in html, f"{path}{query}: payload echoed into the page"
    page.wait_for_timeout(300)
    assert not watched["dialogs"]


def test_snippet_color_is_applied_only_when_valid(page, servers) -> None:
    page.goto(host_page(servers, "color.html", [{"id": "good", "data-guide-embed": "checklist", "data-color": "#aa3300"}]))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    assert page.locator("iframe").get_attribute("src").endswith("?color=%23aa3300")
    colour = page.frame_locator("iframe").locator("body").evaluate(
        "(b) => getComputedStyle(b).getPropertyValue('--md-primary-fg-color').trim()")
    assert colour == "#aa3300"


CSP_PAGES = ["", "checklist/", "calculator/", "cities/", "cities/shanghai/", "legal/", "embed/", "embed/checklist/",
             "embed/calculator/", "embed/cities/wuhan/", "en/", "en/checklist/", "en/embed/", "en/embed/checklist/"]


def test_site_works_under_the_csp(page, servers, watched) -> None:
    violations: list[str] = []
    page.context.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => "
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    for path in CSP_PAGES:
        response = page.goto(f"{servers['site']}/{path}")
        assert response and response.ok, path
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), path
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__md_get") == "function", path  # Material's head script ran
        violations += [f"{path}: {m}" for m in watched["console"] if "CSP" in m or "Content Security Policy" in m]
        watched["console"].clear()
    assert not violations, "\n".join(violations)


def test_pyodide_runs_under_the_csp(page, servers, watched) -> None:
    """'wasm-unsafe-eval' is enough for Pyodide: no 'unsafe-eval'."""
    from macros.writers.calculator_assets import pyodide_dir

    page.goto(f"{servers['site']}/embed/calculator/")
    result = page.evaluate("""async (dir) => {
        const { loadPyodide } = await import(new URL(`../../${dir}/pyodide.mjs`, location).href);
        const py = await loadPyodide({ indexURL: new URL(`../../${dir}/`, location).href });
        return py.runPython('1 + 1');
    }""", pyodide_dir())
    assert result == 2
    assert not [m for m in watched["console"] if "Content Security Policy" in m]


def test_embeds_refused_by_sites_not_allowed(page, servers, site_dir) -> None:
    """A non-embed page may not be framed by the host, and embed pages only by allowed hosts."""
    rules = parse_headers(headers_text(site_dir, "/", []))
    framing = [v for k, v in headers_for(rules, "/checklist/") if k == "Content-Security-Policy" and "frame-ancestors" in v]
    assert framing == ["frame-ancestors 'self'"]
    html = f'<iframe id="x" title="x" src="{servers["site"]}/checklist/"></iframe>'
    (Path(servers["host_dir"]) / "framed.html").write_text(f"<!doctype html><title>x</title>{html}", encoding="utf-8")
    page.goto(f"{servers['host']}/framed.html")
    page.wait_for_timeout(1000)
    frame = page.frame_locator("#x")
    assert frame.locator(".md-content").count() == 0


@pytest.mark.parametrize("path", ["embed/checklist/", "en/embed/checklist/", "embed/calculator/", "en/embed/calculator/",
                                  "embed/cities/shanghai/", "en/embed/cities/shanghai/", "embed/", "en/embed/"])
def test_embed_pages_pass_axe(page, base_url, path: str) -> None:
    page.goto(f"{base_url}/{path}")  # without the CSP: axe is injected as an inline script
    page.wait_for_load_state("load")
    if path.endswith("embed/"):
        page.wait_for_function("document.querySelector('[data-ref=preview] iframe')")
    violations = axe_violations(page)
    assert not violations, json.dumps([(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations], indent=1)


def test_embed_pages_have_no_site_chrome(page, servers) -> None:
    page.goto(f"{servers['site']}/embed/checklist/")
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer"):
        assert page.locator(selector).count() == 0, selector
    assert page.locator(".guide-embed__full a").get_attribute("href") == "../../checklist/"
    oembed = page.request.get(f"{servers['site']}/embed/checklist/oembed.json").json()
    assert oembed["type"] == "rich" and "/embed/checklist/" in oembed["html"]


def test_embed_code_page_builds_snippets_and_previews(page, servers) -> None:
    page.goto(f"{servers['site']}/en/embed/")
    page.check("#embed-kind-city")
    page.select_option("#embed-city", "wuhan")
    snippet = page.locator('[data-ref="snippet-script"]').text_content()
    assert 'data-guide-embed="city"' in snippet and 'data-city="wuhan"' in snippet and 'data-lang="en"' in snippet
    assert f'src="{servers["site"]}/embed.js"' in snippet
    iframe_snippet = page.locator('[data-ref="snippet-iframe"]').text_content()
    assert f'src="{servers["site"]}/en/embed/cities/wuhan/"' in iframe_snippet
    # Function predicates: a bare expression is polled with eval, which the page's CSP forbids.
    page.wait_for_function("() => document.querySelector('[data-ref=preview] iframe')?.src.endsWith('/en/embed/cities/wuhan/')")
    page.wait_for_function("() => document.querySelector('[data-ref=events]').textContent.includes('guide:ready')")


def test_calculator_result_reaches_the_host(page, servers, watched) -> None:
    """The calculator runs (Pyodide in a worker, under the CSP) inside the frame; its result reaches the host."""
    page.goto(host_page(servers, "calc.html", [
        {"id": "calc", "data-guide-embed": "calculator", "data-lang": "en", "data-city": "guangzhou"}]))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    frame = page.frame_locator("iframe")
    frame.locator("#guide-calc-base").fill("9000")
    # The engine may be up before the reader types (it starts once the form is on screen) and then
    # reports the default base first: wait for the typed one.
    page.wait_for_function(
        "window.events.some((e) => e.name === 'guide:calculator-result' && e.id === 'calc' && e.detail.kind === 'premiums'"
        " && e.detail.params.base === '9000')",
        timeout=60000)
    result = [e for e in page.evaluate("window.events") if e["name"] == "guide:calculator-result"
              and e["detail"]["kind"] == "premiums"][-1]["detail"]  # the explorer reports its own results too
    assert result["params"] == {"city": "guangzhou", "base": "9000"}
    assert result["result"]["monthly"]["total"]
    assert not [m for m in watched["console"] if "Content Security Policy" in m]
    settled(page)


def test_named_elements_on_the_host_do_not_stop_embed_js(page, servers, watched) -> None:
    """DOM clobbering: elements named like the script's global and document.currentScript."""
    extra = '<a id="shebaoGuideEmbed" href="#">x</a><img name="currentScript" src="data:,">'
    page.goto(host_page(servers, "clobber.html", [{"id": "embed", "data-guide-embed": "checklist"}], extra))
    page.wait_for_function("() => window.events.some((e) => e.name === 'guide:ready' && e.id === 'embed')")
    assert page.evaluate("typeof window.shebaoGuideEmbed.scan") == "function"
    page.evaluate("""() => {
      const div = document.createElement("div");
      div.id = "later";
      div.setAttribute("data-guide-embed", "city");
      div.setAttribute("data-city", "shanghai");
      document.querySelector("main").append(div);
      window.shebaoGuideEmbed.scan();
    }""")
    page.wait_for_function("() => window.events.some((e) => e.name === 'guide:ready' && e.id === 'later')")
    # (The host server has no favicon: Chromium may log its 404, which is not the script's doing.)
    assert not [m for m in watched["console"] if m.startswith("error") and "Failed to load resource" not in m]


EMBED_PAGES = ["embed/checklist/", "embed/cities/shanghai/", "embed/calculator/", "embed/",
               "en/embed/checklist/", "en/embed/cities/shanghai/", "en/embed/calculator/", "en/embed/"]


@pytest.mark.parametrize("path", EMBED_PAGES)
def test_embed_pages_log_no_errors(page, servers, path: str) -> None:
    """Material's bundle threw 'Missing element [data-md-component=header]' in every frame."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{servers['site']}/{path}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert errors == []


def test_embed_frames_log_no_errors(page, servers) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{msg.location.get('url')}: {msg.text}") if msg.type == "error" else None)
    page.goto(host_page(servers, "frames.html", [{"id": "a", "data-guide-embed": "checklist"},
                                                 {"id": "b", "data-guide-embed": "city", "data-city": "shanghai", "data-lang": "en"}]))
    page.wait_for_function("() => new Set(window.events.filter((e) => e.name === 'guide:ready').map((e) => e.id)).size === 2")
    page.wait_for_timeout(500)
    assert errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_copy_button_gives_visible_and_announced_feedback(browser, servers, lang: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{servers['site']}/{'en/' if lang == 'en' else ''}embed/")
    status = page.locator('[data-ref="status-snippet-script"]')
    assert status.get_attribute("role") == "status"
    for _ in range(2):  # each copy is announced again: the status is emptied first
        page.locator('[data-action="copy"][data-target="snippet-script"]').click()
        page.wait_for_function("() => document.querySelector('[data-ref=status-snippet-script]').textContent.includes('✓')")
        assert status.is_visible()
        assert status.evaluate("(s) => getComputedStyle(s).fontWeight") == "700"
    assert page.evaluate("navigator.clipboard.readText()") == page.locator('[data-ref="snippet-script"]').text_content()
    context.close()


COMPACT = [("checklist", "shanghai"), ("calculator", "guangzhou"), ("city", "shanghai")]
COMPACT_MAX = {1200: 900, 360: 1100}
"""A compact embed is "a few hundred pixels": at most this tall, on a desktop and at 360 px (where the
calculator of a city with an incomplete bill, in English, is about 1,000 px: the note and the total's
label name what the total leaves out; the full calculator is 8,000 px there)."""


@pytest.mark.parametrize("width", [1200, 360])
@pytest.mark.parametrize("component,city", COMPACT)
def test_compact_embeds_are_a_few_hundred_pixels(page, servers, watched, component: str, city: str, width: int) -> None:
    from macros.views.embed import START_HEIGHTS

    page.set_viewport_size({"width": width, "height": 800})
    attrs = {"id": "embed", "data-guide-embed": component, "data-lang": "en", "data-city": city, "data-size": "compact"}
    page.goto(host_page(servers, f"compact-{component}-{width}.html", [attrs]))
    iframe = page.locator("iframe")
    assert "size=compact" in (iframe.get_attribute("src") or "")
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    if component == "calculator":  # the whole bill is the answer: wait for the engine's
        page.wait_for_function("window.events.some((e) => e.name === 'guide:calculator-result')", timeout=90000)
    metrics = settled(page)
    assert 150 < metrics["iframe"] <= COMPACT_MAX[width], metrics
    assert metrics["scroll"] <= metrics["client"] + 1, f"inner scrollbar: {metrics}"
    frame = page.frame_locator("iframe")
    assert frame.locator(".guide-embed__full a").is_visible()
    if component == "checklist":
        assert frame.locator(".guide-checklist__progress").is_visible()
        assert frame.locator("#checklist-share-url").is_visible()
        assert 1 <= frame.locator(".guide-checklist__item:visible").count() <= 5
        assert frame.locator(".guide-checklist__detail:visible").count() == 0
    elif component == "calculator":
        assert frame.locator("#guide-calc-city").is_visible() and frame.locator("#guide-calc-base").is_visible()
        assert frame.locator('[data-guide-premium-result] tr[data-row="total"]').is_visible()
        assert not frame.locator(".guide-calculator__retirement").is_visible()
    else:
        assert frame.locator(".guide-valid").is_visible()
        assert frame.locator(".guide-premiums tr[data-total]").first.is_visible()
        assert not frame.locator(".guide-sources").is_visible()
    # The start height (and the plain iframe snippet's) is about right: the frame moved by < 60 %.
    start = START_HEIGHTS[component]["compact"]
    assert abs(metrics["iframe"] - start) < 0.6 * start, (metrics["iframe"], start)
    assert not watched["dialogs"]


def test_compact_size_is_allowlisted(page, servers) -> None:
    page.goto(host_page(servers, "size-bad.html", [
        {"id": "bad", "data-guide-embed": "checklist", "data-size": "huge"}]))
    assert "size=" not in (page.locator("iframe").get_attribute("src") or "")
    for query in ("?size=huge", "?size=compact%22"):
        page.goto(f"{servers['site']}/embed/checklist/{query}")
        assert page.evaluate("document.documentElement.className").find("guide-embed-compact") == -1


def test_plain_iframe_works_without_the_script_and_grows_with_it(page, servers) -> None:
    """A content system stripped the <script>: the pasted iframe still shows the embed at its snippet
    height; once the host page adds embed.js (a theme, a plugin), the iframe is adopted and sized."""
    src = f"{servers['site']}/en/embed/cities/shanghai/?size=compact"
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripped</title></head><body>
<h1>Article</h1><iframe id="plain" src="{src}" title="Shanghai" width="100%" height="200" style="border:0"></iframe>
<iframe id="other" src="{servers['host']}/nothing.html" title="other" height="50"></iframe>
</body></html>"""
    (Path(servers["host_dir"]) / "stripped.html").write_text(html, encoding="utf-8")
    (Path(servers["host_dir"]) / "nothing.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    page.goto(f"{servers['host']}/stripped.html")
    frame = page.frame_locator("#plain")
    frame.locator(".guide-premiums").first.wait_for()
    page.wait_for_timeout(500)
    plain = page.locator("#plain")
    assert plain.evaluate("(f) => f.getBoundingClientRect().height") == 200  # nobody sizes it
    inner = plain.element_handle().content_frame().evaluate("document.documentElement.getBoundingClientRect().height")
    assert inner > 200, "the test needs content taller than the pasted height"

    other = page.locator("#other").evaluate("(f) => f.getBoundingClientRect().height")
    page.evaluate("""(url) => {
        window.events = [];
        for (const name of ["guide:ready", "guide:height"]) {
          document.addEventListener(name, (e) => window.events.push({name, id: e.target.id, detail: e.detail}));
        }
        const script = document.createElement("script");
        script.src = url;
        document.body.append(script);
    }""", f"{servers['site']}/embed.js")
    page.wait_for_function("window.events.some((e) => e.name === 'guide:height' && e.id === 'plain')")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        height = plain.evaluate("(f) => f.getBoundingClientRect().height")
        if abs(height - inner) <= 3:
            break
        page.wait_for_timeout(200)
    assert abs(height - inner) <= 3, (height, inner)
    assert page.locator("#other").evaluate("(f) => f.getBoundingClientRect().height") == other  # not ours: untouched
    ready = [e for e in page.evaluate("window.events") if e["name"] == "guide:ready"]
    assert ready and ready[0]["detail"] == {"component": "city", "lang": "en", "city": "shanghai"}


@pytest.mark.parametrize("path", ["cities/shanghai/", "checklist/"])
def test_language_switcher_works_with_the_oembed_link(page, servers, path: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{servers['site']}/{path}")
    link = page.locator('link[type="application/json+oembed"]')
    href = link.get_attribute("href")
    assert href and href.endswith(f"/embed/{path}oembed.json")
    assert "alternate" in (link.get_attribute("rel") or "").split()
    oembed = page.request.get(f"{servers['site']}/embed/{path}oembed.json").json()
    assert oembed["type"] == "rich" and "size=compact" in oembed["html"]
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/embed/" in url and url.endswith("sitemap.xml")], requested
    english = page.locator('.md-select__link[hreflang="en"]')
    english.evaluate("(a) => a.click()")
    page.wait_for_url(re.compile(re.escape(f"{servers['site']}/en/{path}") + r"(#.*)?$"))
    assert page.locator("html").get_attribute("lang").startswith("en")


@pytest.mark.parametrize("path", ["embed/checklist/?size=compact", "en/embed/checklist/?size=compact",
                                  "embed/calculator/?size=compact", "en/embed/calculator/?size=compact",
                                  "embed/cities/shanghai/?size=compact", "en/embed/cities/wuhan/?size=compact"])
def test_compact_embed_pages_pass_axe(page, base_url, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.documentElement.classList.contains('guide-embed-compact')")
    violations = axe_violations(page)
    assert not violations, json.dumps([(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations], indent=1)


def test_embed_code_page_offers_compact_and_no_invented_contact(page, servers) -> None:
    page.goto(f"{servers['site']}/en/embed/")
    page.check("#embed-size-compact")
    page.check("#embed-kind-calculator")
    snippet = page.locator('[data-ref="snippet-script"]').text_content()
    assert 'data-size="compact"' in snippet
    from macros.views.embed import START_HEIGHTS

    iframe_snippet = page.locator('[data-ref="snippet-iframe"]').text_content()
    assert "/en/embed/calculator/?size=compact" in iframe_snippet
    assert f'height="{START_HEIGHTS["calculator"]["compact"]}"' in iframe_snippet
    page.wait_for_function("() => document.querySelector('[data-ref=preview] iframe')?.src.includes('size=compact')")
    # mkdocs.yml sets no contact: the page names none (and invents none).
    assert page.locator("[data-guide-contact]").count() == 0


def refuse_storage(page, origin: str) -> None:
    """Make localStorage throw in every document of `origin` (as browsers that refuse storage to
    third-party frames do), before any script of the page runs."""
    page.context.add_init_script(f"""if (location.origin === {json.dumps(origin)}) {{
        Object.defineProperty(window, "localStorage", {{ configurable: true,
            get() {{ throw new DOMException("refused for the test", "SecurityError"); }} }});
    }}""")


def storage_events_script() -> str:
    return "window.events = window.events || []; document.addEventListener('guide:storage-unavailable', (e) => window.events.push({name: 'guide:storage-unavailable', id: e.target.id, detail: e.detail}));"


def test_ticks_are_kept_by_the_host_when_the_frame_may_not_store(page, servers) -> None:
    refuse_storage(page, servers["site"])
    url = host_page(servers, "host-storage.html", [
        {"id": "embed", "data-guide-embed": "checklist", "data-lang": "en", "data-size": "compact"}],
        extra=f"<script>{storage_events_script()}</script>")
    page.goto(url)
    frame = page.frame_locator("iframe")
    status = frame.locator('[data-ref="storage"]')
    status.wait_for()
    # Said next to the share link it refers to, and says the host keeps the ticks.
    assert frame.locator(".guide-checklist__share [data-ref='storage']").count() == 1
    frame.locator(".guide-checklist__box").first.check()
    page.wait_for_function(
        "window.events.some((e) => e.name === 'guide:checklist-progress' && e.detail.done === 1)")
    assert "keeps them" in status.text_content()
    stored = page.evaluate("Object.entries(localStorage).filter(([k]) => k.startsWith('shebao-guide:'))")
    assert len(stored) == 1, stored
    key, value = stored[0]
    assert key == f"shebao-guide:{servers['site']}/:guide:checklist:registration", key
    assert len(json.loads(value)["ticks"]) == 1

    page.reload()
    page.wait_for_function(
        "window.events.some((e) => e.name === 'guide:checklist-progress' && e.detail.done === 1)")
    first = page.frame_locator("iframe").locator(".guide-checklist__box").first
    assert first.is_checked()
    assert not [e for e in page.evaluate("window.events") if e["name"] == "guide:storage-unavailable"]


def test_host_is_told_when_neither_may_store(page, servers) -> None:
    refuse_storage(page, servers["site"])
    refuse_storage(page, servers["host"])
    page.goto(host_page(servers, "no-storage.html", [
        {"id": "embed", "data-guide-embed": "checklist", "data-lang": "zh"}],
        extra=f"<script>{storage_events_script()}</script>"))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:storage-unavailable')")
    event = [e for e in page.evaluate("window.events") if e["name"] == "guide:storage-unavailable"][0]
    assert event["id"] == "embed" and event["detail"]["component"] == "checklist"
    status = page.frame_locator("iframe").locator(".guide-checklist__share [data-ref='storage']")
    assert "分享链接" in status.text_content() and status.is_visible()


def test_storage_messages_from_others_are_ignored(page, servers) -> None:
    """Only the embed's own iframe (created or adopted), from the guide's exact origin, may read or write
    host storage: not the host page, not another document of the guide's origin (here its API)."""
    rogue = f'<iframe id="rogue" title="rogue" src="{servers["site"]}/api/v1/index.json"></iframe>'
    # The embed is a city (it stores nothing), so any key in the host's storage came from a spoof.
    page.goto(host_page(servers, "storage-spoof.html", [{"id": "embed", "data-guide-embed": "city", "data-city": "wuhan"}],
                        extra=rogue))
    page.wait_for_function("window.events.some((e) => e.name === 'guide:ready')")
    message = {"protocol": "shebao-guide", "version": 1, "type": "storage-set", "key": "guide:checklist:registration",
               "value": "spoofed"}
    page.evaluate("(m) => window.postMessage(m, '*')", message)
    page.frame_locator("#rogue").locator("body").evaluate("(b, m) => parent.postMessage(m, '*')", message)
    page.wait_for_timeout(500)
    assert not page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('shebao-guide:'))")
