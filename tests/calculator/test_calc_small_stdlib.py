"""The site's small standard library (macros/writers/calculator_assets.py): the engine runs on it in real Pyodide.

The browser loads only the standard-library modules Pyodide's start-up and the engine import, found by
a trace at build time. A module the trace missed would fail only in the browser, on the code path that
needs it; so every shared vector runs in Pyodide under Node with that zip as the whole library.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from macros.writers import calculator_assets

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
RUNNER = ROOT / "tests" / "pyodide" / "run_vectors.mjs"
VECTOR_FILES = ("vectors.json", "national-vectors.json", "bill-vectors.json")


@pytest.fixture(scope="module")
def small_zip() -> Path:
    node = shutil.which("node")
    if node is None or not (calculator_assets.PYODIDE_PACKAGE / "pyodide.mjs").exists():
        pytest.skip("node or Pyodide (npm ci) is missing, so the small standard library cannot be made")
    made = calculator_assets._make_stdlib()
    assert made is not None, "the build could not make the small standard library"
    return made


def test_small_zip_is_bytecode_of_a_part(small_zip: Path) -> None:
    full = zipfile.ZipFile(calculator_assets.PYODIDE_PACKAGE / "python_stdlib.zip").namelist()
    names = zipfile.ZipFile(small_zip).namelist()
    files = [name for name in names if not name.endswith("/")]
    assert all(name.endswith(".pyc") for name in files), [n for n in files if not n.endswith(".pyc")][:5]
    assert {"decimal.pyc", "json/__init__.pyc", "_pyodide/_base.pyc", "dataclasses.pyc"} <= set(names)
    assert "email/__init__.pyc" not in names and "sqlite3/__init__.pyc" not in names
    assert len(files) < len(full) / 2
    assert small_zip.stat().st_size < (calculator_assets.PYODIDE_PACKAGE / "python_stdlib.zip").stat().st_size


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_vectors_run_on_the_small_zip(name: str, small_zip: Path) -> None:
    node = shutil.which("node")
    assert node is not None
    proc = subprocess.run([node, str(RUNNER), str(VECTORS / name)], capture_output=True, text=True, timeout=300,
                          check=False, env={**os.environ, "GUIDE_STDLIB_ZIP": str(small_zip)})
    total = len(json.loads((VECTORS / name).read_text(encoding="utf-8"))["vectors"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{total} passed, 0 failed" in proc.stdout
    used = re.search(r"standard library files: (\d+)", proc.stdout)
    assert used is not None and int(used.group(1)) == len(zipfile.ZipFile(small_zip).namelist())


def test_missing_module_fails_on_the_small_zip(small_zip: Path, tmp_path: Path) -> None:
    """The check can fail: an engine that imports a module the trace never saw breaks on the small zip."""
    node = shutil.which("node")
    assert node is not None
    engine = tmp_path / "engine"
    shutil.copytree(ROOT / "calculator" / "src" / "shebao_calculator", engine / "shebao_calculator")
    browser = engine / "shebao_calculator" / "browser.py"
    browser.write_text(browser.read_text(encoding="utf-8") + "\nimport email.message\n", encoding="utf-8")
    runner = tmp_path / "run_vectors.mjs"
    text = RUNNER.read_text(encoding="utf-8").replace(
        'join(root, "calculator", "src", "shebao_calculator")', json.dumps(str(engine / "shebao_calculator")))
    runner.write_text(text.replace('resolve(here, "..", "..")', json.dumps(str(ROOT))), encoding="utf-8")
    proc = subprocess.run([node, str(runner), str(VECTORS / "vectors.json")], capture_output=True, text=True,
                          timeout=300, check=False, env={**os.environ, "GUIDE_STDLIB_ZIP": str(small_zip)})
    assert proc.returncode != 0
    assert "email" in proc.stdout + proc.stderr
