"""Base explorer (`levels`) and break simulator (`gap`): vectors on real rules in CPython and real Pyodide,
properties, and the two commands (JSON fields, order, exit 2 with the allowed values)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shebao_calculator import gap, levels, load_data, retirement
from shebao_calculator.cli import main
from shebao_calculator.levels import bases, payback_months
from shebao_calculator.national import MESSAGE_KEYS

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
DECISION = VECTORS / "decision-vectors.json"
DATA_PATH = VECTORS / "decision-data.json"
RUNNER = ROOT / "tests" / "pyodide" / "run_vectors.mjs"
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
TODAY = date(2026, 11, 29)

sys.path.insert(0, str(VECTORS))
import check_vectors  # noqa: E402
import make_decision_data  # noqa: E402

DATA: dict[str, Any] = json.loads(DATA_PATH.read_text(encoding="utf-8"))


def _vectors() -> list[dict[str, Any]]:
    return json.loads(DECISION.read_text(encoding="utf-8"))["vectors"]


def test_decision_data_is_the_current_content_export() -> None:
    current = make_decision_data.render(make_decision_data.decision_data())
    assert DATA_PATH.read_text(encoding="utf-8") == current, (
        "tests/vectors/decision-data.json is out of date: run .venv/bin/python tests/vectors/make_decision_data.py")


def test_decision_vectors_cpython() -> None:
    passed, failures = check_vectors.run(str(DECISION))
    assert not failures, "\n".join(failures)
    assert passed == len(_vectors())


def test_decision_vectors_pyodide() -> None:
    node = shutil.which("node")
    if node is None or not PYODIDE.exists():
        pytest.skip("node or node_modules/pyodide is missing (run make setup)")
    proc = subprocess.run([node, str(RUNNER), str(DECISION)], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(_vectors())} passed, 0 failed" in proc.stdout


def _codes(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["code"]} if isinstance(value.get("code"), str) else set()
        return found.union(*(_codes(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_codes(v) for v in value))
    return set()


def test_every_city_rule_and_outcome_has_a_vector() -> None:
    """Each way a city's break rule or base list can answer is pinned by a vector (expected codes)."""
    expected = set().union(*(_codes(v["expect"]) for v in _vectors()))
    outcomes = {k for k in MESSAGE_KEYS if k.startswith(("gap-medical-", "levels-reason-", "levels-note-steps"))}
    outcomes.discard("levels-reason-no-months")  # needs a retirement month already passed: a property below
    outcomes.discard("gap-medical-wait-no-grace")  # no city has a waiting period without a grace: a test below
    assert outcomes <= expected, sorted(outcomes - expected)
    answers = {json.dumps(v["expect"].get("result", {}).get("back_payment", {}).get("allowed", "absent"))
               for v in _vectors() if v["request"]["action"] == "gap"}
    assert {"false", "null"} <= answers


def test_a_waiting_period_without_a_grace_applies_to_every_break() -> None:
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    shanghai = next(c for c in data["cities"] if c["id"] == "shanghai")
    shanghai["breaks"]["medical_grace_months"] = None
    g = gap(data, "shanghai", "1985-06", "male", rules=data, paid_months=60, stop="2027-01", resume="2027-02",
            today=TODAY).to_json()
    assert g["medical_waiting_months"] == 6
    assert g["medical_waiting"]["explanation"]["code"] == "gap-medical-wait-no-grace"
    assert g["medical_waiting"]["rejoin_by"] is None


def test_every_catalogue_key_is_in_ui_yaml_in_both_languages() -> None:
    for key in MESSAGE_KEYS:
        assert DATA["messages"][key]["zh"] and DATA["messages"][key]["en"], key


# --- properties ----------------------------------------------------------------------------------------

CITIES_WITH_WAGE = [("shanghai", "2026-09-01"), ("shanghai", "2025-08-01"), ("beijing", "2025-08-01"),
                    ("chongqing", "2025-06-01"), ("chongqing", "2026-03-01"), ("tianjin", "2026-03-01"),
                    ("chengdu", "2025-11-01")]
person = st.tuples(
    st.integers(min_value=1962, max_value=2006), st.integers(min_value=1, max_value=12),
    st.sampled_from([("male", None), ("female", 50), ("female", 55)]))


@settings(max_examples=40, deadline=None)
@given(case=st.sampled_from(CITIES_WITH_WAGE), who=person, paid=st.integers(min_value=0, max_value=120),
       growth=st.sampled_from([None, "0.02"]))
