"""Helpers for browser tests of /calculator/: the page with its engine started, and the CLI twin."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
ENGINE_WAIT_MS = 120_000  # Pyodide starts in ~3 s cold on an idle machine; shared CI machines are not idle
RECORD_RESULTS = """
window.__calculatorResults = [];
document.addEventListener("guide:calculator-result", (event) => window.__calculatorResults.push(event.detail));
"""


def cli(*args: str) -> dict[str, Any]:
    """The same engine and figures from the command line; errors come back as the JSON error object."""
    done = subprocess.run([sys.executable, "-m", "macros.cli", *args, "--json"], cwd=PROJECT,
                          capture_output=True, text=True, check=False)
    return json.loads(done.stdout or done.stderr)  # type: ignore[no-any-return]


def money(value: str | None) -> str:
    """The page's format: 12,345.60."""
    return f"{Decimal(value):,.2f}" if value is not None else "—"


def open_calculator(page: Any, base_url: str, lang: str) -> None:
    """Open /calculator/ (or /en/calculator/) and wait until its engine is ready or has given up."""
    page.add_init_script(RECORD_RESULTS)
    page.goto(f"{base_url}/{'' if lang == 'zh' else 'en/'}calculator/")
    page.wait_for_function(
        "() => ['ready', 'unavailable'].includes("
        "document.querySelector('[data-module=guide-calculator]').dataset.guideCalculatorState)",
        timeout=ENGINE_WAIT_MS)


def calculator_session(browser: Any, base_url: str, lang: str) -> Iterator[tuple[Any, str]]:
    """One calculator page per language for a whole module: Pyodide starts once, not per test."""
    context = browser.new_context()
    page = context.new_page()
    open_calculator(page, base_url, lang)
    assert page.get_attribute("[data-module=guide-calculator]", "data-guide-calculator-state") == "ready"
    yield page, lang
    context.close()
