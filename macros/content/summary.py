"""The guided start's personal summary: from content and the reader's answers to what the summary page
shows (documents, office, monthly cost, payment deadline, the city's rules that matter, next steps).

Pure: no I/O, no MkDocs, no clock (the day is an argument). Answers may be partial. What depends on a
question the reader has not answered yet comes back with its condition (`When`), so the page can be
rendered once per city at build time and filtered in the browser (by CSS without JavaScript, by the
script with it); with every question answered, every `when` is empty and the summary is final.

Documents follow the checklist's own rule (checklist.yaml `applies_to`): options of one checklist
question combine with "or", of different questions with "and". An item restricted by a checklist
question the guided path does not ask (the subsidy) is listed apart, as "only if …".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shebao_calculator import Dataset, load_data, reference_table

from .checklist import ChecklistGroup, ChecklistItem, Condition, ConditionOption
from .city import City
from .export import calculator_data
from .loader import Content
from .local_rules import Offices, Payment
from .start import CITY_QUESTION, CityRule, NextStep, StartFile

When = tuple[tuple[str, tuple[str, ...]], ...]
"""(question id, answer ids) pairs over questions not answered yet: the thing applies when, for each
question named, the reader picks one of its answers. Empty: it applies."""


@dataclass(frozen=True)
class Answers:
    """The reader's answers: the city and one answer id per question (unanswered: absent)."""

    city: str | None = None
    choices: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, pairs: Iterable[tuple[str, str]], start: StartFile, city_ids: Iterable[str]) -> Answers:
        """Answers from a share link's name=value pairs. Like every share link of the guide, unknown names
        and values that are not an answer of their question are ignored; a later value wins."""
        cities = set(city_ids)
        answers = {q.id: {a.id for a in q.answers} for q in start.questions}
        city: str | None = None
        choices: dict[str, str] = {}
        for name, value in pairs:
            if name == CITY_QUESTION and value in cities:
                city = value
            elif value in answers.get(name, ()):
                choices[name] = value
        return cls(city, choices)

    def fragment(self, start: StartFile) -> str:
        """The share link's fragment (without '#'), in question order: `city=…&hukou=…`."""
        parts = [f"{CITY_QUESTION}={self.city}"] if self.city else []
        parts += [f"{q.id}={self.choices[q.id]}" for q in start.questions if q.id in self.choices]
        return "&".join(parts)


@dataclass(frozen=True)
class Document:
    """A checklist item the reader brings (or may bring: see `when`)."""

    item: ChecklistItem
    group: ChecklistGroup
    when: When = ()


@dataclass(frozen=True)
class OptionalDocument:
    """An item that depends on a checklist question the guided path does not ask (e.g. the subsidy)."""

    item: ChecklistItem
    condition: Condition
    options: tuple[ConditionOption, ...]
    """The options of `condition` the item is for."""
    when: When = ()


@dataclass(frozen=True)
class Cost:
    """The whole monthly bill at the floor and the ceiling of the period shown as current (the
    calculator engine's reference table), with what it leaves out and its sources."""

    valid_from: dt.date
    valid_until: dt.date | None
    on: dt.date
    """The day whose figures these are (the build day, or the first day of the period shown)."""
    base_min: Decimal
    base_max: Decimal
    monthly_min: Decimal
    monthly_max: Decimal
    complete: bool
    """False when an insurance the reader can join is not in the guide yet: the totals leave it out."""
    missing: tuple[str, ...]
    """Ids of the insurances the totals leave out."""
    sources: tuple[Mapping[str, Any], ...]
    """The engine's sources of the figures: id, title, url, document_number, checked_on, confidence."""


@dataclass(frozen=True)
class ShownRule:
    """A section of the city's local_rules that matters for the reader's answers."""

    name: CityRule
    rule: Any
    """The local_rules section, or None where the city file leaves it out (the page says "not in this
    guide yet" and links the bureau)."""
    when: When = ()


@dataclass(frozen=True)
class CitySummary:
    """What the summary shows about the chosen city."""

    city: City
    offices: Offices | None
    payment: Payment | None
    cost: Cost
    rules: tuple[ShownRule, ...]


@dataclass(frozen=True)
class ShownStep:
    step: NextStep
    when: When = ()


@dataclass(frozen=True)
class Summary:
    answers: Answers
    complete: bool
    """Every question answered, the city too."""
    documents: tuple[Document, ...]
    optional_documents: tuple[OptionalDocument, ...]
    city: CitySummary | None
    next_steps: tuple[ShownStep, ...]
    checklist_when: tuple[str, ...]
    """The checklist options the answers stand for, for the checklist's share link (`#when=…`)."""


