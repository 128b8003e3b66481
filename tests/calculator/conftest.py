"""Make the engine importable without installing it, and share the fixture data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "calculator" / "src"
VECTORS = ROOT / "tests" / "vectors"

if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


@pytest.fixture(scope="session")
def fixture_path() -> Path:
    return VECTORS / "fixture-data.json"


@pytest.fixture()
def data(fixture_path: Path) -> dict[str, Any]:
    """A fresh copy of the fictional fixture data (tests may mutate it)."""
    return json.loads(fixture_path.read_text(encoding="utf-8"))



@pytest.fixture(scope="session")
def rules() -> Any:
    """The real national rules and wording (tests/vectors/national-data.json, exported from content/)."""
    from national_fixture import RULES

    return RULES
