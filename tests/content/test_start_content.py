"""The guided start (content/start.yaml): its errors with exact `path:line:col` messages, and the pure
summary function (macros/content/summary.py) on the real content."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from macros.content import ContentError, load_content
from macros.content.export import calculator_data
from macros.content.summary import Answers, Summary, summarise
from shebao_calculator import load_data

PROJECT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)

START = """title: {zh: 四个问题, en: Four questions}
intro: {zh: 回答问题。, en: Answer the questions.}
city:
  question: {zh: 哪个城市？, en: Which city?}
questions:
  - id: hukou
    question: {zh: 户口在本市吗？, en: "Is your hukou here?"}
    answers:
      - {id: local-hukou, label: {zh: 在, en: "Yes"}, checklist: [local-hukou]}
      - {id: non-local-hukou, label: {zh: 不在, en: "No"}, checklist: [non-local-hukou], city_rules: [hukou]}
  - id: work
    question: {zh: 做什么工作？, en: "What work?"}
    answers:
      - {id: platform, label: {zh: 平台, en: Platform}, city_rules: [injury_protection]}
      - {id: other, label: {zh: 其他, en: Other}}
office_note: {zh: 拨打12333。, en: Call 12333.}
next_steps:
  - id: register
    text: {zh: 登记。, en: Register.}
    legal: [law-art-10]
  - id: hukou-rule
    when: [non-local-hukou]
    text: {zh: 看户籍要求。, en: Read the hukou rule.}
    legal: [law-art-10]
