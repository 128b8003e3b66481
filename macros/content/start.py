"""The guided start (content/start.yaml): a few questions whose answers pick the reader's documents,
city rules and next steps for a one-page summary.

The questions are content, not code: each answer names the checklist condition options it stands for
(so the summary's documents are the checklist's own items, filtered by the checklist's own rule), the
city rules (local_rules) the reader should see, and next steps name the answers they are for. The
city is always the first question; its answers are the guide's cities. Ids are permanent: share links
carry them (`/start/#city=…&<question id>=<answer id>`).

Cross-checks that need checklist.yaml and legal.yaml live in `check_start`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .base import PlainText, Slug, StrictModel, Text
from .checks import Loc, _references, _unique
from .guide import SourceRefs
from .yaml_source import Problem, YamlDocument

CityRule = Literal["hukou", "breaks", "injury_protection"]
"""A `local_rules` section an answer makes relevant (macros/content/local_rules.py)."""

CITY_QUESTION = "city"
"""The reserved id (and share-link name) of the city question."""


class CityQuestion(StrictModel):
    """The first question: which city. Its answers are the guide's cities."""

    question: PlainText
    hint: Text | None = None
    """Markdown allowed: e.g. what to do when the city is not in the list."""


class StartAnswer(StrictModel):
    """One answer to a question."""

    id: Slug
    """Permanent: share links carry it. Unique across all questions."""
    label: PlainText
    checklist: list[Slug] = []
    """The checklist condition options (checklist.yaml conditions[].options[].id) this answer stands for,
    at most one per checklist condition. An item restricted to a condition this question speaks for
    applies only when the answer names one of the item's options."""
    city_rules: list[CityRule] = []
    """The city's own rules the summary shows for this answer (e.g. hukou for a non-local hukou). Each rule
    is named by the answers of one question only."""


class StartQuestion(StrictModel):
    """A question after the city, e.g. 'Is your hukou in this city?'."""

    id: Slug
    """Permanent: the name of the answer in share links. Never 'city'."""
    question: PlainText
    answers: list[StartAnswer] = Field(min_length=2)


class NextStep(StrictModel):
    """One thing to do next, for everyone or for some answers."""

    id: Slug
    text: Text
    """Markdown allowed."""
    legal: SourceRefs = Field(default=[], validate_default=True)
    """Ids of legal.yaml entries the step rests on; required."""
    when: list[Slug] = []
    """Answer ids the step is for: answers of one question combine with "or", of different questions with
    "and" (like checklist items' applies_to). Empty: for everyone."""


class StartFile(StrictModel):
    """content/start.yaml."""

    title: PlainText
    intro: Text
    """Markdown allowed."""
    city: CityQuestion
    questions: list[StartQuestion] = Field(min_length=1)
    """Asked in this order, after the city."""
    office_note: Text
    """Shown under the office details for every city (e.g. whom to call when in doubt). Markdown allowed."""
    next_steps: list[NextStep] = Field(min_length=1)
    """In the order the reader does them."""

    def answer(self, answer_id: str) -> StartAnswer:
        return next(a for q in self.questions for a in q.answers if a.id == answer_id)

    def question_of(self, answer_id: str) -> StartQuestion:
        return next(q for q in self.questions if any(a.id == answer_id for a in q.answers))



def check_start(document: YamlDocument, start: StartFile, checklist: Any | None, legal: Any | None) -> list[Problem]:
    """Ids unique and not reserved, answers that name real checklist options without contradicting each
    other, next steps that name real answers and legal entries."""
    problems = _unique(document, start.questions, ("questions",), "question")
    answers = [(q, a, answer) for q, question in enumerate(start.questions) for a, answer in enumerate(question.answers)]
    problems += _unique_at(document, [(("questions", q, "answers", a, "id"), answer.id) for q, a, answer in answers],
                           "answer")
    problems += _unique(document, start.next_steps, ("next_steps",), "next step")
    for q, question in enumerate(start.questions):
        if question.id == CITY_QUESTION:
            problems.append(document.problem(("questions", q, "id"), f"'{CITY_QUESTION}' is the city question's "
                                             "name in share links: give this question another id"))

    if checklist is not None:
        condition_of = {option.id: condition.id for condition in checklist.conditions for option in condition.options}
        problems += _references(document, ((("questions", q, "answers", a, "checklist", j), option)
                                           for q, a, answer in answers for j, option in enumerate(answer.checklist)),
                                set(condition_of), "checklist option", "checklist.yaml conditions[].options")
        speaks_for: dict[str, int] = {}  # checklist condition → the question whose answers stand for it
        for q, a, answer in answers:
            named: dict[str, str] = {}
            for j, option in enumerate(answer.checklist):
                loc = ("questions", q, "answers", a, "checklist", j)
                condition = condition_of.get(option)
                if condition is None:
                    continue
                if condition in named:
                    problems.append(document.problem(loc, f"'{option}' and '{named[condition]}' answer the same "
                                                     f"checklist question '{condition}': an answer stands for at "
                                                     "most one option of each"))
                    continue
                named[condition] = option
                other = speaks_for.setdefault(condition, q)
                if other != q:
                    problems.append(document.problem(loc, f"checklist question '{condition}' is already answered by "
                                                     f"question '{start.questions[other].id}': two questions could "
                                                     "contradict each other"))

    rule_question: dict[str, int] = {}
    for q, a, answer in answers:
        for j, rule in enumerate(answer.city_rules):
            other = rule_question.setdefault(rule, q)
            if other != q:
                problems.append(document.problem(("questions", q, "answers", a, "city_rules", j),
                                                 f"city rule '{rule}' is already shown for answers of question "
                                                 f"'{start.questions[other].id}': one question decides each rule"))

    problems += _references(document, ((("next_steps", n, "when", j), ref) for n, step in enumerate(start.next_steps)
                                       for j, ref in enumerate(step.when)),
                            {answer.id for _, _, answer in answers}, "answer", "questions[].answers")
    if legal is not None:
        problems += _references(document, ((("next_steps", n, "legal", j), ref)
                                           for n, step in enumerate(start.next_steps) for j, ref in enumerate(step.legal)),
                                {article.id for article in legal.articles}, "legal article", "legal.yaml")
    return problems


def _unique_at(document: YamlDocument, entries: list[tuple[Loc, str]], what: str) -> list[Problem]:
    """Like checks._unique, for ids spread over several lists (answers of every question)."""
    problems = []
    seen: dict[str, Loc] = {}
    for loc, value in entries:
        if value in seen:
            line, _, _ = document.locate(seen[value])
            problems.append(document.problem(loc, f"duplicate {what} id '{value}' (first used on line {line})"))
        else:
            seen[value] = loc
    return problems
