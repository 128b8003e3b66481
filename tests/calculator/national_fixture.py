"""The real national rules and their wording, for tests that call the engine's functions directly.

From tests/vectors/national-data.json, which test_calc_national.py keeps equal to the export of content/.
"""

from __future__ import annotations

import json
from pathlib import Path

from shebao_calculator import NationalRules, load_national

DATA = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "national-data.json").read_text(encoding="utf-8"))
RULES: NationalRules = load_national(DATA)
