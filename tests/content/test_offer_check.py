"""content/offer-check.yaml: every error class with its exact `path:line:col` message, hostile files, and
the answer (the pure function every view of the offer check reads) over all work kinds and cities."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from macros.content import ContentError, load_content
from macros.content.export import calculator_data
from macros.content.offer_answer import UnknownChoice, offer_answer
from macros.content.offer_check import OBLIGATIONS
from shebao_calculator import load_data, reference_table

PROJECT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 1, 1)


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root, today=TODAY, display_base=root.parent)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---- invalid content: each error with its location -------------------------------------------------


def test_fixture_offer_check_loads(fixture_content: Path) -> None:
    content = load_content(fixture_content, today=TODAY)
    assert [k.id for k in content.offer_check.kinds] == ["employee", "ride-hailing"]


def test_unknown_legal_reference(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml", "obligation: platform, legal: [law-art-10]",
         "obligation: platform, legal: [law-art-99]")
    assert problems(fixture_content) == [
        "content/offer-check.yaml:20:64: kinds.1.insurances.0.legal.0: unknown legal article 'law-art-99': no such "
        "id in legal.yaml (known: law-art-10)"]


def test_an_answer_needs_a_source(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml", "obligation: employer_and_you, legal: [law-art-10]",
         "obligation: employer_and_you, legal: []")
    [line] = problems(fixture_content)
    assert line.startswith("content/offer-check.yaml:14:67: kinds.0.insurances.0.legal: a rule needs a source: ")


def test_unknown_obligation(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml", "obligation: employer_and_you,", "obligation: employer-and-you,")
    [line] = problems(fixture_content)
    assert line.startswith("content/offer-check.yaml:14:42: kinds.0.insurances.0.obligation: Input should be "
                           "'employer_and_you', 'employer', ")


def test_every_obligation_is_worded(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml", "  not_provided: {zh: 没有规定。, en: Not provided.}\n", "")
    assert problems(fixture_content) == [
        "content/offer-check.yaml:3:3: obligations: word every obligation: not_provided missing"]


def test_duplicate_work_kind(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml", "  - id: ride-hailing\n", "  - id: employee\n")
    assert problems(fixture_content) == [
        "content/offer-check.yaml:15:9: kinds.1.id: duplicate work kind id 'employee' (first used on line 10)"]


def test_one_answer_per_insurance(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml",
         "      - {insurance: pension, obligation: you_may_join, legal: [law-art-10]}\n",
         "      - {insurance: work-injury, obligation: you_may_join, legal: [law-art-10]}\n")
    assert problems(fixture_content) == [
        "content/offer-check.yaml:20:7: kinds.1.insurances: work-injury is listed twice: give one answer per "
        "insurance"]


def test_unknown_platform_kind(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml", "platform: ride_hailing", "platform: taxi")
    assert problems(fixture_content) == [
        "content/offer-check.yaml:18:15: kinds.1.platform: Input should be 'ride_hailing', 'instant_delivery', "
        "'intra_city_freight' or 'other'"]


def test_name_with_markup_is_refused(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml", "name: {zh: 员工, en: Employee}",
         "name: {zh: 员工, en: <img src=x onerror=alert(1)>}")
    [line] = problems(fixture_content)
    assert line.startswith("content/offer-check.yaml:11:11: kinds.0.name: 'en' contains '<' '>': names and titles "
                           "are plain text")


def test_missing_translation(fixture_content: Path) -> None:
    edit(fixture_content / "offer-check.yaml", "waiver:\n  - {zh: 约定无效。, en: The agreement is void.,",
         "waiver:\n  - {zh: 约定无效。,")
    [line] = problems(fixture_content)
    assert line.startswith("content/offer-check.yaml:24:5: waiver.0: missing translation: add the 'en' text")


def test_file_is_required(fixture_content: Path) -> None:
    (fixture_content / "offer-check.yaml").unlink()
    assert problems(fixture_content) == ["content/offer-check.yaml:1:1: (file): file is missing"]


def test_hostile_offer_check_file(fixture_content: Path) -> None:
    """A link, a FIFO or a template-looking value: located problems, nothing read or run."""
    target = fixture_content / "offer-check.yaml"
    target.unlink()
    target.symlink_to("/dev/zero")
    [line] = problems(fixture_content)
    assert line.startswith("content/offer-check.yaml:1:1: (file): is a symbolic link")
    target.unlink()
    os.mkfifo(target)
    [line] = problems(fixture_content)
    assert line.startswith("content/offer-check.yaml:1:1: (file): is not a regular file (it is a named pipe (FIFO))")


def test_template_code_stays_text(fixture_content: Path) -> None:
    """Text fields may hold anything; they are data, never template source (rendered escaped later)."""
    edit(fixture_content / "offer-check.yaml", "intro: {zh: 测试用的工作检查。, en: The offer check for tests.}",
         "intro: {zh: '{{ 7*7 }}{% raw %}', en: '<script>alert(1)</script>'}")
    content = load_content(fixture_content, today=TODAY)
    assert content.offer_check.intro.zh == "{{ 7*7 }}{% raw %}"


# ---- the answer over the real content ------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> tuple[object, object]:
    content = load_content(PROJECT / "content", today=dt.date(2026, 11, 29))
    return content, load_data(calculator_data(content))


ON = dt.date(2026, 11, 29)


def test_every_kind_and_city_gets_a_sourced_answer(real: tuple[object, object]) -> None:
    content, figures = real
    legal = {a.id for a in content.legal.articles}  # type: ignore[attr-defined]
    for kind in content.offer_check.kinds:  # type: ignore[attr-defined]
        for city in content.cities:  # type: ignore[attr-defined]
            answer = offer_answer(content, figures, city.id, kind.id, ON)  # type: ignore[arg-type]
            assert answer["work"] == kind.id and answer["city"] == city.id
            assert [line["insurance"] for line in answer["insurances"]] == [e.insurance for e in kind.insurances]
            assert all(line["obligation"] in OBLIGATIONS and line["sources"] for line in answer["insurances"])
            assert answer["sources"] and set(answer["sources"]) <= legal
            if answer["injury_protection"]:
                assert answer["injury_protection"]["city_sources"] or answer["injury_protection"]["sources"]
                assert set(answer["injury_protection"]["city_sources"]) <= {s.id for s in city.sources}


def test_employee_must_be_insured_and_waiver_is_void(real: tuple[object, object]) -> None:
    content, figures = real
    answer = offer_answer(content, figures, "shanghai", "employee", ON)  # type: ignore[arg-type]
    lines = {line["insurance"]: line["obligation"] for line in answer["insurances"]}
    assert lines == {"pension": "employer_and_you", "medical": "employer_and_you", "unemployment": "employer_and_you",
                     "work-injury": "employer"}
    assert answer["waiver"] is True and "fashi-2025-12-art-19" in answer["sources"]
    assert answer["flexible_bill"] is None and answer["injury_protection"] is None


def test_platform_injury_protection_per_city(real: tuple[object, object]) -> None:
    content, figures = real

    def injury(city: str, work: str, on: dt.date = ON) -> dict[str, object]:
        return offer_answer(content, figures, city, work, on)["injury_protection"]  # type: ignore[arg-type]

    assert injury("tianjin", "instant-delivery") == {
        "status": "covered", "platform": "instant_delivery", "since": "2025-07-01", "sources": [],
        "city_sources": ["tj-injury-2025", "mohrss-2025-24"]}
    assert injury("tianjin", "ride-hailing", dt.date(2025, 6, 30))["status"] == "starts_later"
    assert injury("shanghai", "intra-city-freight")["since"] == "2022-07-01"
    assert injury("xian", "ride-hailing")["status"] == "covered_since_unknown"  # no start date found for Shaanxi
    assert injury("beijing", "other-platform")["status"] == "not_a_listed_platform"
    assert offer_answer(content, figures, "beijing", "freelance", ON)["injury_protection"] is None  # type: ignore


def test_flexible_bill_is_the_engines(real: tuple[object, object]) -> None:
    content, figures = real
    for city in ("shanghai", "xian", "beijing"):
        table = reference_table(figures, city, content.city(city).shown_on(ON)).to_json()  # type: ignore
        bill = offer_answer(content, figures, city, "ride-hailing", ON)["flexible_bill"]  # type: ignore[arg-type]
        rows = {row["level"]: row for row in table["rows"]}
        assert bill["lowest"]["monthly"] == rows["min"]["monthly"]["total"]
        assert bill["highest"]["monthly"] == rows["max"]["monthly"]["total"]
        assert (bill["complete"], bill["missing"]) == (table["complete"], table["missing"])
    answer = offer_answer(content, figures, "shanghai", "freelance", ON)  # type: ignore[arg-type]
    [unemployment] = [line for line in answer["insurances"] if line["insurance"] == "unemployment"]
    assert unemployment["city_status"] == "not_available"  # Shanghai: flexible employees cannot join


def test_unknown_choices_say_what_is_allowed(real: tuple[object, object]) -> None:
    content, figures = real
    with pytest.raises(UnknownChoice, match="unknown work kind 'astronaut': choose one of employee, part-time, "):
        offer_answer(content, figures, "shanghai", "astronaut", ON)  # type: ignore[arg-type]
    with pytest.raises(UnknownChoice, match="unknown city 'atlantis': choose one of beijing, "):
        offer_answer(content, figures, "atlantis", "employee", ON)  # type: ignore[arg-type]
