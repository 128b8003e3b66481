"""Command line: ``calc``, ``retire``, ``pension``, ``levels`` and ``gap`` subcommands.

``add_commands`` plugs them into the project's ``guide`` command (which owns
the parser and supplies a data loader); ``main`` is a standalone entry for
tests and ``python -m shebao_calculator --data data.json ...``. Errors go to
stderr with exit code 2 and never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import Any, Callable, Sequence, TextIO

from .errors import CalculatorError, DataError, InvalidInputError
from .gap import gap
from .levels import levels
from .pension import pension_estimate
from .premiums import calculate_premiums
from .wording import insurance_name, say
from .retirement import retirement

EXIT_OK = 0
EXIT_ERROR = 2

DataLoader = Callable[[], dict[str, Any]]


def _print_error(err: CalculatorError, as_json: bool, stderr: TextIO) -> int:
    if as_json:
        print(json.dumps({"ok": False, "error": err.to_json()}, ensure_ascii=False, indent=2), file=stderr)
    else:
        print(f"错误：{err.message['zh']}", file=stderr)
        print(f"Error: {err.message['en']}", file=stderr)
    return EXIT_ERROR


def _print_json(payload: dict[str, Any], stdout: TextIO) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2), file=stdout)


def _width(text: str) -> int:
    """Display width: CJK characters take two terminal columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: Sequence[tuple[str, ...]], stdout: TextIO) -> None:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for j, row in enumerate(rows):
        cells = [row[0] + " " * (widths[0] - _width(row[0]))]
        cells += [" " * (widths[i] - _width(cell)) + cell for i, cell in enumerate(row) if i]
        print("  ".join(cells), file=stdout)
        if j == 0:
            print("  ".join("-" * w for w in widths), file=stdout)


def _fmt(value: str | None) -> str:
    return "—" if value is None else _group(value)


def _group(value: str) -> str:
    whole, _, frac = value.partition(".")
    return f"{int(whole):,}.{frac or '00'}"


def run_calc(args: argparse.Namespace, load_data: DataLoader, stdout: TextIO, stderr: TextIO) -> int:
    """Premiums for one city and base."""
    try:
        data = _loaded(load_data)
        bill = calculate_premiums(data, args.city, args.base, args.on, medical_base=args.medical_base,
                                  medical_grade=args.medical_grade)
        result = bill.to_json()
    except CalculatorError as err:
        return _print_error(err, args.json, stderr)
    if args.json:
        _print_json(result, stdout)
        return EXIT_OK
    m, a = result["monthly"], result["annual"]
    p = result["period"]
    print(f"{result['city']['name']['zh']} {result['city']['name']['en']} — "
          f"{p['valid_from']} – {p['valid_until'] or '…'}; base 基数 {_group(result['base'])}", file=stdout)
    rows: list[tuple[str, ...]] = [("Item 项目", "Monthly 月", "Annual 年")]

    def name(key: str) -> str:
        return f"{insurance_name(bill.messages, key, 'en')} {insurance_name(bill.messages, key, 'zh')}"

    rows.append((name("pension"), _fmt(m["pension"]), _fmt(a["pension"])))
    rows.append(("  personal account 个人账户", _fmt(m["pension_personal_account"]), _fmt(a["pension_personal_account"])))
    rows.append(("  pooled fund 统筹", _fmt(m["pension_pooled"]), _fmt(a["pension_pooled"])))
    statuses: list[str] = []
    for line in result["insurances"][1:]:
        if line["status"] == "computed":
            rows.append((name(line["insurance"]), _fmt(m[line["insurance"]]), _fmt(a[line["insurance"]])))
        else:
            status = say(bill.messages, f"bill-status-{line['status']}")
            rows.append((name(line["insurance"]), "—", "—"))
            statuses.append(f"{name(line['insurance'])}: {status['en']} / {status['zh']}")
    total = say(bill.messages, "bill-total" if result["complete"] else "bill-total-incomplete",
                missing=result["missing"])
    rows.append((f"{total['en']} {total['zh']}", _fmt(m["total"]), _fmt(a["total"])))
    _table(rows, stdout)
    for status_line in statuses:
        print(status_line, file=stdout)
    for line in result["formula"]:
        print(f"  {line['en']}", file=stdout)
    for note in result["notes"]:
        print(f"* {note['en']}", file=stdout)
    print("Sources 来源:", file=stdout)
    for s in result["sources"]:
        doc = f" {s['document_number']}" if s.get("document_number") else ""
        print(f"  - {s['id']}{doc} {s.get('url') or ''} ({s.get('confidence') or '?'}; checked {s.get('checked_on') or '?'})", file=stdout)
    return EXIT_OK


