"""Put what the browser calculator needs into the built site: Pyodide, our wheel, the figures.

Pyodide is copied from the npm package pinned in package-lock.json (never a CDN); the calculator
reaches the browser as a pure-Python wheel built in-process by hatchling (pyodide-build cannot work
offline); the figures are the same plain data the CLI and the static tables use.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
PYODIDE_PACKAGE = PROJECT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
CALCULATOR_PROJECT = PROJECT / "calculator"
ASSET_DIR = "assets/calculator"
PYODIDE_DIR = "assets/pyodide"


class CalculatorAssetsError(Exception):
    """Something the browser calculator needs is missing; the message says how to get it."""


def copy_pyodide(site_dir: Path) -> None:
    target = site_dir / PYODIDE_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        source = PYODIDE_PACKAGE / name
        if not source.exists():
            raise CalculatorAssetsError(f"{source} is missing: run `npm ci` (or `make setup`) to install Pyodide")
        destination = target / name
        if not destination.exists() or destination.stat().st_size != source.stat().st_size:
            shutil.copy2(source, destination)


def wheel_name() -> str:
    """The wheel's file name, known before it is built (pages link to it)."""
    with (CALCULATOR_PROJECT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    return f"shebao_calculator-{version}-py3-none-any.whl"


def asset_urls() -> dict[str, str]:
    """Where the browser finds each part, relative to the site root."""
    return {
        "pyodide": f"{PYODIDE_DIR}/pyodide.mjs",
        "pyodide_index": f"{PYODIDE_DIR}/",
        "wheel": f"{ASSET_DIR}/{wheel_name()}",
        "data": f"{ASSET_DIR}/data.json",
    }


def build_wheel(site_dir: Path) -> Path:
    """Build the calculator wheel into the site (once per build)."""
    from hatchling.builders.wheel import WheelBuilder

    target = site_dir / ASSET_DIR / wheel_name()
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        [built] = list(WheelBuilder(str(CALCULATOR_PROJECT)).build(directory=scratch, versions=["standard"]))
        if Path(built).name != target.name:
            raise CalculatorAssetsError(f"hatchling built {Path(built).name}, expected {target.name}")
        shutil.copy2(built, target)
    return target


def write_calculator_assets(site_dir: Path, data: dict[str, Any]) -> None:
    """Copy Pyodide, build the wheel and write the figures into the built site."""
    copy_pyodide(site_dir)
    build_wheel(site_dir)
    data_path = site_dir / ASSET_DIR / "data.json"
    data_path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
