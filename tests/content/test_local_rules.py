"""A city's own rules (local_rules): the shape later features read, and each new error class with its
exact message and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from macros.content import ContentError, load_content

RULES = """local_rules:
  offices:
    counter:
      text: {zh: 到区社保中心办理。, en: Go to the district social insurance centre.}
      sources: [base-2025]
    phones:
      - number: "0571-12393"
        text: {zh: 医保咨询, en: medical insurance questions}
        sources: [base-2025]
  payment:
    frequencies: [monthly]
    deadline_day: 24
    deadline_kind: pay_by
    note: {zh: 每月24日前缴纳。, en: Pay before the 24th.}
    sources: [base-2025]
  breaks:
    back_payment:
      allowed: false
      note: {zh: 不能补缴。, en: No back-payment.}
      sources: [base-2025]
    medical_waiting_months: 6
    medical_waiting: {zh: 等6个月。, en: Wait 6 months.}
    medical_waiting_sources: [base-2025]
periods:
"""


def with_rules(root: Path, rules: str = RULES) -> Path:
    path = root / "cities" / "testcity.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nperiods:\n" in text
    path.write_text(text.replace("\nperiods:\n", "\n" + rules, 1), encoding="utf-8")
    return path


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root, today=dt.date(2026, 1, 1), display_base=root.parent)
    return [str(p) for p in caught.value.problems]


def test_rules_load_in_the_shape_features_read(fixture_content: Path) -> None:
    with_rules(fixture_content)
    [city] = load_content(fixture_content, today=dt.date(2026, 1, 1)).cities
    data = city.model_dump(mode="json")["local_rules"]
    assert data["breaks"]["back_payment"] == {"allowed": False, "note": {"zh": "不能补缴。", "en": "No back-payment."},
                                             "sources": ["base-2025"]}
    assert data["breaks"]["medical_waiting_months"] == 6
    assert (data["payment"]["frequencies"], data["payment"]["deadline_day"]) == (["monthly"], 24)
    assert data["offices"]["phones"][0]["number"] == "0571-12393"
    assert data["injury_protection"] is None and data["hukou"] is None


def test_a_city_without_rules_is_valid(fixture_content: Path) -> None:
    [city] = load_content(fixture_content, today=dt.date(2026, 1, 1)).cities
    assert city.local_rules.breaks is None


def test_back_payment_answer_needs_a_source(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("      allowed: false\n      note: {zh: 不能补缴。, en: No back-payment.}\n"
                                              "      sources: [base-2025]\n",
                                              "      allowed: true\n      note: {zh: 可以补缴。, en: Allowed.}\n"))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:34:7: local_rules.breaks.back_payment.sources: allowed is true but no source says "
        "so: add sources, or write allowed: null and say in the note that the rule is not in this guide yet"]


def test_unknown_back_payment_may_go_unsourced(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("      allowed: false\n", "      allowed: null\n")
               .replace("      sources: [base-2025]\n    medical", "    medical"))
    [city] = load_content(fixture_content, today=dt.date(2026, 1, 1)).cities
    assert city.local_rules.breaks is not None and city.local_rules.breaks.back_payment.allowed is None


def test_waiting_months_need_a_source(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("    medical_waiting_sources: [base-2025]\n", ""))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:33:5: local_rules.breaks.medical_waiting_sources: medical_waiting_months is 6 but no source says "
        "so: add medical_waiting_sources, or write medical_waiting_months: null and give the reason in "
        "medical_waiting"]


def test_waiting_months_must_be_written_even_when_unknown(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("    medical_waiting_months: 6\n", ""))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:33:5: local_rules.breaks.medical_waiting_months: required field is missing"]


def test_deadline_day_needs_its_kind(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("    deadline_kind: pay_by\n", ""))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:27:5: local_rules.payment.deadline_kind: empty: fill in this value "
        "(deadline_day and deadline_kind go together: give both (pay_by or withholding) or neither)"]


def test_deadline_day_is_a_day_of_the_month(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("deadline_day: 24", "deadline_day: 32"))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:28:19: local_rules.payment.deadline_day: Input should be less than or equal to 31"]


def test_phone_number_format(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace('"0571-12393"', '"0571 12393 ext"'))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:23:17: local_rules.offices.phones.0.number: '0571 12393 ext' is not a phone "
        "number: write the digits, with the area code and a hyphen where the source gives one (12333, 0571-12393)"]


def test_unknown_source_in_a_rule(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("    medical_waiting_sources: [base-2025]",
                                              "    medical_waiting_sources: [base-2052]"))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:39:31: local_rules.breaks.medical_waiting_sources.0: unknown source "
        "'base-2052': no such id in this city's sources list (known: base-2025, national-pension)"]


def test_stopping_rule_needs_a_source(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("    medical_waiting_sources: [base-2025]\n",
                                              "    medical_waiting_sources: [base-2025]\n"
                                              "    stopping: {zh: 先停保。, en: Stop first.}\n"))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:33:5: local_rules.breaks.stopping_sources: stopping gives a rule but no "
        "source says so: add stopping_sources, or leave stopping out"]


def test_a_grace_loads_for_the_break_simulator(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace(
        "    medical_waiting_sources: [base-2025]\n",
        "    medical_waiting_sources: [base-2025]\n    medical_grace_months: 3\n"
        "    medical_grace_needs_back_payment: true\n    medical_waiting_valid_from: 2025-09-10\n"))
    [city] = load_content(fixture_content, today=dt.date(2026, 1, 1)).cities
    breaks = city.model_dump(mode="json")["local_rules"]["breaks"]
    assert (breaks["medical_grace_months"], breaks["medical_grace_needs_back_payment"],
            breaks["medical_waiting_valid_from"]) == (3, True, "2025-09-10")


def test_a_grace_needs_a_source(fixture_content: Path) -> None:
    with_rules(fixture_content, RULES.replace("    medical_waiting_months: 6\n", "    medical_waiting_months: null\n")
               .replace("    medical_waiting_sources: [base-2025]\n", "    medical_grace_months: 3\n"))
    assert problems(fixture_content) == [
        "content/cities/testcity.yaml:39:27: local_rules.breaks.medical_grace_months: medical_grace_months is 3 but no "
        "source says so: add medical_waiting_sources, or leave medical_grace_months out"]