"""


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root, today=dt.date(2026, 1, 1), display_base=root.parent)
    return [str(p) for p in caught.value.problems]


def write_start(root: Path, old: str = "", new: str = "") -> None:
    assert old in START, f"test text changed: {old!r}"
    (root / "start.yaml").write_text(START.replace(old, new, 1), encoding="utf-8")


# ── content errors ──

def test_the_test_start_file_is_valid(fixture_content: Path) -> None:
    write_start(fixture_content)
    start = load_content(fixture_content, today=dt.date(2026, 1, 1)).start
    assert [q.id for q in start.questions] == ["hukou", "work"]


def test_unknown_checklist_option(fixture_content: Path) -> None:
    write_start(fixture_content, "checklist: [local-hukou]", "checklist: [local]")
    assert problems(fixture_content) == [
        "content/start.yaml:9:66: questions.0.answers.0.checklist.0: unknown checklist option 'local': no such id in "
        "checklist.yaml conditions[].options (known: local-hukou, non-local-hukou)"]


def test_an_answer_stands_for_one_option_of_a_checklist_question(fixture_content: Path) -> None:
    write_start(fixture_content, "checklist: [local-hukou]", "checklist: [local-hukou, non-local-hukou]")
    assert problems(fixture_content) == [
        "content/start.yaml:9:79: questions.0.answers.0.checklist.1: 'non-local-hukou' and 'local-hukou' answer the "
        "same checklist question 'hukou': an answer stands for at most one option of each"]


def test_two_questions_may_not_answer_one_checklist_question(fixture_content: Path) -> None:
    write_start(fixture_content, "label: {zh: 其他, en: Other}}", "label: {zh: 其他, en: Other}, checklist: [local-hukou]}")
    assert problems(fixture_content) == [
        "content/start.yaml:15:61: questions.1.answers.1.checklist.0: checklist question 'hukou' is already answered "
        "by question 'hukou': two questions could contradict each other"]


def test_duplicate_answer_id_across_questions(fixture_content: Path) -> None:
    write_start(fixture_content, "{id: other,", "{id: local-hukou,")
    assert problems(fixture_content) == [
        "content/start.yaml:15:14: questions.1.answers.1.id: duplicate answer id 'local-hukou' (first used on line 9)"]


def test_city_is_a_reserved_question_id(fixture_content: Path) -> None:
    write_start(fixture_content, "  - id: work\n", "  - id: city\n")
    assert problems(fixture_content) == [
        "content/start.yaml:11:9: questions.1.id: 'city' is the city question's name in share links: give this "
        "question another id"]


def test_one_question_decides_each_city_rule(fixture_content: Path) -> None:
    write_start(fixture_content, "city_rules: [injury_protection]", "city_rules: [hukou]")
    assert problems(fixture_content) == [
        "content/start.yaml:14:68: questions.1.answers.0.city_rules.0: city rule 'hukou' is already shown for answers "
        "of question 'hukou': one question decides each rule"]


def test_next_step_names_a_real_answer(fixture_content: Path) -> None:
    write_start(fixture_content, "when: [non-local-hukou]", "when: [non-local]")
    assert problems(fixture_content) == [
        "content/start.yaml:22:12: next_steps.1.when.0: unknown answer 'non-local': no such id in questions[].answers "
        "(known: local-hukou, non-local-hukou, other, platform)"]


def test_next_step_needs_a_real_legal_source(fixture_content: Path) -> None:
    write_start(fixture_content, "    legal: [law-art-10]\n  - id: hukou-rule", "    legal: [law-art-99]\n  - id: hukou-rule")
    assert problems(fixture_content) == [
        "content/start.yaml:20:13: next_steps.0.legal.0: unknown legal article 'law-art-99': no such id in legal.yaml "
        "(known: law-art-10)"]


def test_next_step_without_a_source(fixture_content: Path) -> None:
    write_start(fixture_content, "    legal: [law-art-10]\n  - id: hukou-rule", "  - id: hukou-rule")
    [line] = problems(fixture_content)
    assert line.startswith("content/start.yaml:18:5: next_steps.0.legal: a rule needs a source")


def test_unknown_city_rule(fixture_content: Path) -> None:
    write_start(fixture_content, "city_rules: [hukou]", "city_rules: [offices]")
    assert problems(fixture_content) == [
        "content/start.yaml:10:101: questions.0.answers.1.city_rules.0: Input should be 'hukou', 'breaks' or "
        "'injury_protection'"]


# ── the summary, on the real content ──

@pytest.fixture(scope="module")
def real() -> Any:
    return load_content(PROJECT / "content", today=TODAY)


@pytest.fixture(scope="module")
def figures(real: Any) -> Any:
    return load_data(calculator_data(real))


def every_full_answer(real: Any) -> list[dict[str, str]]:
    questions = real.start.questions
    return [dict(zip((q.id for q in questions), combo))
            for combo in itertools.product(*([a.id for a in q.answers] for q in questions))]


def checklist_applies(checklist: Any, item: Any, when: set[str]) -> bool:
    """The checklist page's own rule (checklist-store.js `applies`): for each checklist question the item
    names options of, the reader has not answered it or chose one of those options."""
    questions = {o.id: c.id for c in checklist.conditions for o in c.options}
    answered = {questions[o]: o for o in when}
    for question in {questions[o] for o in item.applies_to}:
        if question in answered and answered[question] not in item.applies_to:
            return False
    return True


def ids(summary: Summary) -> list[str]:
    return [d.item.id for d in summary.documents]


def test_shanghai_non_local_restarting_platform(real: Any, figures: Any) -> None:
    answers = Answers("shanghai", {"hukou": "non-local-hukou", "situation": "restarting", "work": "platform-worker"})
    summary = summarise(real, answers, TODAY, figures)
    assert summary.complete
    assert ids(summary) == ["id-card", "social-security-card", "residence-permit", "platform-work-proof", "bank-card",
                            "mobile-phone", "chosen-base"]
    assert [(d.item.id, d.condition.id) for d in summary.optional_documents] == [
        ("flexible-employment-registration", "subsidy"), ("difficulty-certificate", "subsidy")]
    assert summary.checklist_when == ("restarting-after-break", "non-local-hukou", "platform-worker")
    assert [s.step.id for s in summary.next_steps] == ["look-up-record", "read-hukou-rule", "register", "choose-base",
                                                       "pay-on-time", "platform-injury", "check-credited"]
    city = summary.city
    assert city is not None and city.city.id == "shanghai"
    assert [(r.name, r.rule is not None) for r in city.rules] == [("hukou", True), ("breaks", True),
                                                                  ("injury_protection", True)]
    assert city.payment is not None and (city.payment.deadline_day, city.payment.deadline_kind) == (24, "pay_by")
    assert city.offices is not None and city.offices.counter is not None
    # Every `when` is resolved once every question is answered.
    assert all(not d.when for d in summary.documents) and all(not s.when for s in summary.next_steps)


def test_cost_is_the_bill_at_floor_and_ceiling(real: Any, figures: Any) -> None:
    """Shanghai's medical premium is a rate of the pension base: the bill is base × (pension + medical rate),
    computed here from the content's own figures."""
    shanghai = real.city("shanghai")
    period = shanghai.shown(TODAY)
    assert period.medical.kind == "rate" and period.medical.base.kind == "pension"
    rate = period.pension.rate + period.medical.rate
    cost = summarise(real, Answers("shanghai"), TODAY, figures).city.cost  # type: ignore[union-attr]
    cents = Decimal("0.01")
    assert (cost.base_min, cost.base_max) == (period.base.min, period.base.max)
    assert cost.monthly_min == (period.base.min * rate).quantize(cents)
    assert cost.monthly_max == (period.base.max * rate).quantize(cents)
    assert cost.complete and cost.missing == ()
    assert {s["id"] for s in cost.sources} >= set(period.base.sources) | set(period.pension.sources)