def test_bill_and_pension_rise_with_the_base_and_payback_is_finite(case, who, paid, growth) -> None:
    city, on = case
    (year, month, (sex, original)) = who
    try:
        result = levels(DATA, city, f"{year}-{month:02d}", sex, original, rules=DATA, on=on, paid_months=paid,
                        pension_growth=growth, today=TODAY)
    except Exception as exc:  # only refusals with a code are allowed (e.g. more months paid than lived)
        assert getattr(exc, "code", None) == "out_of_range", exc
        return
    rows = result.to_json()["levels"]
    assert [Decimal(r["base"]) for r in rows] == sorted(Decimal(r["base"]) for r in rows)
    assert len({r["base"] for r in rows}) == len(rows) >= 2
    for low, high in zip(rows, rows[1:]):
        assert Decimal(low["monthly"]["total"]) <= Decimal(high["monthly"]["total"])
        assert Decimal(low["monthly"]["pension"]) < Decimal(high["monthly"]["pension"])
        if result.months:
            assert Decimal(low["pension_at_retirement"]) < Decimal(high["pension_at_retirement"])
    for row in rows:
        if result.months:
            assert row["payback_months"] is not None and 0 < row["payback_months"] < 12 * 200
            assert Decimal(row["payback_years"]) == (Decimal(row["payback_months"]) / 12).quantize(Decimal("0.1"))
        else:
            assert row["payback_months"] is None and row["reason"]["code"] == "levels-reason-no-months"


@settings(max_examples=60, deadline=None)
@given(who=person, paid=st.integers(min_value=0, max_value=300), stop_after=st.integers(min_value=1, max_value=400),
       gap_months=st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
       city=st.sampled_from(["shanghai", "beijing", "tianjin", "chengdu", "hangzhou", "nanjing-medical-2023"]))
def test_gap_agrees_with_retire(who, paid, stop_after, gap_months, city) -> None:
    (year, month, (sex, original)) = who
    birth = f"{year}-{month:02d}"
    r = retirement(birth, sex, original, rules=DATA, paid_months=paid, today=TODAY).to_json()
    born = year * 12 + month - 1
    stop_index = born + 12 * 16 + stop_after
    stop = f"{stop_index // 12}-{stop_index % 12 + 1:02d}"
    resume = None
    if gap_months is not None:
        resume_index = stop_index + gap_months
        resume = f"{resume_index // 12}-{resume_index % 12 + 1:02d}"
    try:
        g = gap(DATA, city, birth, sex, original, rules=DATA, paid_months=paid, stop=stop, resume=resume,
                today=TODAY).to_json()
    except Exception as exc:
        assert getattr(exc, "code", None) in ("month_out_of_range", "out_of_range"), exc
        return
    assert g["retirement_month"] == r["retirement_month"]
    assert g["minimum_contribution_years"] == r["minimum_contribution_years"]
    assert g["months_still_needed"] == r["months_still_needed"]
    assert g["months_at_retirement"] >= g["months_paid"] == paid
    assert g["reaches_minimum"] == (g["months_at_retirement"] >= r["minimum_contribution_months"])
    assert (g["medical_waiting_months"] is None) == (g["medical_waiting_reason"] is not None)
    if g["back_payment"]["allowed"] is not None:
        assert g["back_payment"]["sources"]


def test_bases_are_bounds_and_ten_percent_steps() -> None:
    dataset = load_data(DATA)
    period = dataset.city("shanghai").period_on(date(2026, 9, 1))
    got = bases(period)
    assert got[0] == period.base.min and got[-1] == period.base.max
    assert all(b == (period.base.average_wage or 0) * Decimal(k) / 10 for b, k in zip(got[1:-1], range(7, 30)))


@pytest.mark.parametrize(("contributions", "pension", "growth", "months"), [
    ("1200", "100", "0", 12), ("1201", "100", "0", 13), ("0", "100", "0", 0), ("1200", "0", "0", None),
    # 100 a month for a year (1200), then 110 a month: 1200 + 110 x 2 = 1420 >= 1400
    ("1400", "100", "0.1", 14),
])
def test_payback_months(contributions, pension, growth, months) -> None:
    assert payback_months(Decimal(contributions), Decimal(pension), Decimal(growth)) == months


# --- the commands ----------------------------------------------------------------------------------------

