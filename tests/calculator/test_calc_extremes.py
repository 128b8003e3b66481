"""Dates and numbers at and past the edges: a clear bilingual message with the allowed range, exit 2,
never "Internal error" (issue 14)."""

from __future__ import annotations

import pytest

from pathlib import Path

from shebao_calculator.cli import main

# retire and pension read the national rules: the real export of content/national.yaml
NATIONAL = Path(__file__).resolve().parents[1] / "vectors" / "national-data.json"

PENSION = ["pension", "--contribution-months", "180", "--index", "1", "--calc-base", "10000"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["calc", "--city", "alpha", "--base", "5000", "--on", "0000-01"], "between 0001-01-01 and 9999-12-31"),
        (["calc", "--city", "alpha", "--base", "5000", "--on", "0000-01-01"], "between 0001-01-01 and 9999-12-31"),
        (["calc", "--city", "alpha", "--base", "5000", "--on", "2026-02-30"], "between 0001-01-01 and 9999-12-31"),
        (["calc", "--city", "alpha", "--base", "5000", "--on", "2026-13"], "between 0001-01-01 and 9999-12-31"),
        (["calc", "--city", "alpha", "--base", "1e999999999", "--on", "2026-03"], "the most it can be is 1,000,000,000,000"),
        (["calc", "--city", "alpha", "--base", "9" * 5000, "--on", "2026-03"], "the most it can be is 1,000,000,000,000"),
        (["calc", "--city", "alpha", "--base=-1e999999999", "--on", "2026-03"], "negative"),
        (["calc", "--city", "alpha", "--base", "Infinity", "--on", "2026-03"], "finite"),
        (["retire", "--birth", "0000-01", "--sex", "male"], "between 1940 and 2010"),
        (["retire", "--birth", "9999-12", "--sex", "male"], "in the future"),
        (["retire", "--birth", "1970-00", "--sex", "male"], "YYYY-MM"),
        (["retire", "--birth", "1970-01", "--sex", "male", "--paid-months", "9" * 40], "too large"),
        ([*PENSION, "--birth", "0000-01", "--sex", "male"], "between 1940 and 2010"),
        ([*PENSION, "--retirement-age", "99999999999999999:0"], "must be an age"),
        ([*PENSION, "--retirement-age", "60", "--account-balance", "1e30"], "the most it can be is 1,000,000,000,000"),
    ],
)
def test_extreme_inputs_get_a_clear_message(fixture_path, capsys, args, fragment) -> None:
    data = NATIONAL if args[0] in ("retire", "pension") else fixture_path
    code = main(["--data", str(data), *args])
    captured = capsys.readouterr()
    assert code == 2, captured.out
    assert fragment in captured.err
    assert "错误" in captured.err and "Internal error" not in captured.err and "Traceback" not in captured.err