def _loaded(load_data: DataLoader) -> dict[str, Any]:
    """The exported data (city figures, national rules, wording); a loading problem is a DataError."""
    try:
        return load_data()
    except CalculatorError:
        raise
    except Exception as exc:
        raise DataError(
            f"无法加载数据：{exc}",
            f"Could not load the data: {exc}",
            code="data_unavailable",
        ) from None


def run_retire(args: argparse.Namespace, load_data: DataLoader, stdout: TextIO, stderr: TextIO) -> int:
    """Statutory retirement month and minimum contribution years."""
    try:
        result = retirement(args.birth, args.sex, args.original_age, paid_months=args.paid_months,
                            rules=_loaded(load_data)).to_json()
    except CalculatorError as err:
        return _print_error(err, args.json, stderr)
    if args.json:
        _print_json(result, stdout)
        return EXIT_OK
    o, r, e = result["original_age_text"], result["retirement_age_text"], result["early_retirement"]
    print(f"Original age 原退休年龄: {o['en']} / {o['zh']} ({result['original_retirement_month']})", file=stdout)
    print(f"Delay 延迟: {result['delay_months']} months 个月", file=stdout)
    print(f"Retirement 法定退休: {r['en']} / {r['zh']}, {result['retirement_month']}", file=stdout)
    print(f"Minimum contribution 最低缴费年限: {result['minimum_contribution_years']} years 年", file=stdout)
    if result["months_still_needed"] is not None:
        print(f"Months still needed 还需缴费月数: {result['months_still_needed']}", file=stdout)
    print(f"Earliest flexible early retirement 最早弹性提前退休: {e['earliest_month']} "
          f"({e['earliest_age_text']['en']} / {e['earliest_age_text']['zh']})", file=stdout)
    for note in result["notes"]:
        print(f"* {note['en']}", file=stdout)
    return EXIT_OK


def run_pension(args: argparse.Namespace, load_data: DataLoader, stdout: TextIO, stderr: TextIO) -> int:
    """Monthly pension estimate."""
    try:
        projection = None
        if args.future_months is not None or args.future_base is not None:
            if args.future_months is None or args.future_base is None:
                raise InvalidInputError(
                    "预测账户余额需要同时提供 --future-base 和 --future-months。",
                    "Projecting the account needs both --future-base and --future-months.",
                    code="incomplete_projection",
                )
            projection = {
                "monthly_base": args.future_base,
                "months": args.future_months,
                "start_balance": args.account_balance or "0",
            }
            if args.wage_growth is not None or args.interest is not None:
                projection["wage_growth"] = args.wage_growth
                projection["crediting_rate"] = args.interest
        result = pension_estimate(
            calc_base=args.calc_base,
            index=args.index,
            contribution_months=args.contribution_months,
            birth=args.birth,
            sex=args.sex,
            original_age=args.original_age,
            retirement_age=args.retirement_age,
            account_balance=None if projection else args.account_balance,
            projection=projection,
            rules=_loaded(load_data),
        ).to_json()
    except CalculatorError as err:
        return _print_error(err, args.json, stderr)
    if args.json:
        _print_json(result, stdout)
        return EXIT_OK
    age = result["retirement_age_text"]
    print(f"Retirement age 退休年龄: {age['en']} / {age['zh']} {result['retirement_month'] or ''}", file=stdout)
    rows = [("Item 项目", "Monthly 月"),
            ("Basic pension 基础养老金", _fmt(result["basic_pension"])),
            ("Account pension 个人账户养老金", _fmt(result["account_pension"])),
            ("Total 合计", _fmt(result["total"]))]
    _table(rows, stdout)
    print(f"Payout months 计发月数: {result['payout_months']}", file=stdout)
    for line in result["formula"]:
        print(f"  {line['en']}", file=stdout)
    for note in result["notes"]:
        print(f"* {note['en']}", file=stdout)
    return EXIT_OK