def _resolve(start: StartFile, answers: Answers, required: Mapping[str, set[str]]) -> When | None:
    """`required` (question → answers any of which will do) under the reader's answers: None when an
    answered question rules it out, else the condition left on the unanswered ones."""
    left: list[tuple[str, tuple[str, ...]]] = []
    for question in start.questions:
        if question.id not in required:
            continue
        allowed = required[question.id]
        chosen = answers.choices.get(question.id)
        if chosen is not None:
            if chosen not in allowed:
                return None
        elif not allowed:
            return None
        else:
            left.append((question.id, tuple(a.id for a in question.answers if a.id in allowed)))
    return tuple(left)


def documents(content: Content, answers: Answers) -> tuple[tuple[Document, ...], tuple[OptionalDocument, ...]]:
    """The checklist items for these answers, in checklist order, and those that depend on a checklist
    question the path does not ask."""
    start, checklist = content.start, content.checklist
    condition_of = {o.id: c for c in checklist.conditions for o in c.options}
    # checklist condition → the question that speaks for it → {checklist option: answers standing for it}
    speaker: dict[str, str] = {}
    standing: dict[str, set[str]] = {}
    for question in start.questions:
        for answer in question.answers:
            for option in answer.checklist:
                speaker[condition_of[option].id] = question.id
                standing.setdefault(option, set()).add(answer.id)
    groups = {g.id: g for g in checklist.groups}
    found: list[Document] = []
    optional: list[OptionalDocument] = []
    for item in checklist.items:
        by_condition: dict[str, list[str]] = {}
        for option in item.applies_to:
            by_condition.setdefault(condition_of[option].id, []).append(option)
        required: dict[str, set[str]] = {}
        unasked: list[str] = []
        for condition_id, options in by_condition.items():
            if condition_id in speaker:
                # Every answer of the speaking question either stands for one of the item's options or
                # rules the item out (an answer standing for no option of this condition rules it out too).
                required[speaker[condition_id]] = set().union(*(standing.get(o, set()) for o in options))
            else:
                unasked.append(condition_id)
        when = _resolve(start, answers, required)
        if when is None:
            continue
        if unasked:
            condition = next(c for c in checklist.conditions if c.id == unasked[0])
            for_options = tuple(o for o in condition.options if o.id in by_condition[condition.id])
            optional.append(OptionalDocument(item, condition, for_options, when))
        else:
            found.append(Document(item, groups[item.group], when))
    return tuple(found), tuple(optional)


def cost(figures: Dataset, city: City, on: dt.date) -> Cost:
    """The monthly bill at the lowest and highest base of the period shown as current on `on`."""
    day = city.shown_on(on)
    period = city.shown(on)
    table = reference_table(figures, city.id, day).to_json()
    rows = {row["level"]: row for row in table["rows"]}
    return Cost(valid_from=period.valid_from, valid_until=period.valid_until, on=day,
                base_min=Decimal(rows["min"]["base"]), base_max=Decimal(rows["max"]["base"]),
                monthly_min=Decimal(rows["min"]["monthly"]["total"]), monthly_max=Decimal(rows["max"]["monthly"]["total"]),
                complete=bool(table["complete"]), missing=tuple(table["missing"]), sources=tuple(table["sources"]))


def _rule_whens(start: StartFile, answers: Answers) -> dict[CityRule, When]:
    """Each city rule some answer makes relevant, with the condition left on it."""
    shown: dict[CityRule, When] = {}
    for question in start.questions:
        for name in dict.fromkeys(r for a in question.answers for r in a.city_rules):
            when = _resolve(start, answers, {question.id: {a.id for a in question.answers if name in a.city_rules}})
            if when is not None and name not in shown:
                shown[name] = when
    return shown


def summarise(content: Content, answers: Answers, on: dt.date, figures: Dataset | None = None) -> Summary:
    """The summary for `answers` on day `on`. `figures` is the engine's dataset of this content (built
    from it when not given; pass it when summarising many times)."""
    start = content.start
    found, optional = documents(content, answers)
    city_summary = None
    if answers.city is not None:
        city = content.city(answers.city)
        dataset = figures if figures is not None else load_data(calculator_data(content))
        rules = tuple(ShownRule(name, getattr(city.local_rules, name), when)
                      for name, when in _rule_whens(start, answers).items())
        city_summary = CitySummary(city, city.local_rules.offices, city.local_rules.payment, cost(dataset, city, on),
                                   rules)
    steps = []
    for step in start.next_steps:
        required: dict[str, set[str]] = {}
        for answer_id in step.when:
            required.setdefault(start.question_of(answer_id).id, set()).add(answer_id)
        when = _resolve(start, answers, required)
        if when is not None:
            steps.append(ShownStep(step, when))
    chosen = {option for q in start.questions if q.id in answers.choices
              for option in start.answer(answers.choices[q.id]).checklist}
    return Summary(
        answers=answers,
        complete=answers.city is not None and all(q.id in answers.choices for q in start.questions),
        documents=found,
        optional_documents=optional,
        city=city_summary,
        next_steps=tuple(steps),
        checklist_when=tuple(o.id for c in content.checklist.conditions for o in c.options if o.id in chosen),
    )


