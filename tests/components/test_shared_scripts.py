"""The components' shared scripts (overrides/components/site/format.js, strings.js), run in Node:
the one money formatter writes the same digits as the build-time tables (macros/views/render.py), and an
unknown UI string is logged and shows nothing, never its key."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from macros.views.render import money, whole  # noqa: E402

SITE = ROOT / "overrides" / "components" / "site"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node is part of `make setup`")
AMOUNTS = ["0", "7", "7384", "7384.00", "7384.5", "12345.6", "1234567.89", "999.99", "1000", "-1509.2", "100000000.1"]


def _node(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NODE), "--input-type=module", "-e", script], capture_output=True, text=True,
                          cwd=SITE, check=True)


def test_money_and_whole_match_the_build_time_tables() -> None:
    run = _node(f"""
        import {{ money, whole }} from "./format.js";
        const amounts = {json.dumps(AMOUNTS)};
        console.log(JSON.stringify(amounts.map((a) => [money(a), whole(a)])));
    """)
    assert json.loads(run.stdout) == [[money(a), whole(a)] for a in AMOUNTS]


def test_money_of_nothing_is_a_dash_like_the_tables() -> None:
    run = _node('import { money } from "./format.js"; console.log(JSON.stringify([money(null), money(undefined), money("")]));')
    assert json.loads(run.stdout) == [money(None)] * 3


def test_cents_round_trip() -> None:
    run = _node(f"""
        import {{ cents, fromCents }} from "./format.js";
        console.log(JSON.stringify({json.dumps(["1509.20", "0.05", "12.3", "-7.25"])}.map((a) => [cents(a), fromCents(cents(a))])));
    """)
    assert json.loads(run.stdout) == [[150920, "1509.20"], [5, "0.05"], [1230, "12.30"], [-725, "-7.25"]]


def test_an_unknown_key_is_logged_and_shows_nothing() -> None:
    run = _node("""
        import { translator } from "./strings.js";
        const t = translator({ "calc-range": "{min} to {max}" }, "calculator");
        console.log(JSON.stringify([t("calc-range", { min: 1, max: 2 }), t("pension-needs-retirement"), t("toString")]));
    """)
    assert json.loads(run.stdout) == ["1 to 2", "", ""]
    assert 'calculator: missing UI string "pension-needs-retirement"' in run.stderr
    assert 'missing UI string "toString"' in run.stderr
