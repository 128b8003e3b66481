from __future__ import annotations

import json

from shebao_calculator import browser


def call(request) -> dict:
    raw = request if isinstance(request, str) else json.dumps(request)
    return json.loads(browser.handle(raw))


def test_load_then_calculate(data) -> None:
    loaded = call({"action": "load_data", "data": data})
    assert loaded["ok"] and loaded["result"]["data_version"] == "test-fixture-1"
    assert [c["id"] for c in loaded["result"]["cities"]][:2] == ["alpha", "beta"]
    r = call({"action": "premiums", "params": {"city": "alpha", "base": "min", "date": "2026-03-01"}})
    assert r["ok"] and r["result"]["monthly"]["total"] == "1440.00"
    assert call({"action": "version"})["result"]["data_version"] == "test-fixture-1"


def test_data_inline(data) -> None:
    r = call({"action": "reference_table", "data": data, "params": {"city": "beta", "date": "2025-03-01"}})
    assert r["ok"] and len(r["result"]["rows"]) == 2


def test_errors_never_raise(data) -> None:
    call({"action": "load_data", "data": data})
    for request in ["", "[", "null", "[]", "42", {"action": 5}, {"action": "premiums", "params": []},
                    {"action": "premiums", "params": {"city": "alpha"}}, {"action": "load_data", "data": {"cities": 1}}]:
        r = call(request)
        assert r["ok"] is False
        assert r["error"]["code"]
        assert r["error"]["message"]["zh"] and r["error"]["message"]["en"]


def test_error_details_spread(data) -> None:
    call({"action": "load_data", "data": data})
    r = call({"action": "premiums", "params": {"city": "alpha", "base": "1", "date": "2026-03-01"}})
    e = r["error"]
    assert (e["code"], e["min"], e["max"], e["nearest"]) == ("base_out_of_range", "4800.00", "24000.00", "4800.00")


def test_internal_errors_are_wrapped(monkeypatch) -> None:
    def boom(request, params):
        raise ZeroDivisionError("bug")

    monkeypatch.setitem(browser.ACTIONS, "version", boom)
    r = call({"action": "version"})
    assert r["ok"] is False
    error = r["error"]
    assert (error["code"], error["type"], error["detail"]) == ("internal_error", "ZeroDivisionError", "bug")
    assert set(error) == {"code", "message", "type", "detail"}
    # A message in both languages, in the reader's words: never the bare code, never empty.
    assert set(error["message"]) == {"zh", "en"}
    for lang, text in error["message"].items():
        assert text.strip() and "internal_error" not in text and "ZeroDivisionError" not in text, (lang, text)


def test_retirement_and_pension_actions() -> None:
    from national_fixture import DATA

    call({"action": "load_data", "data": DATA})
    r = call({"action": "retirement", "params": {"birth": "1984-11", "sex": "female", "original_age": 50, "today": "2026-11-27"}})
    assert r["result"]["delay_months"] == 60
    r = call({"action": "pension", "params": {"retirement_age": {"years": 60, "months": 1}, "contribution_months": 180, "index": 1, "calc_base": 10000}})
    assert r["result"]["payout_months"] == "138.4"


def test_retirement_needs_national_rules(data) -> None:
    """A premiums-only data file loads, but retirement then says the national rules are missing."""
    assert call({"action": "load_data", "data": data})["ok"]
    r = call({"action": "retirement", "params": {"birth": "1970-01", "sex": "male"}})
    assert r["ok"] is False and r["error"]["code"] == "no_data"
    r = call({"action": "retirement", "data": data, "params": {"birth": "1970-01", "sex": "male"}})
    assert r["ok"] is False and r["error"]["code"] == "no_national_rules"
