"""/resident/ in a real browser: no serious accessibility findings, no console errors, both languages."""

from __future__ import annotations

import pytest

from conftest import axe_violations  # tests/conftest.py (pytest puts tests/ on sys.path)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["resident/", "en/resident/", "sources/", "en/sources/"])
def test_accessible_and_error_free(page: object, base_url: str, path: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))  # type: ignore[attr-defined]
    page.goto(f"{base_url}/{path}")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert axe_violations(page) == []
    assert errors == []


@pytest.mark.parametrize("path", ["resident/", "en/resident/"])
def test_comparison_is_readable_without_javascript(page_nojs: object, base_url: str, path: str) -> None:
    page_nojs.goto(f"{base_url}/{path}")  # type: ignore[attr-defined]
    table = page_nojs.locator("table.guide-compare")  # type: ignore[attr-defined]
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 4