def test_incomplete_bill_says_what_it_leaves_out(real: Any, figures: Any) -> None:
    for city in real.cities:
        cost = summarise(real, Answers(city.id), TODAY, figures).city.cost  # type: ignore[union-attr]
        period = city.shown(TODAY)
        # The bill always lists medical and unemployment insurance (work injury only where a period has a rule):
        # one without figures in the guide is left out of the totals, and named.
        missing = tuple(name for name in ("medical", "unemployment") if period.rule(name) is None)
        assert cost.missing == missing, city.id
        assert cost.complete == (not missing), city.id
        assert Decimal(0) < cost.monthly_min <= cost.monthly_max, city.id


def test_documents_follow_the_checklists_own_rule_for_every_answer(real: Any, figures: Any) -> None:
    checklist = real.checklist
    subsidy_only = {i.id for i in checklist.items if any(o.startswith(("applying-", "no-subsidy")) for o in i.applies_to)}
    assert subsidy_only == {"flexible-employment-registration", "difficulty-certificate"}
    combos = every_full_answer(real)
    assert len(combos) == 2 * 3 * 3
    for choices in combos:
        summary = summarise(real, Answers(None, choices), TODAY, figures)
        expected = [i.id for i in checklist.items if checklist_applies(checklist, i, set(summary.checklist_when))]
        assert ids(summary) == [i for i in expected if i not in subsidy_only], choices
        assert [d.item.id for d in summary.optional_documents] == [i for i in expected if i in subsidy_only]
        assert len(summary.checklist_when) == 3


def test_partial_summary_filtered_by_its_conditions_is_the_full_one(real: Any, figures: Any) -> None:
    """The page renders the city-only summary and filters it by `when` in the browser: for every set of
    answers that must give exactly the summary of those answers."""
    def holds(when: Any, choices: dict[str, str]) -> bool:
        return all(choices[question] in answers for question, answers in when)

    for city in ("shanghai", "chengdu"):
        partial = summarise(real, Answers(city), TODAY, figures)
        assert not partial.complete
        for choices in every_full_answer(real):
            full = summarise(real, Answers(city, choices), TODAY, figures)
            assert ids(full) == [d.item.id for d in partial.documents if holds(d.when, choices)]
            assert [s.step.id for s in full.next_steps] == [s.step.id for s in partial.next_steps
                                                            if holds(s.when, choices)]
            assert full.city is not None and partial.city is not None
            assert [r.name for r in full.city.rules] == [r.name for r in partial.city.rules if holds(r.when, choices)]


def test_a_city_without_rules_gets_none_for_each(real: Any, figures: Any) -> None:
    """Chengdu's file has no offices: the summary says so (None) instead of inventing one."""
    chengdu = real.city("chengdu")
    assert chengdu.local_rules.offices is None and chengdu.local_rules.hukou is None
    summary = summarise(real, Answers("chengdu", {"hukou": "non-local-hukou"}), TODAY, figures)
    assert summary.city is not None and summary.city.offices is None
    assert [(r.name, r.rule) for r in summary.city.rules if r.name == "hukou"] == [("hukou", None)]


def test_answers_from_a_share_link_ignore_what_they_do_not_know(real: Any) -> None:
    pairs = [("city", "shanghai"), ("hukou", "local-hukou"), ("work", "nonsense"), ("situation", "platform-worker"),
             ("x", "first-time"), ("city", "atlantis"), ("hukou", "non-local-hukou")]
    answers = Answers.parse(pairs, real.start, (c.id for c in real.cities))
    assert answers == Answers("shanghai", {"hukou": "non-local-hukou"})
    assert answers.fragment(real.start) == "city=shanghai&hukou=non-local-hukou"
    full = Answers("beijing", {"work": "other-flexible", "situation": "first-time", "hukou": "local-hukou"})
    link = full.fragment(real.start)
    assert link == "city=beijing&hukou=local-hukou&situation=first-time&work=other-flexible"
    assert Answers.parse((p.split("=") for p in link.split("&")), real.start, ["beijing"]) == full