def run_levels(args: argparse.Namespace, load_data: DataLoader, stdout: TextIO, stderr: TextIO) -> int:
    """Every base the city allows: the whole bill, the pension at retirement and the payback time."""
    try:
        data = _loaded(load_data)
        result = levels(data, args.city, args.birth, args.sex, args.original_age, rules=data, on=args.on,
                        paid_months=args.paid_months, calc_base=args.calc_base, wage_growth=args.wage_growth,
                        crediting_rate=args.interest, pension_growth=args.pension_growth).to_json()
    except CalculatorError as err:
        return _print_error(err, args.json, stderr)
    if args.json:
        _print_json(result, stdout)
        return EXIT_OK
    p, age = result["period"], result["retirement_age_text"]
    print(f"{result['city']['name']['zh']} {result['city']['name']['en']} — "
          f"{p['valid_from']} – {p['valid_until'] or '…'}; retirement 退休 {result['retirement_month']} "
          f"({age['en']} / {age['zh']}), {result['contribution_months']} months paid by then 累计缴费月数", file=stdout)
    rows: list[tuple[str, ...]] = [("Base 基数", "× avg 社平", "Bill/month 月缴费", "Pension 养老金", "Payback 回本(年)")]
    for level in result["levels"]:
        rows.append((_group(level["base"]), level["share_of_average"] or "—", _fmt(level["monthly"]["total"]),
                     _fmt(level["pension_at_retirement"]), level["payback_years"] or "—"))
    _table(rows, stdout)
    for item in result["assumptions"]:
        print(f"- {item['en']}", file=stdout)
    for note in result["notes"]:
        print(f"* {note['en']}", file=stdout)
    reason = result["levels"][0]["reason"]
    if reason:
        print(f"* {reason['en']}", file=stdout)
    return EXIT_OK


def run_gap(args: argparse.Namespace, load_data: DataLoader, stdout: TextIO, stderr: TextIO) -> int:
    """What a break costs: months kept and still needed, back-payment, the medical waiting period."""
    try:
        data = _loaded(load_data)
        result = gap(data, args.city, args.birth, args.sex, args.original_age, rules=data,
                     paid_months=args.paid_months, stop=args.stop, resume=args.resume).to_json()
    except CalculatorError as err:
        return _print_error(err, args.json, stderr)
    if args.json:
        _print_json(result, stdout)
        return EXIT_OK
    print(f"{result['city']['name']['zh']} {result['city']['name']['en']} — retirement 退休 "
          f"{result['retirement_month']}; minimum 最低缴费年限 {result['minimum_contribution_years']} years 年", file=stdout)
    for note in result["notes"]:
        print(f"* {note['en']}", file=stdout)
    back = result["back_payment"]
    allowed = {True: "yes 可以", False: "no 不可以", None: "not in the guide yet 本指南暂未收录"}[back["allowed"]]
    print(f"Back-payment 补缴: {allowed}. {back['note']['en']}", file=stdout)
    waiting = result["medical_waiting_months"]
    print(f"Medical waiting 医保等待期: {'—' if waiting is None else waiting} "
          f"— {result['medical_waiting']['explanation']['en']}", file=stdout)
    if result["medical_waiting"]["caution"]:
        print(f"  {result['medical_waiting']['caution']['en']}", file=stdout)
    print(f"* {result['resident_alternative']['en']}", file=stdout)
    for office in result["offices"].values():
        if office:
            print(f"  {office['name']['en']} {office['url']}", file=stdout)
    return EXIT_OK


