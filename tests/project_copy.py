"""A copy of the project to build in a fresh process (tests that change sources never touch the real ones)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "node_modules", "site", ".mypy_cache", ".pytest_cache", ".cache"}
"""Top-level names left out of the copy (the copy makes its own build caches)."""


def project_copy(target: Path) -> Path:
    shutil.copytree(PROJECT, target, ignore=lambda folder, names: [
        n for n in names if n == "__pycache__" or Path(folder) == PROJECT and (n in SKIP or n.startswith(".site-"))])
    (target / "node_modules").symlink_to(PROJECT / "node_modules")
    if (PROJECT / ".cache" / "snapshots").is_dir():  # the same calculator's snapshot: reuse it
        shutil.copytree(PROJECT / ".cache" / "snapshots", target / ".cache" / "snapshots")
    return target


def build_copy(project: Path, site: Path, url: str) -> None:
    """`guide build --preview` of the copy, in a fresh process that imports the copy's macros."""
    done = subprocess.run([sys.executable, "-m", "macros.cli", "build", "--preview", "--site-url", url, "--site-dir", str(site)],
                          cwd=project, env={**os.environ, "PYTHONPATH": str(project)}, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
