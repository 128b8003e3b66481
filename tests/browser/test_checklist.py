"""The visit checklist in a real headless Chromium: complete without JavaScript, enhanced with it.

Covers issue 3: ticks kept per item slug, progress in a live region, the "which applies to you?"
filter, Reset with undo, "show remaining only", share links (round trip, unknown ids, keep or
discard saved ticks), storage blocked, full or corrupt, print media, axe in both languages.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import CONTENT, axe_violations, no_script_axe  # tests/conftest.py (pytest puts tests/ on sys.path)

pytestmark = pytest.mark.browser


KEY = "guide:checklist:registration"


@pytest.fixture(scope="module")
def checklist() -> Any:
    from macros.content import load_content

    return load_content(CONTENT).checklist


@pytest.fixture(scope="module")
def ui() -> dict[str, Any]:
    from macros.content import load_content

    return load_content(CONTENT).ui.strings


def open_checklist(page: Any, base_url: str, prefix: str = "", hash_: str = "") -> Any:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}{prefix}/checklist/{hash_}")
    page.wait_for_selector("[data-guide-checklist-init]", state="attached")
    page.errors = errors
    return page


def progress(page: Any) -> str:
    return page.locator('[data-ref="progress"]').inner_text()


def ticked(page: Any) -> list[str]:
    return page.eval_on_selector_all(".guide-checklist__box:checked", "boxes => boxes.map(b => b.name)")


def test_without_js_every_item_and_condition_is_visible(page_nojs: Any, base_url: str, checklist: Any) -> None:
    page_nojs.goto(f"{base_url}/checklist/")
    for item in checklist.items:
        row = page_nojs.locator(f'li[data-item="{item.id}"]')
        assert row.is_visible()
        box = row.locator(f"#check-{item.id}")
        assert box.is_visible() and box.get_attribute("type") == "checkbox"
        assert row.locator(f'label[for="check-{item.id}"]').inner_text() == item.name["zh"]
        assert row.locator(".guide-checklist__applies").is_visible()
    # Conditions are written out as text.
    applies = page_nojs.locator(".guide-checklist__applies").all_inner_texts()
    for condition in checklist.conditions:
        for option in condition.options:
            if any(option.id in item.applies_to for item in checklist.items):
                assert any(option.label["zh"] in text for text in applies), option.id
    # Nothing claims behaviour that needs a script: no ARIA, no tools, no print sheet on screen.
    assert page_nojs.locator(".guide-checklist [aria-live], .guide-checklist [aria-pressed], "
                             ".guide-checklist [role]").count() == 0
    assert not page_nojs.locator(".guide-checklist__tools").is_visible()
    assert not page_nojs.locator(".guide-sheet").is_visible()
    # A ticked box is a real checkbox, even without a script.
    page_nojs.locator("#check-id-card").check()
    assert page_nojs.locator("#check-id-card").is_checked()


def test_ticks_survive_reload_and_progress_counts(page: Any, base_url: str, checklist: Any, ui: Any) -> None:
    open_checklist(page, base_url)
    total = len(checklist.items)
    assert progress(page) == ui["checklist-progress"]["zh"].format(done=0, total=total)
    assert page.locator('[data-ref="progress"]').get_attribute("aria-live") == "polite"
    page.locator("label[for=check-id-card]").click()
    page.locator("#check-bank-card").check()
    page.reload()
    page.wait_for_selector("[data-guide-checklist-init]", state="attached")
    assert sorted(ticked(page)) == ["bank-card", "id-card"]
    assert progress(page) == ui["checklist-progress"]["zh"].format(done=2, total=total)
    assert page.errors == []


def test_english_progress(page: Any, base_url: str, checklist: Any) -> None:
    open_checklist(page, base_url, "/en")
    page.locator("#check-photo").check()
    assert progress(page) == f"1 of {len(checklist.items)} done"


def test_progress_event_for_embed_hosts(page: Any, base_url: str, checklist: Any) -> None:
    open_checklist(page, base_url)
    page.evaluate("""() => { window.seen = [];
        document.addEventListener('guide:checklist-progress', e => window.seen.push(e.detail)); }""")
    page.locator("#check-id-card").check()
    assert page.evaluate("window.seen") == [{"done": 1, "total": len(checklist.items), "checklist": "registration"}]


def test_filter_hides_what_does_not_apply_and_says_how_many(page: Any, base_url: str, checklist: Any, ui: Any) -> None:
    open_checklist(page, base_url)
    page.locator("#when-first-registration").check()
    page.locator("#when-local-hukou").check()
    hidden = [i.id for i in checklist.items
              if any(o in i.applies_to for o in ("switching-from-employer", "non-local-hukou"))
              and not any(o in i.applies_to for o in ("first-registration", "local-hukou"))]
    assert set(hidden) >= {"social-security-card", "termination-proof", "residence-permit"}
    for item in checklist.items:
        assert page.locator(f'li[data-item="{item.id}"]').is_visible() == (item.id not in hidden), item.id
    assert page.locator('[data-ref="hidden-count"]').inner_text() == ui["checklist-hidden"]["zh"].format(n=len(hidden))
    assert progress(page).endswith(f"/ {len(checklist.items) - len(hidden)} 项")
    # Items with options of two different questions apply only when both match ("and").
    page.locator("#when-registration-type-any").check()
    assert page.locator('li[data-item="termination-proof"]').is_visible()


def test_reset_with_undo(page: Any, base_url: str) -> None:
    open_checklist(page, base_url)
    page.locator("#check-id-card").check()
    page.locator("#check-photo").check()
    page.locator('[data-action="reset"]').click()
    assert ticked(page) == []
    page.locator('[data-ref="message"] button').click()
    assert sorted(ticked(page)) == ["id-card", "photo"]


def test_show_remaining_only(page: Any, base_url: str) -> None:
    open_checklist(page, base_url)
    page.locator("#check-id-card").check()
    button = page.locator('[data-action="remaining"]')
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert not page.locator('li[data-item="id-card"]').is_visible()
    page.locator("#check-photo").check()
    assert not page.locator('li[data-item="photo"]').is_visible()
    # Focus moved on to the next item instead of being lost with the hidden one.
    assert page.evaluate("document.activeElement.name") == "social-security-card"
    button.click()
    assert page.locator('li[data-item="id-card"]').is_visible()


def test_share_link_round_trip_in_a_fresh_context(browser: Any, base_url: str) -> None:
    first = browser.new_context()
    page = open_checklist(first.new_page(), base_url, "/en")
    page.locator("#check-id-card").check()
    page.locator("#check-bank-card").check()
    page.locator("#when-first-registration").check()
    page.locator("#checklist-city").select_option("beijing")
    link = page.locator('[data-ref="share"]').input_value()
    assert link.endswith("/en/checklist/#ticks=id-card,bank-card&when=first-registration&city=beijing")
    assert page.locator('a[data-ref="share-link"]').get_attribute("href") == link
    first.close()

    fresh = browser.new_context()
    other = open_checklist(fresh.new_page(), base_url)
    other.goto(link)
    other.wait_for_selector("[data-guide-checklist-init]", state="attached")
    assert sorted(ticked(other)) == ["bank-card", "id-card"]
    assert other.locator("#when-first-registration").is_checked()
    assert other.locator("#checklist-city").input_value() == "beijing"
    # Taken in and saved: the address no longer carries the state, a reload keeps it.
    assert "ticks=" not in other.url
    other.reload()
    assert sorted(ticked(other)) == ["bank-card", "id-card"]
    assert other.errors == []
    fresh.close()


def test_share_link_from_an_embed_leads_to_the_full_checklist(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/en/embed/checklist/")
    page.wait_for_selector("[data-guide-checklist-init]", state="attached")
    page.locator("#check-id-card").check()
    assert page.locator('[data-ref="share"]').input_value() == f"{base_url}/en/checklist/#ticks=id-card"


def test_share_link_accepts_only_known_ids(page: Any, base_url: str) -> None:
    open_checklist(page, base_url, hash_="#ticks=id-card,%3Cimg%20src=x%20onerror=alert(1)%3E,nope,id-card"
                                         "&when=bogus,local-hukou,non-local-hukou&city=atlantis&x=<b>")
    assert ticked(page) == ["id-card"]
    assert page.locator("#when-local-hukou").is_checked()
    assert page.locator("#checklist-city").input_value() == ""
    assert page.locator(".guide-checklist img, .guide-checklist b").count() == 0
    assert page.errors == []


@pytest.mark.parametrize("choice, expected", [("use-link", ["id-card"]), ("keep-saved", ["bank-card"])])
def test_share_link_offers_to_keep_or_discard_saved_ticks(page: Any, base_url: str, ui: Any,
                                                         choice: str, expected: list[str]) -> None:
    open_checklist(page, base_url)
    page.locator("#check-bank-card").check()
    page.goto(f"{base_url}/checklist/#ticks=id-card")  # same page: taken in on hashchange
    message = page.locator('[data-ref="message"]')
    expect(message).to_contain_text(ui["checklist-link-offer"]["zh"].format(link=1, saved=1))
    assert ticked(page) == ["id-card"]
    message.get_by_role("button", name=ui[f"checklist-{choice}"]["zh"]).click()
    assert ticked(page) == expected
    page.goto(f"{base_url}/checklist/")
    assert ticked(page) == expected


@pytest.mark.parametrize("value", ["{", "null", "[]", "42", '"id-card"', '{"ticks":"id-card"}',
                                   '{"ticks":[1,{"a":2},null,"id-card","gone-item"],"when":{"x":1},"city":7}'])
def test_corrupt_storage_does_not_break_the_page(page: Any, base_url: str, value: str) -> None:
    open_checklist(page, base_url)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, value])
    page.reload()
    page.wait_for_selector("[data-guide-checklist-init]", state="attached")
    assert ticked(page) == (["id-card"] if "gone-item" in value else [])
    page.locator("#check-photo").check()
    page.reload()
    assert "photo" in ticked(page)
    assert page.errors == []


def test_storage_blocked_still_ticks_in_memory(browser: Any, base_url: str, ui: Any) -> None:
    context = browser.new_context()
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('blocked', 'SecurityError'); } });""")
    page = open_checklist(context.new_page(), base_url)
    page.locator("#check-id-card").check()
    page.locator("#check-photo").check()
    assert sorted(ticked(page)) == ["id-card", "photo"]
    # Said next to the share link it refers to.
    assert page.locator('.guide-checklist__share [data-ref="storage"]').inner_text() == ui["checklist-storage-off"]["zh"]
    assert progress(page).startswith("已完成 2 /")
    # The address carries the ticks instead, so a reload keeps them.
    assert re.search(r"#ticks=id-card,photo$", page.url)
    page.reload()
    page.wait_for_selector("[data-guide-checklist-init]", state="attached")
    assert sorted(ticked(page)) == ["id-card", "photo"]
    assert page.errors == []
    context.close()