def _guard(run: Callable[[], int], stderr: TextIO) -> int:
    """Last line of defence: an engine bug prints one line, not a traceback."""
    try:
        return run()
    except BrokenPipeError:
        raise
    except (ArithmeticError, OverflowError) as exc:  # an input past what Decimal or date can hold
        print("错误：输入的数字或日期超出了计算器能处理的范围。", file=stderr)
        print(f"Error: a number or date is outside the range the calculator can work with ({type(exc).__name__}).",
              file=stderr)
        return EXIT_ERROR
    except Exception as exc:  # pragma: no cover - only on engine bugs
        print(f"内部错误 / Internal error: {type(exc).__name__}: {exc}", file=stderr)
        return EXIT_ERROR


def add_commands(subparsers: Any, load_data: DataLoader, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
    """Register ``calc``, ``retire``, ``pension``, ``levels`` and ``gap`` on an argparse subparsers object.

    Each subcommand sets ``func``: call ``sys.exit(args.func(args))``.
    ``load_data`` must return the plain data dict: ``calc`` reads the city figures, ``retire`` and
    ``pension`` the national rules and their wording.
    """

    def out() -> TextIO:
        return stdout or sys.stdout

    def err() -> TextIO:
        return stderr or sys.stderr

    calc = subparsers.add_parser("calc", help="monthly and annual premiums / 计算社保缴费",
                                 description="Premiums for flexible employees in one city.")
    calc.add_argument("--city", required=True, help="city id, e.g. shanghai")
    calc.add_argument("--base", required=True, help="amount, min, max or N%% of the average wage")
    calc.add_argument("--on", default=None, help="date whose figures apply: YYYY-MM or YYYY-MM-DD (default today)")
    calc.add_argument("--medical-base", default=None,
                      help="your own medical base or declared income, where the city's medical rule has one")
    calc.add_argument("--medical-grade", default=None,
                      help="medical grade id (e.g. grade-2), where the city's medical rule is a list of grades")
    calc.add_argument("--json", action="store_true", help="print the result as JSON")
    calc.set_defaults(func=lambda a: _guard(lambda: run_calc(a, load_data, out(), err()), err()))

    retire = subparsers.add_parser("retire", help="statutory retirement age under the 2025 reform / 退休年龄",
                                   description="Retirement month, delay and minimum contribution years.")
    retire.add_argument("--birth", required=True, help="birth month YYYY-MM")
    retire.add_argument("--sex", required=True, help="male or female")
    retire.add_argument("--original-age", default=None,
                        help="women only, required: 50 (women workers) or 55 (women cadres and staff); no national "
                             "rule says which applies to a female flexible employee, so ask the local agency")
    retire.add_argument("--paid-months", default=None, help="months of contributions already paid")
    retire.add_argument("--json", action="store_true", help="print the result as JSON")
    retire.set_defaults(func=lambda a: _guard(lambda: run_retire(a, load_data, out(), err()), err()))

    pension = subparsers.add_parser("pension", help="monthly pension estimate / 养老金估算",
                                    description="Estimate: basic pension + personal-account pension (no transitional pension).")
    pension.add_argument("--birth", default=None, help="birth month YYYY-MM")
    pension.add_argument("--sex", default=None, help="male or female")
    pension.add_argument("--original-age", default=None, help="women only: 50 or 55")
    pension.add_argument("--retirement-age", default=None, help="override: e.g. 60 or 60:2 (years:months)")
    pension.add_argument("--contribution-months", required=True, help="total contribution months at retirement")
    pension.add_argument("--index", required=True, help="average indexed contribution ratio, e.g. 0.8")
    pension.add_argument("--calc-base", required=True, help="pension calculation base (计发基数), yuan/month")
    pension.add_argument("--account-balance", default=None,
                         help="personal-account balance at retirement (or today's, with --future-*)")
    pension.add_argument("--future-base", default=None, help="project the account: monthly base from now on (today's money)")
    pension.add_argument("--future-months", default=None, help="project the account: months still to pay")
    pension.add_argument("--wage-growth", default=None, help="assumption: yearly wage growth, e.g. 0.03")
    pension.add_argument("--interest", default=None, help="assumption: yearly crediting rate, e.g. 0.03")
    pension.add_argument("--json", action="store_true", help="print the result as JSON")
    pension.set_defaults(func=lambda a: _guard(lambda: run_pension(a, load_data, out(), err()), err()))
    add_decision_commands(subparsers, load_data, out, err)


def _add_person(parser: argparse.ArgumentParser, *, paid_required: bool) -> None:
    parser.add_argument("--city", required=True, help="city id, e.g. shanghai")
    parser.add_argument("--birth", required=True, help="birth month YYYY-MM")
    parser.add_argument("--sex", required=True, help="male or female")
    parser.add_argument("--original-age", default=None, help="women only, required: 50 or 55 (see guide retire)")
    parser.add_argument("--paid-months", required=paid_required, default=None,
                        help="months of contributions paid so far" + (" (by the month you stop)" if paid_required else ""))


def add_decision_commands(subparsers: Any, load_data: DataLoader, out: Callable[[], TextIO],
                          err: Callable[[], TextIO]) -> None:
    """``levels`` (the base explorer) and ``gap`` (the break simulator)."""
    lv = subparsers.add_parser("levels", help="every allowed base: bill, pension, payback / 缴费基数对比",
                               description="One row per base the city allows: the whole monthly bill, the estimated "
                                           "pension at the statutory retirement month and the payback time.")
    _add_person(lv, paid_required=False)
    lv.add_argument("--on", default=None, help="date whose figures apply: YYYY-MM or YYYY-MM-DD (default today); "
                                               "months are counted from it to retirement")
    lv.add_argument("--calc-base", default=None, help="assumption: pension calculation base (default: the average wage)")
    lv.add_argument("--wage-growth", default=None, help="assumption: yearly wage growth, e.g. 0.03 (with --interest)")
    lv.add_argument("--interest", default=None, help="assumption: yearly crediting rate, e.g. 0.03 (with --wage-growth)")
    lv.add_argument("--pension-growth", default=None, help="assumption: yearly real rise of the pension (default 0)")
    lv.add_argument("--json", action="store_true", help="print the result as JSON")
    lv.set_defaults(func=lambda a: _guard(lambda: run_levels(a, load_data, out(), err()), err()))

    gp = subparsers.add_parser("gap", help="what a break in payment costs / 断缴模拟",
                               description="Stop paying (and optionally resume): months kept and still needed, "
                                           "back-payment, the medical waiting period, with sources.")
    _add_person(gp, paid_required=True)
    gp.add_argument("--stop", required=True, help="first month you do not pay, YYYY-MM")
    gp.add_argument("--resume", default=None, help="first month you pay again, YYYY-MM (optional)")
    gp.add_argument("--json", action="store_true", help="print the result as JSON")
    gp.set_defaults(func=lambda a: _guard(lambda: run_gap(a, load_data, out(), err()), err()))


def _file_loader(path: str | None) -> DataLoader:
    def load() -> dict[str, Any]:
        if not path:
            raise InvalidInputError(
                "需要 --data 指定数据文件（JSON）。",
                "--data PATH (a JSON data file) is required for this command.",
                code="no_data",
            )
        try:
            with open(path, encoding="utf-8") as fh:
                loaded: dict[str, Any] = json.load(fh)
                return loaded
        except OSError as exc:
            raise InvalidInputError(
                f"无法读取数据文件 {path}：{exc.strerror}。",
                f"Cannot read data file {path}: {exc.strerror}.",
                code="data_file_unreadable",
                details={"path": path},
            ) from None
        except ValueError as exc:
            raise InvalidInputError(
                f"数据文件 {path} 不是有效的 JSON：{exc}。",
                f"Data file {path} is not valid JSON: {exc}.",
                code="data_file_invalid",
                details={"path": path},
            ) from None

    return load


def main(argv: list[str] | None = None) -> int:
    """Standalone entry: ``python -m shebao_calculator --data data.json calc ...``."""
    parser = argparse.ArgumentParser(prog="shebao_calculator", description="Flexible-employee social insurance calculator.")
    parser.add_argument("--data", default=None, help="plain data JSON file (the export of content/)")
    sub = parser.add_subparsers(dest="command", required=True)
    holder: dict[str, str | None] = {}
    add_commands(sub, lambda: _file_loader(holder.get("path"))())
    args = parser.parse_args(argv)
    holder["path"] = args.data
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
