"""Content that passes `guide validate` never fails inside the engine.

A property test (hypothesis) writes random insurance rules into a city file, runs the content validator
(load_content), and for every file it accepts checks that the export satisfies the generated JSON Schema
(content/_schema/calculator-data.schema.json) and that the engine's own data check (load_data) accepts
it and can compute the bill at every level. Where the engine refuses, the validator must have refused.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from macros.content import ContentError, load_content
from macros.content.export import calculator_data, calculator_data_schema
from shebao_calculator import CalculatorError, calculate_premiums, load_data

PROJECT = Path(__file__).resolve().parents[2]
FIXTURE = PROJECT / "tests" / "fixtures" / "content"
SCHEMA = json.loads((PROJECT / "content" / "_schema" / "calculator-data.schema.json").read_text(encoding="utf-8"))

# Mostly valid values (so many files pass the validator and reach the engine), some edge and bad ones.
_good_money = st.decimals(min_value=1, max_value=40000, places=2)
money = st.one_of(_good_money, _good_money, _good_money, st.sampled_from([Decimal(0), Decimal(-1), Decimal("1.005")]))
_good_rate = st.decimals(min_value=0, max_value=1, places=4)
rate = st.one_of(_good_rate, _good_rate, _good_rate, st.sampled_from([Decimal(1), Decimal("1.2"), Decimal("-0.1")]))
text = st.sampled_from([{"zh": "名称", "en": "name"}] * 6 + [{"zh": "名称"}, "plain"])
source = st.sampled_from([["base-2025"]] * 3 + [["base-2025", "national-pension"], ["nowhere"], []])


def _bounded(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"kind": st.just(kind), "min": money, "max": money})


base = st.one_of(
    st.just({"kind": "pension"}),
    _bounded("chosen"),
    _bounded("declared"),
    st.fixed_dictionaries({"kind": st.just("reference_wage"), "wage_name": text, "wage": money,
                           "per": st.sampled_from(["month", "year", "week"]), "share": rate,
                           "rounding": st.sampled_from(["cent", "yuan"])}),
    st.just({"kind": "income"}),
)
amount = st.one_of(st.fixed_dictionaries({"monthly": money}), st.fixed_dictionaries({"yearly": money}),
                   st.fixed_dictionaries({"monthly": money, "yearly": money}), st.just({}))
rule = st.one_of(
    st.fixed_dictionaries({"kind": st.just("rate"), "rate": rate, "base": base, "sources": source},
                          optional={"parts": st.lists(st.fixed_dictionaries({"name": text, "rate": rate}), max_size=2),
                                    "parts_billed_separately": st.booleans(),
                                    "fees": st.lists(st.fixed_dictionaries({"name": text, "monthly": money}), max_size=2)}),
    st.builds(lambda a, s: {"kind": "fixed", **a, "sources": s}, amount, source),
    st.builds(lambda grades, s: {"kind": "grades", "grades": grades, "sources": s},
              st.lists(st.builds(lambda i, a: {"id": i, "name": {"zh": "档", "en": "grade"}, **a},
                                 st.sampled_from(["grade-1", "grade-2", "grade-3", "Bad Id"]), amount), max_size=3), source),
    st.builds(lambda s: {"kind": "not_available", "sources": s}, source),
    st.just({"kind": "percent", "sources": ["base-2025"]}),
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("agreement") / "content"
    shutil.copytree(FIXTURE, root)
    shutil.copy(PROJECT / "content" / "ui.yaml", root / "ui.yaml")
    return root


def test_the_schema_file_is_generated_from_the_export_models() -> None:
    assert SCHEMA == {**calculator_data_schema(), "$schema": SCHEMA["$schema"], "$comment": SCHEMA["$comment"]}


def test_the_real_export_satisfies_the_schema_and_the_engine() -> None:
    data = calculator_data(load_content(PROJECT / "content"))
    jsonschema.validate(data, SCHEMA)
    assert len(load_data(data).cities) == len(data["cities"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(medical=rule, unemployment=st.one_of(st.none(), st.just({"kind": "not_available", "sources": ["base-2025"]}), rule))
def test_validator_and_engine_agree(tree: Path, medical: dict[str, Any], unemployment: dict[str, Any] | None) -> None:
    path = tree / "cities" / "testcity.yaml"
    original = path.read_text(encoding="utf-8")
    city = yaml.safe_load(original)
    period = city["periods"][-1]
    period["medical"] = _plain(medical)
    if unemployment is None:
        period.pop("unemployment", None)
    else:
        period["unemployment"] = _plain(unemployment)
    path.write_text(yaml.safe_dump(city, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        try:
            content = load_content(tree, today=dt.date(2026, 1, 1))
        except ContentError:
            event("refused by the content validator")
            return  # the validator refused: nothing may reach the engine
        event(f"accepted: {medical['kind']}")
        data = calculator_data(content)
        jsonschema.validate(data, SCHEMA)
        dataset = load_data(data)  # must not raise: content that validates never fails inside the engine
        for level in ("min", "max", "6000"):
            try:
                result = calculate_premiums(dataset, "testcity", level, "2025-08-01")
            except CalculatorError as err:  # only the reader's own choice may be refused
                assert err.code == "base_out_of_range", err
                continue
            assert result.monthly.total >= result.monthly.pension
    finally:
        path.write_text(original, encoding="utf-8")
