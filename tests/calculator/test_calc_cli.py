from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shebao_calculator.cli import add_commands, main

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = str(ROOT / "tests" / "vectors" / "national-data.json")  # the real national rules, exported


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_calc_json(fixture_path, capsys) -> None:
    code, out, err = run(["--data", str(fixture_path), "calc", "--city", "alpha", "--base", "4800", "--on", "2026-03", "--json"], capsys)
    assert code == 0 and err == ""
    d = json.loads(out)
    for key in ("city", "period", "base", "monthly", "annual", "medical_status", "formula", "sources", "notes"):
        assert key in d
    assert d["monthly"]["total"] == "1440.00"


@pytest.mark.parametrize("base", ["min", "max", "100%", "7000"])
def test_calc_human_table(fixture_path, capsys, base) -> None:
    code, out, err = run(["--data", str(fixture_path), "calc", "--city", "alpha", "--base", base, "--on", "2026-03-15"], capsys)
    assert code == 0
    assert "Pension 养老保险" in out and "合计" in out and "Sources" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["calc", "--city", "alpha", "--base", "1", "--on", "2026-03"], "outside the range"),
        (["calc", "--city", "nowhere", "--base", "5000", "--on", "2026-03"], "Known cities: alpha"),
        (["calc", "--city", "alpha", "--base", "abc", "--on", "2026-03"], "must be a number"),
        (["calc", "--city", "alpha", "--base", "NaN", "--on", "2026-03"], "finite"),
        (["calc", "--city", "beta", "--base", "100%", "--on", "2025-03"], "average wage"),
        (["calc", "--city", "alpha", "--base", "5000", "--on", "2020-01"], "Periods available"),
        (["calc", "--city", "alpha", "--base", "5000", "--on", "yesterday"], "must be a date"),
    ],
)
def test_calc_errors_exit_2_without_traceback(fixture_path, capsys, args, fragment) -> None:
    code, out, err = run(["--data", str(fixture_path), *args], capsys)
    assert code == 2
    assert out == ""
    assert fragment in err and "Traceback" not in err
    assert "错误" in err


def test_calc_error_json(fixture_path, capsys) -> None:
    code, out, err = run(["--data", str(fixture_path), "calc", "--city", "alpha", "--base", "1", "--on", "2026-03", "--json"], capsys)
    assert code == 2
    e = json.loads(err)["error"]
    assert (e["code"], e["min"], e["max"], e["nearest"]) == ("base_out_of_range", "4800.00", "24000.00", "4800.00")


def test_calc_without_data(capsys, tmp_path) -> None:
    assert run(["calc", "--city", "alpha", "--base", "5000"], capsys)[0] == 2
    assert run(["--data", str(tmp_path / "missing.json"), "calc", "--city", "a", "--base", "1"], capsys)[0] == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(["--data", str(bad), "calc", "--city", "a", "--base", "1"], capsys)
    assert code == 2 and "not valid JSON" in err


def test_retire_json(capsys) -> None:
    code, out, _ = run(["--data", NATIONAL, "retire", "--birth", "1972-03", "--sex", "female", "--original-age", "55", "--paid-months", "96", "--json"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["original_age"] == {"years": 55, "months": 0}
    assert d["retirement_age"] == {"years": 55, "months": 7}
    assert d["delay_months"] == 7
    assert d["retirement_month"] == "2027-10"
    assert d["minimum_contribution_years"] == "15"
    assert d["months_still_needed"] == 84


def test_retire_human(capsys) -> None:
    code, out, _ = run(["--data", NATIONAL, "retire", "--birth", "1965-01", "--sex", "male"], capsys)
    assert code == 0 and "2025-02" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--data", NATIONAL, "retire", "--birth", "1972-03", "--sex", "female"],
        ["--data", NATIONAL, "retire", "--birth", "1972-03", "--sex", "female", "--original-age", "60"],
        ["--data", NATIONAL, "retire", "--birth", "1972-03", "--sex", "male", "--original-age", "60"],
        ["--data", NATIONAL, "retire", "--birth", "3000-01", "--sex", "male"],
        ["--data", NATIONAL, "retire", "--birth", "1930-01", "--sex", "male"],
        ["--data", NATIONAL, "retire", "--birth", "March 1972", "--sex", "male"],
        ["--data", NATIONAL, "retire", "--birth", "1972-03", "--sex", "male", "--paid-months", "-1"],
    ],
)
def test_retire_errors(capsys, args) -> None:
    code, out, err = run(args, capsys)
    assert code == 2 and out == "" and "Error:" in err and "Traceback" not in err