def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(["--data", str(DATA_PATH), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_levels_json_fields_and_order(capsys) -> None:
    code, out, err = run(["levels", "--city", "shanghai", "--on", "2026-09", "--birth", "1985-06", "--sex", "male",
                          "--paid-months", "60", "--json"], capsys)
    assert code == 0 and err == ""
    d = json.loads(out)
    for key in ("city", "period", "retirement_month", "assumptions", "levels"):
        assert key in d
    assert d["city"]["id"] == "shanghai" and d["period"]["valid_from"] == "2026-07-01"
    assert {a["name"] for a in d["assumptions"]} >= {"calc_base", "index", "contribution_months", "pension_growth"}
    bases_seen = [Decimal(level["base"]) for level in d["levels"]]
    assert bases_seen == sorted(bases_seen)
    for level in d["levels"]:
        assert set(level) >= {"base", "share_of_average", "monthly", "pension_at_retirement", "payback_years"}
        assert "total" in level["monthly"] and "pension" in level["monthly"] and "medical" in level["monthly"]


def test_levels_table(capsys) -> None:
    code, out, _ = run(["levels", "--city", "shanghai", "--on", "2026-09", "--birth", "1985-06", "--sex", "male"], capsys)
    assert code == 0
    assert "7,546.00" in out and "37,731.00" in out and "Payback" in out and "回本" in out


def test_gap_json_fields(capsys) -> None:
    code, out, err = run(["gap", "--city", "shanghai", "--birth", "1985-06", "--sex", "male", "--paid-months", "60",
                          "--stop", "2027-01", "--resume", "2027-06", "--json"], capsys)
    assert code == 0 and err == ""
    d = json.loads(out)
    for key in ("retirement_month", "minimum_contribution_years", "months_paid", "months_still_needed",
                "back_payment", "medical_waiting_months", "sources"):
        assert key in d
    assert set(d["back_payment"]) >= {"allowed", "note", "sources"}
    assert d["medical_waiting_months"] == 6
    assert {s["id"] for s in d["sources"]} >= {"sh-flex-notice-2023", "sh-medical-waiting-2025"}


def test_gap_text(capsys) -> None:
    code, out, _ = run(["gap", "--city", "chengdu", "--birth", "1985-06", "--sex", "male", "--paid-months", "60",
                        "--stop", "2027-01"], capsys)
    assert code == 0
    assert "not in the guide yet 本指南暂未收录" in out and "https://cdyb.chengdu.gov.cn/" in out


@pytest.mark.parametrize(("args", "fragments"), [
    (["levels", "--city", "shanghai", "--birth", "1985-06", "--sex", "x"], ["'male' or 'female'"]),
    (["levels", "--city", "shanghai", "--birth", "1985-06", "--sex", "female", "--original-age", "52"], ["50 or 55"]),
    (["levels", "--city", "nowhere", "--birth", "1985-06", "--sex", "male"], ["Known cities: beijing"]),
    (["levels", "--city", "shanghai", "--birth", "1985-06", "--sex", "male", "--on", "2020-01"], ["Periods available"]),
    (["levels", "--city", "shanghai", "--birth", "1985-06", "--sex", "male", "--pension-growth", "2"], ["0.5"]),
    (["levels", "--city", "shanghai", "--birth", "1985-06", "--sex", "male", "--wage-growth", "0.03"], ["both"]),
    (["gap", "--city", "shanghai", "--birth", "1985-06", "--sex", "male", "--paid-months", "60", "--stop", "2049-01"],
     ["from 1985-07 to 2048-05"]),
    (["gap", "--city", "shanghai", "--birth", "1985-06", "--sex", "male", "--paid-months", "60", "--stop", "2027-01",
      "--resume", "2027-01"], ["from 2027-02 to 2048-06"]),
    (["gap", "--city", "shanghai", "--birth", "1985-06", "--sex", "male", "--paid-months", "-3", "--stop", "2027-01"],
     ["cannot be negative"]),
    (["gap", "--city", "shanghai", "--birth", "1985-06", "--sex", "male", "--paid-months", "60", "--stop", "soon"],
     ["YYYY-MM"]),
])
def test_bad_input_exits_2_with_the_allowed_values(args, fragments, capsys) -> None:
    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    assert "Traceback" not in err and "错误" in err
    for fragment in fragments:
        assert fragment in err


def test_missing_required_flag_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--data", str(DATA_PATH), "gap", "--city", "shanghai", "--birth", "1985-06", "--sex", "male",
              "--stop", "2027-01"])
    assert exc.value.code == 2
    assert "--paid-months" in capsys.readouterr().err