def test_storage_full_says_so_once(browser: Any, base_url: str, ui: Any) -> None:
    context = browser.new_context()
    context.add_init_script("""Storage.prototype.setItem = function () {
        throw new DOMException('full', 'QuotaExceededError'); };""")
    page = open_checklist(context.new_page(), base_url)
    page.locator("#check-id-card").check()
    assert page.locator('[data-ref="storage"]').inner_text() == ui["checklist-storage-off"]["zh"]
    page.locator('[data-ref="storage"]').evaluate("m => m.replaceChildren()")
    page.locator("#check-photo").check()
    assert page.locator('[data-ref="storage"]').inner_text() == ""
    assert sorted(ticked(page)) == ["id-card", "photo"]
    assert page.errors == []
    context.close()


def test_print_media_hides_site_chrome_and_shows_the_sheet_with_ticks(page: Any, base_url: str) -> None:
    open_checklist(page, base_url)
    page.locator("#check-id-card").check()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".guide-checklist__tools",
                   "[data-action=print]"):
        assert not page.locator(chrome).first.is_visible(), chrome
    sheet = page.locator(".guide-sheet")
    assert sheet.is_visible()
    assert sheet.locator("#sheet-id-card").is_visible() and sheet.locator("#sheet-id-card").is_checked()
    assert sheet.locator("#sheet-bank-card").is_visible() and not sheet.locator("#sheet-bank-card").is_checked()


