"""The printable sheet (/print/, /en/print/): one A4 page, both languages, the reader's ticks and city,
a QR code back to the online checklist, clean without JavaScript, axe clean."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from conftest import CONTENT, axe_violations, no_script_axe  # tests/conftest.py (pytest puts tests/ on sys.path)

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def content() -> Any:
    from macros.content import load_content

    return load_content(CONTENT)


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF written by Chromium (no dependency: count the page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def open_sheet(page: Any, base_url: str, prefix: str = "") -> Any:
    page.goto(f"{base_url}{prefix}/print/")
    page.wait_for_selector("[data-guide-print-sheet-init]", state="attached")
    return page


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_default_sheet_is_one_a4_page(page: Any, base_url: str, prefix: str) -> None:
    open_sheet(page, base_url, prefix)
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4")) == 1


def test_checklist_page_prints_the_same_one_page_sheet(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/checklist/")
    page.wait_for_selector("[data-guide-print-sheet-init]", state="attached")
    assert pdf_pages(page.pdf(format="A4")) == 1


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_sheet_is_bilingual_whatever_the_page_language(page_nojs: Any, base_url: str, content: Any, prefix: str) -> None:
    page_nojs.goto(f"{base_url}{prefix}/print/")
    sheet = page_nojs.locator(".guide-sheet__paper")
    text = sheet.inner_text()
    assert content.checklist.title["zh"] in text and content.checklist.title["en"] in text
    for item in content.checklist.items:
        row = sheet.locator(f'tr[data-item="{item.id}"]')
        assert row.is_visible()
        assert row.locator('td[lang="zh"] .guide-sheet__name').inner_text() == item.name["zh"]
        assert row.locator('td[lang="en"] .guide-sheet__name').inner_text() == item.name["en"]
        assert row.locator('input[type="checkbox"]').is_visible()
    # No city chosen: the sheet says figures differ by city, and when it was made.
    assert content.ui.strings["sheet-no-city"]["zh"] in text and content.ui.strings["sheet-no-city"]["en"] in text
    assert content.ui.strings["sheet-made-on"]["en"] in text
    # The build-time QR code is there without a script; the Print button is not.
    assert len(page_nojs.locator('svg[data-ref="qr"] path').get_attribute("d") or "") > 100
    assert not page_nojs.locator('[data-action="print"]').is_visible()


def test_print_media_hides_site_chrome(page: Any, base_url: str) -> None:
    open_sheet(page, base_url)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".guide-sheet__toolbar", "h1"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("#sheet-id-card").is_visible()


def test_sheet_follows_ticks_filter_and_city(page: Any, base_url: str, content: Any) -> None:
    page.goto(f"{base_url}/en/checklist/")
    page.wait_for_selector("[data-guide-checklist-init]", state="attached")
    page.locator("#check-id-card").check()
    page.locator("#when-switching-from-employer").check()
    page.locator("#checklist-city").select_option("beijing")
    open_sheet(page, base_url, "/en")
    assert page.locator('[data-action="print"]').is_visible()
    assert page.locator("#sheet-id-card").is_checked()
    assert not page.locator('tr[data-item="photo"]').is_visible()
    assert page.locator('tr[data-item="termination-proof"]').is_visible()
    beijing = content.city("beijing")
    period = beijing.period_on(__import__("datetime").date.today()) or beijing.latest
    block = page.locator('[data-city="beijing"]')
    assert block.is_visible() and not page.locator('[data-city=""]').is_visible()
    assert period.valid_from.isoformat() in block.inner_text()
    # Official documents by number (else title); secondary copies only counted, never named as the authority.
    used = [beijing.source(ref) for ref in period.sources_used()]
    official = [src for src in used if src.confidence == "official"]
    secondary = [src for src in used if src.confidence != "official"]
    text = block.inner_text()
    for src in official:
        assert (src.document_number or src.title["en"]) in text
    for src in secondary:
        assert src.title["en"] not in text and src.title["zh"] not in text
    if secondary:
        assert f"secondary copies: {len(secondary)} " in text
    qr = page.locator('svg[data-ref="qr"]')
    page.wait_for_function("() => document.querySelector('svg[data-ref=qr]').dataset.qrText.endsWith("
                           "'/en/checklist/#ticks=id-card&when=switching-from-employer&city=beijing')")
    size = int(qr.get_attribute("viewBox").split()[-1])
    assert (size - 8 - 21) % 4 == 0  # a QR code: 21 + 4k modules plus the quiet zone
    # Ticking on the sheet updates the checklist and the QR code.
    page.locator("#sheet-bank-card").check()
    page.wait_for_function("() => document.querySelector('svg[data-ref=qr]').dataset.qrText.includes('bank-card')")
    page.locator("#sheet-city").select_option("")
    assert page.locator('[data-city=""]').is_visible()
    page.goto(f"{base_url}/en/checklist/")
    assert page.locator("#check-bank-card").is_checked()


def test_checklist_page_sheet_follows_ticks_live(page: Any, base_url: str) -> None:
    qr_library: list[str] = []
    page.on("request", lambda request: qr_library.append(request.url) if "qrcode" in request.url else None)
    page.goto(f"{base_url}/checklist/")
    page.wait_for_selector("[data-guide-print-sheet-init]", state="attached")
    page.wait_for_load_state("networkidle")
    # Nothing to carry yet: the build-time code (the online checklist) stays, and no QR library loads.
    built = page.locator('svg[data-ref="qr"]').get_attribute("data-qr-text")
    assert built is not None and built.endswith("/checklist/") and "#" not in built
    assert qr_library == []
    page.locator("#check-photo").check()
    assert page.locator("#sheet-photo").is_checked()
    page.wait_for_function("() => document.querySelector('svg[data-ref=qr]').dataset.qrText.endsWith('#ticks=photo')")
    assert len(qr_library) == 1
    # Unticked again: back to the plain link, drawn by the library now that it is here.
    page.locator("#check-photo").uncheck()
    page.wait_for_function(f"() => document.querySelector('svg[data-ref=qr]').dataset.qrText === {built!r}")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_axe_clean(page: Any, browser: Any, base_url: str, prefix: str) -> None:
    open_sheet(page, base_url, prefix)
    assert axe_violations(page) == []
    assert no_script_axe(browser, f"{base_url}{prefix}/print/") == []


def test_chosen_city_shows_its_offices_on_one_page(page: Any, base_url: str, content: Any) -> None:
    """Every city with offices: where to register is on the sheet (in the page's language, like the
    sources), which stays one A4 page."""
    open_sheet(page, base_url)
    with_offices = [c for c in content.cities if c.local_rules.offices]
    assert with_offices
    for city in content.cities:
        page.locator("#sheet-city").select_option(city.id)
        block = page.locator(f'.guide-sheet__city[data-city="{city.id}"]')
        offices = city.local_rules.offices
        if offices and offices.counter:
            text = block.locator(".guide-sheet__offices").inner_text()
            assert offices.counter.text.zh.split("，")[0] in text, city.id
        for phone in offices.phones if offices else []:
            assert phone.number in block.inner_text()
        if not offices:
            assert block.locator(".guide-sheet__offices").count() == 0
        assert content.start.office_note.zh in page.locator(".guide-sheet__head").inner_text()
        page.emulate_media(media="print")
        assert pdf_pages(page.pdf(format="A4")) == 1, city.id
        page.emulate_media(media="screen")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_chosen_base_and_monthly_total_from_the_address(browser: Any, base_url: str, content: Any, prefix: str) -> None:
    """The calculator's print link carries the reader's base and monthly total: shown (in figures) only
    when they fit the chosen city; a base outside its bounds or anything else is ignored."""
    period = content.city("shanghai").shown(dt.date.today())
    base = period.base.min + 100
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}{prefix}/print/#city=shanghai&base={base}&monthly=2293.80")
    page.wait_for_selector("[data-guide-print-sheet-init]", state="attached")
    line = page.locator('[data-ref="chosen"]')
    assert line.is_visible()
    assert page.locator('[data-ref="chosen-base"]').inner_text() == f"{base:,.2f}"
    assert page.locator('[data-ref="chosen-monthly"]').inner_text() == "2,293.80"
    page.emulate_media(media="print")
    assert line.is_visible() and pdf_pages(page.pdf(format="A4")) == 1
    page.emulate_media(media="screen")
    for bad in (f"base={period.base.max + 1}", "base=abc", "base=7600e3", "base=-7600", f"base={base}<b>"):
        page.evaluate(f"location.hash = 'city=shanghai&{bad}'")
        page.wait_for_function("!document.querySelector('[data-ref=chosen]').checkVisibility()")
    # A total the city's bill cannot reach is left out; the base still shows.
    page.evaluate(f"location.hash = 'city=shanghai&base={base}&monthly=999999'")
    page.wait_for_function("document.querySelector('[data-ref=chosen]').checkVisibility()")
    assert page.locator('[data-ref="chosen-monthly"]').inner_text() == "—"
    context.close()


def test_calculator_result_links_the_sheet_with_base_and_total(page: Any, base_url: str) -> None:
    """The calculator's "print with this base" link carries its city, base and the engine's monthly total
    to the sheet, which shows them beside the city's figures."""
    page.goto(f"{base_url}/en/calculator/#city=shanghai&base=8000")
    page.wait_for_function("document.querySelector('[data-guide-print-link]')?.href.includes('monthly=')"
                           " && !document.querySelector('[data-guide-premium-result]').hidden", timeout=60_000)
    total = page.inner_text("[data-guide-premium-result] tr[data-row=total] [data-cell]").strip()
    link = page.locator("[data-guide-print-link]")
    assert link.get_attribute("href").startswith("../print/#")
    link.click()
    page.wait_for_selector("[data-guide-print-sheet-init]", state="attached")
    assert page.url.endswith("/en/print/#city=shanghai&base=8000.00&monthly=" + total.replace(",", ""))
    assert page.locator('.guide-sheet__city[data-city="shanghai"]').is_visible()
    assert page.locator('[data-ref="chosen-base"]').inner_text() == "8,000.00"
    assert page.locator('[data-ref="chosen-monthly"]').inner_text() == total