def test_pension_json(capsys) -> None:
    code, out, _ = run(["--data", NATIONAL, "pension", "--birth", "1965-06", "--sex", "male", "--contribution-months", "360", "--index", "0.8",
                        "--calc-base", "12049", "--account-balance", "100000", "--json"], capsys)
    assert code == 0
    d = json.loads(out)
    assert (d["basic_pension"], d["payout_months"], d["account_pension"], d["total"]) == ("3253.23", "137.8", "725.69", "3978.92")


def test_pension_projection_flags(capsys) -> None:
    code, out, _ = run(["--data", NATIONAL, "pension", "--retirement-age", "60", "--contribution-months", "240", "--index", "1", "--calc-base", "10000",
                        "--account-balance", "50000", "--future-base", "10000", "--future-months", "120", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["account_balance"] == "146000.00"
    code, _, err = run(["--data", NATIONAL, "pension", "--retirement-age", "60", "--contribution-months", "240", "--index", "1", "--calc-base", "10000",
                        "--future-base", "10000"], capsys)
    assert code == 2 and "--future-months" in err


def test_pension_human(capsys) -> None:
    code, out, _ = run(["--data", NATIONAL, "pension", "--retirement-age", "63", "--contribution-months", "180", "--index", "1", "--calc-base", "10000"], capsys)
    assert code == 0 and "Payout months 计发月数: 117.0" in out and "NOT included" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--data", NATIONAL, "pension", "--contribution-months", "360", "--index", "0.8", "--calc-base", "12049"],
        ["--data", NATIONAL, "pension", "--birth", "1965-06", "--sex", "male", "--contribution-months", "x", "--index", "0.8", "--calc-base", "12049"],
        ["--data", NATIONAL, "pension", "--birth", "1965-06", "--sex", "male", "--contribution-months", "360", "--index", "4", "--calc-base", "12049"],
        ["--data", NATIONAL, "pension", "--birth", "1965-06", "--sex", "male", "--contribution-months", "360", "--index", "0.8", "--calc-base", "-1"],
        ["--data", NATIONAL, "pension", "--birth", "1975-06", "--sex", "female", "--contribution-months", "360", "--index", "0.8", "--calc-base", "1"],
    ],
)
def test_pension_errors(capsys, args) -> None:
    code, out, err = run(args, capsys)
    assert code == 2 and out == "" and "Traceback" not in err


def test_argparse_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["retire", "--sex", "male"])  # missing --birth
    assert exc.value.code == 2


def test_add_commands_integration(fixture_path) -> None:
    """How the project's `guide` command plugs the subcommands in."""
    parser = argparse.ArgumentParser(prog="guide")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build")  # someone else's command
    calls = []

    def loader():
        calls.append(1)
        return json.loads(fixture_path.read_text(encoding="utf-8"))

    out, err = io.StringIO(), io.StringIO()
    add_commands(sub, loader, stdout=out, stderr=err)
    args = parser.parse_args(["calc", "--city", "delta", "--base", "min", "--on", "2026-01", "--json"])
    assert args.func(args) == 0
    assert json.loads(out.getvalue())["monthly"]["total"] == "1742.34"
    assert calls == [1]
    national = json.loads(Path(NATIONAL).read_text(encoding="utf-8"))
    calls.clear()
    sub2 = argparse.ArgumentParser(prog="guide").add_subparsers(dest="command", required=True)
    add_commands(sub2, lambda: calls.append(1) or national, stdout=out, stderr=err)
    args = sub2.choices["retire"].parse_args(["--birth", "1965-01", "--sex", "male", "--json"])
    assert args.func(args) == 0
    assert calls == [1]  # retire reads the national rules from the same export


def test_loader_failure_is_clean() -> None:
    parser = argparse.ArgumentParser(prog="guide")
    sub = parser.add_subparsers(dest="command", required=True)
    err = io.StringIO()

    def loader():
        raise FileNotFoundError("content export missing")

    add_commands(sub, loader, stdout=io.StringIO(), stderr=err)
    args = parser.parse_args(["calc", "--city", "x", "--base", "1"])
    assert args.func(args) == 2
    assert "content export missing" in err.getvalue() and "Traceback" not in err.getvalue()


