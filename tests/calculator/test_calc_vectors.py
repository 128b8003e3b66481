"""The shared vectors, in CPython and in real Pyodide under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
RUNNER = ROOT / "tests" / "pyodide" / "run_vectors.mjs"
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"

sys.path.insert(0, str(VECTORS))
import check_vectors  # noqa: E402


# vectors.json: premiums on fictional fixture figures; national-vectors.json: retirement and pension on
# the real national rules of content/national.yaml (national-data.json, kept fresh by test_calc_national).
VECTOR_FILES = ("vectors.json", "national-vectors.json")


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_vectors_cpython(name: str) -> None:
    passed, failures = check_vectors.run(str(VECTORS / name))
    assert not failures, "\n".join(failures)
    assert passed == len(json.loads((VECTORS / name).read_text(encoding="utf-8"))["vectors"])


def test_vectors_cover_every_action() -> None:
    actions = set()
    for name in VECTOR_FILES:
        doc = json.loads((VECTORS / name).read_text(encoding="utf-8"))
        actions |= {v["request"]["action"] for v in doc["vectors"] if "request" in v}
    assert {"premiums", "reference_table", "retirement", "pension", "payout_months"} <= actions


def _need_node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed, so the Pyodide run cannot happen")
    if not PYODIDE.exists():
        pytest.skip(f"{PYODIDE} is missing (run npm ci at the repo root)")
    return node


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_vectors_pyodide(name: str) -> None:
    node = _need_node()
    proc = subprocess.run([node, str(RUNNER), str(VECTORS / name)], capture_output=True, text=True, timeout=300,
                          check=False)
    total = len(json.loads((VECTORS / name).read_text(encoding="utf-8"))["vectors"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{total} passed, 0 failed" in proc.stdout


def test_pyodide_runner_fails_on_wrong_expectation(tmp_path) -> None:
    node = _need_node()
    doc = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))
    doc["vectors"] = doc["vectors"][:1]
    doc["vectors"][0]["expect"]["result"]["base"] = "1.00"
    (tmp_path / "vectors.json").write_text(json.dumps(doc), encoding="utf-8")
    shutil.copy(VECTORS / doc["data"], tmp_path / doc["data"])
    proc = subprocess.run([node, str(RUNNER), str(tmp_path / "vectors.json")], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode != 0
    assert "0 passed, 1 failed" in proc.stdout