def test_print_media_without_js_prints_the_list_with_its_boxes(page_nojs: Any, base_url: str) -> None:
    page_nojs.goto(f"{base_url}/checklist/")
    page_nojs.locator("#check-id-card").check()
    page_nojs.emulate_media(media="print")
    assert not page_nojs.locator(".md-header").is_visible()
    assert not page_nojs.locator(".md-sidebar--primary").is_visible()
    assert page_nojs.locator("#check-id-card").is_visible() and page_nojs.locator("#check-id-card").is_checked()
    assert page_nojs.locator("#check-bank-card").is_visible()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_axe_clean(page: Any, browser: Any, base_url: str, prefix: str) -> None:
    open_checklist(page, base_url, prefix)
    page.locator("#check-id-card").check()
    page.locator("#when-first-registration").check()
    page.locator('[data-action="reset"]').click()  # shows the message with its Undo button
    assert axe_violations(page) == []
    assert no_script_axe(browser, f"{base_url}{prefix}/checklist/") == []


def test_share_link_merge_keeps_both_and_can_be_undone(page: Any, base_url: str, ui: Any) -> None:
    open_checklist(page, base_url)
    page.locator("#check-bank-card").check()
    page.goto(f"{base_url}/checklist/#ticks=id-card")
    message = page.locator('[data-ref="message"]')
    message.get_by_role("button", name=ui["checklist-merge"]["zh"]).click()
    assert sorted(ticked(page)) == ["bank-card", "id-card"]
    expect(message).to_contain_text(ui["checklist-merged"]["zh"].format(n=2))
    page.goto(f"{base_url}/checklist/")
    assert sorted(ticked(page)) == ["bank-card", "id-card"]
    page.goto(f"{base_url}/checklist/#ticks=photo")
    message.get_by_role("button", name=ui["checklist-merge"]["zh"]).click()
    assert sorted(ticked(page)) == ["bank-card", "id-card", "photo"]
    message.get_by_role("button", name=ui["checklist-undo"]["zh"]).click()  # back to what the link showed
    assert ticked(page) == ["photo"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_ticking_a_share_link_never_silently_discards_saved_ticks(page: Any, base_url: str, ui: Any, prefix: str) -> None:
    lang = "en" if prefix else "zh"
    open_checklist(page, base_url, prefix)
    page.locator("#check-bank-card").check()
    page.locator("#check-photo").check()
    page.goto(f"{base_url}{prefix}/checklist/#ticks=id-card")
    page.locator("#check-social-security-card").check()  # ticking while the offer is open: the link's list goes on
    assert sorted(ticked(page)) == ["id-card", "social-security-card"]
    message = page.locator('[data-ref="message"]')
    expect(message).to_contain_text(getattr(ui["checklist-link-replaced"], lang).format(saved=2))
    message.get_by_role("button", name=getattr(ui["checklist-restore-saved"], lang)).click()
    assert sorted(ticked(page)) == ["bank-card", "photo"]
    page.goto(f"{base_url}{prefix}/checklist/")
    assert sorted(ticked(page)) == ["bank-card", "photo"]
    assert page.errors == []


def test_use_link_offers_the_saved_ticks_back(page: Any, base_url: str, ui: Any) -> None:
    open_checklist(page, base_url)
    page.locator("#check-bank-card").check()
    page.goto(f"{base_url}/checklist/#ticks=id-card")
    message = page.locator('[data-ref="message"]')
    message.get_by_role("button", name=ui["checklist-use-link"]["zh"]).click()
    expect(message).to_contain_text(ui["checklist-link-replaced"]["zh"].format(saved=1))
    message.get_by_role("button", name=ui["checklist-merge"]["zh"]).click()
    assert sorted(ticked(page)) == ["bank-card", "id-card"]
