"""Vectors for every rule kind from real, sourced figures, in CPython and in real Pyodide; and the
data they use is the current content export (regenerate with tests/vectors/make_bill_data.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
BILL = VECTORS / "bill-vectors.json"
RUNNER = ROOT / "tests" / "pyodide" / "run_vectors.mjs"
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"

sys.path.insert(0, str(VECTORS))
import check_vectors  # noqa: E402
import make_bill_data  # noqa: E402


def _count() -> int:
    return len(json.loads(BILL.read_text(encoding="utf-8"))["vectors"])


def test_bill_data_is_the_current_content_export() -> None:
    current = make_bill_data.render(make_bill_data.bill_data())
    assert (VECTORS / "bill-data.json").read_text(encoding="utf-8") == current, (
        "tests/vectors/bill-data.json is out of date: run .venv/bin/python tests/vectors/make_bill_data.py")


def test_every_rule_kind_has_a_vector() -> None:
    data = json.loads((VECTORS / "bill-data.json").read_text(encoding="utf-8"))
    kinds = set()
    for city in data["cities"]:
        for period in city["periods"]:
            for name in ("medical", "unemployment", "work_injury"):
                rule = period.get(name)
                if rule:
                    kinds.add(rule["kind"] if rule["kind"] != "rate" else f"rate/{rule['base']['kind']}")
                    kinds.update("fees" for _ in rule.get("fees") or [])
                    kinds.update("parts" for _ in rule.get("parts") or [])
    assert {"fixed", "grades", "not_available", "rate/pension", "rate/chosen", "rate/declared",
            "rate/reference_wage", "fees", "parts"} <= kinds


def test_bill_vectors_cpython() -> None:
    passed, failures = check_vectors.run(str(BILL))
    assert not failures, "\n".join(failures)
    assert passed == _count()


def test_bill_vectors_pyodide() -> None:
    node = shutil.which("node")
    if node is None or not PYODIDE.exists():
        pytest.skip("node or node_modules/pyodide is missing (run make setup)")
    proc = subprocess.run([node, str(RUNNER), str(BILL)], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{_count()} passed, 0 failed" in proc.stdout


def test_fixture_wording_is_the_current_catalogue() -> None:
    """The fictional fixture's figures are its own, but its wording must be the real catalogue's."""
    fixture = json.loads((VECTORS / "fixture-data.json").read_text(encoding="utf-8"))
    assert fixture["messages"] == make_bill_data.bill_data()["messages"], (
        "copy the bill-* catalogue into tests/vectors/fixture-data.json (macros.content.export.engine_messages)")