def test_python_dash_m(fixture_path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "calculator" / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "shebao_calculator", "--data", str(fixture_path), "calc", "--city", "alpha", "--base", "1", "--on", "2026-03"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "outside the range" in proc.stderr


def test_retire_woman_without_original_age_says_why(capsys) -> None:
    """No default for a woman's original age: exit 2, naming the allowed values and the reason."""
    code, out, err = run(["--data", NATIONAL, "retire", "--birth", "1980-01", "--sex", "female"], capsys)
    assert code == 2 and out == ""
    assert "50 (women workers) or 55 (women cadres and staff)" in err and "No national rule" in err
    assert "50 岁（女工人）或 55 岁（女干部）" in err
    code, _, err = run(["--data", NATIONAL, "retire", "--birth", "1980-01", "--sex", "female", "--json"], capsys)
    error = json.loads(err)["error"]
    assert (code, error["code"], error["allowed"]) == (2, "original_age_required", [50, 55])


def test_retire_woman_1980_by_original_age(capsys) -> None:
    ages = {}
    for original in ("50", "55"):
        code, out, _ = run(["--data", NATIONAL, "retire", "--birth", "1980-01", "--sex", "female",
                            "--original-age", original, "--json"], capsys)
        assert code == 0
        ages[original] = json.loads(out)["retirement_age_text"]["en"]
    assert ages == {"50": "52 years 7 months", "55": "57 years 7 months"}


def test_retire_without_national_rules_is_a_clean_error(fixture_path, capsys) -> None:
    code, out, err = run(["--data", str(fixture_path), "retire", "--birth", "1965-01", "--sex", "male"], capsys)
    assert code == 2 and out == "" and "national rules" in err and "Traceback" not in err


def test_pension_assumption_ages_are_worded(capsys) -> None:
    code, out, _ = run(["--data", NATIONAL, "pension", "--birth", "1975-01", "--sex", "female", "--original-age", "50",
                        "--contribution-months", "180", "--index", "1", "--calc-base", "10000", "--json"], capsys)
    age = next(a for a in json.loads(out)["assumptions"] if a["name"] == "retirement_age")
    assert code == 0 and age["value"] == "50:1"  # kept for scripts
    assert age["value_text"] == {"zh": "50岁1个月", "en": "50 years 1 month"}

BILL_DATA = ROOT / "tests" / "vectors" / "bill-data.json"


def test_calc_json_lists_every_insurance_with_complete_and_missing(capsys) -> None:
    code, out, err = run(["--data", str(BILL_DATA), "calc", "--city", "shenzhen", "--base", "max", "--on", "2026-03",
                          "--json"], capsys)
    assert code == 0 and err == ""
    d = json.loads(out)
    # Every field the contract had, plus complete, missing and one entry per insurance the city's bill lists.
    for key in ("city", "date", "period", "data_version", "base", "base_choice", "bounds", "rates", "medical_base",
                "monthly", "annual", "medical_status", "medical_reason", "unemployment_status",
                "unemployment_reason", "formula", "sources", "notes", "complete", "missing", "insurances"):
        assert key in d, key
    assert d["monthly"] == {"pension": "5509.80", "pension_personal_account": "2203.92", "pension_pooled": "3305.88",
                            "medical": "2690.64", "unemployment": None, "work_injury": None, "total": "8200.44"}
    assert d["annual"]["medical"] == "32287.68" and d["annual"]["total"] == "98405.28"
    assert (d["complete"], d["missing"]) == (False, ["unemployment"])
    assert [(i["insurance"], i["status"]) for i in d["insurances"]] == [
        ("pension", "computed"), ("medical", "computed"), ("unemployment", "not_in_guide"),
        ("work_injury", "not_available")]
    assert d["formula"][-1]["en"] == ("Total without Unemployment insurance: per month 5,509.80 + 2,690.64 = 8,200.44; "
                                      "per year 98,405.28")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--city", "chongqing", "--base", "min", "--on", "2025-06", "--medical-grade", "grade-9"],
         "Choices: grade-1, grade-2"),
        (["--city", "chongqing", "--base", "min", "--on", "2025-06", "--medical-base", "6000"],
         "Chongqing has no separately chosen medical base"),
        (["--city", "shenzhen", "--base", "min", "--on", "2026-03", "--medical-grade", "grade-1"],
         "Shenzhen has no separately chosen medical grade"),
        (["--city", "nanjing-medical-2023", "--base", "min", "--on", "2025-06", "--medical-base", "3000"],
         "outside the range allowed in Nanjing (2023 medical example): 4,494.00–24,042.00"),
        (["--city", "shenzhen", "--base", "min", "--on", "2026-03", "--medical-base", "abc"], "must be a number"),
    ],
)
def test_calc_medical_flags_exit_2_with_choices_or_range(capsys, args, fragment) -> None:
    code, out, err = run(["--data", str(BILL_DATA), "calc", *args], capsys)
    assert code == 2 and out == ""
    assert fragment in err and "Traceback" not in err


def test_calc_medical_grade_flag(capsys) -> None:
    code, out, _ = run(["--data", str(BILL_DATA), "calc", "--city", "chongqing", "--base", "min", "--on", "2025-06",
                        "--medical-grade", "grade-2", "--json"], capsys)
    assert code == 0
    d = json.loads(out)
    assert (d["monthly"]["medical"], d["annual"]["medical"], d["insurances"][1]["grade"]) == (
        "563.75", "6765.00", "grade-2")
