"""`guide … | head`: a reader closing the pipe early gets no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_closed_pipe_ends_quietly() -> None:
    guide = [sys.executable, "-m", "macros.cli", "sources", "--json"]  # 90 KB: more than a pipe holds
    process = subprocess.Popen(guide, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)  # what `head -c 10` takes, then it closes the pipe
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait() == 141, errors
    assert "Traceback" not in errors and "BrokenPipe" not in errors
