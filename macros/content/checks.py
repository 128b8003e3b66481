"""Rules that need more than one model: unique ids, references, period order, staleness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from .yaml_source import Problem, YamlDocument

OFFER_CHECK_FILE = "offer-check.yaml"

Loc = tuple[str | int, ...]


def _unique(document: YamlDocument, items: Iterable[Any], list_loc: Loc, what: str) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in seen:
            first_line, _, _ = document.locate((*list_loc, seen[item.id], "id"))
            problems.append(document.problem((*list_loc, index, "id"),
                                             f"duplicate {what} id '{item.id}' (first used on line {first_line})"))
        else:
            seen[item.id] = index
    return problems


def _references(document: YamlDocument, refs: Iterable[tuple[Loc, str]], known: set[str], what: str,
                where: str) -> list[Problem]:
    problems = []
    for loc, ref in refs:
        if ref not in known:
            hint = ", ".join(sorted(known)[:12]) + (" …" if len(known) > 12 else "")
            problems.append(document.problem(loc, f"unknown {what} '{ref}': no such id in {where} (known: {hint})"))
    return problems


def check_content(documents: dict[str, YamlDocument], models: dict[str, Any], today: dt.date) -> list[Problem]:
    """Cross-checks on whatever validated; a file that failed validation is skipped, not re-reported."""
    problems: list[Problem] = []
    checklist = models.get("checklist.yaml")
    legal = models.get("legal.yaml")
    item_ids = {i.id for i in checklist.items} if checklist else None
    article_ids = {a.id for a in legal.articles} if legal else None

    if legal:
        problems += _unique(documents["legal.yaml"], legal.articles, ("articles",), "legal article")

    if checklist:
        doc = documents["checklist.yaml"]
        problems += _unique(doc, checklist.groups, ("groups",), "group")
        problems += _unique(doc, checklist.items, ("items",), "item")
        problems += _unique(doc, checklist.conditions, ("conditions",), "condition")
        options = [(c, o) for c in checklist.conditions for o in c.options]
        problems += _unique(doc, [o for _, o in options], ("conditions",), "condition option")
        group_ids = {g.id for g in checklist.groups}
        option_ids = {o.id for _, o in options}
        problems += _references(doc, ((("items", i, "group"), item.group) for i, item in enumerate(checklist.items)),
                                group_ids, "group", "groups")
        problems += _references(doc, ((("items", i, "applies_to", j), ref)
                                      for i, item in enumerate(checklist.items)
                                      for j, ref in enumerate(item.applies_to)),
                                option_ids, "condition", "conditions[].options")

    steps = models.get("steps.yaml")
    if steps:
        doc = documents["steps.yaml"]
        problems += _unique(doc, steps.steps, ("steps",), "step")
        if item_ids is not None:
            problems += _references(doc, ((("steps", i, "documents", j), ref) for i, step in enumerate(steps.steps)
                                          for j, ref in enumerate(step.documents)),
                                    item_ids, "document", "checklist.yaml items")
        if article_ids is not None:
            problems += _references(doc, ((("steps", i, "legal", j), ref) for i, step in enumerate(steps.steps)
                                          for j, ref in enumerate(step.legal)),
                                    article_ids, "legal article", "legal.yaml")
            problems += _references(doc, ((("steps", i, "details", k, "legal", j), ref)
                                          for i, step in enumerate(steps.steps)
                                          for k, detail in enumerate(step.details)
                                          for j, ref in enumerate(detail.legal)),
                                    article_ids, "legal article", "legal.yaml")

    for key, list_name in (("precautions.yaml", "precautions"), ("insurance.yaml", "insurance")):
        model = models.get(key)
        if model is None:
            continue
        entries = getattr(model, list_name)
        problems += _unique(documents[key], entries, (list_name,), list_name.rstrip("s"))
        if article_ids is not None:
            problems += _references(documents[key], (((list_name, i, "legal", j), ref)
                                                     for i, entry in enumerate(entries)
                                                     for j, ref in enumerate(entry.legal)),
                                    article_ids, "legal article", "legal.yaml")

    topics = models.get("topics.yaml")
    if topics:
        doc = documents["topics.yaml"]
        problems += _unique(doc, topics.topics, ("topics",), "topic")
        for t, topic in enumerate(topics.topics):
            problems += _unique(doc, topic.sections, ("topics", t, "sections"), "section")
        if article_ids is not None:
            problems += _references(doc, ((("topics", t, "sections", s, "paragraphs", p, "legal", j), ref)
                                          for t, topic in enumerate(topics.topics)
                                          for s, section in enumerate(topic.sections)
                                          for p, paragraph in enumerate(section.paragraphs)
                                          for j, ref in enumerate(paragraph.legal)),
                                    article_ids, "legal article", "legal.yaml")

    offer = models.get(OFFER_CHECK_FILE)
    if offer:
        doc = documents[OFFER_CHECK_FILE]
        problems += _unique(doc, offer.kinds, ("kinds",), "work kind")
        if article_ids is not None:
            problems += _references(doc, offer.source_refs(), article_ids, "legal article", "legal.yaml")

    glossary = models.get("glossary.yaml")
    if glossary:
        problems += _unique(documents["glossary.yaml"], glossary.terms, ("terms",), "term")

    for key, city in models.items():
        if key.startswith("cities/"):
            problems += _check_city(documents[key], city, PurePath(key).stem, today)
    return problems


def _check_city(doc: YamlDocument, city: Any, stem: str, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    if city.id != stem:
        problems.append(doc.problem(("id",), f"city id '{city.id}' must equal the file name '{stem}'"))
    problems += _unique(doc, city.sources, ("sources",), "source")
    known = {s.id for s in city.sources}
    refs: list[tuple[Loc, str]] = []
    for p, period in enumerate(city.periods):
        for name in ("base", "pension", "medical", "unemployment", "work_injury"):
            group = getattr(period, name)
            if group is not None:
                refs += [(("periods", p, name, "sources", j), ref) for j, ref in enumerate(group.sources)]
        refs += [(("periods", p, "conflicts", c, "sources", j), ref)
                 for c, conflict in enumerate(period.conflicts) for j, ref in enumerate(conflict.sources)]
    refs += [(("notes", n, "sources", j), ref) for n, note in enumerate(city.notes) for j, ref in enumerate(note.sources)]
    refs += [(("local_rules", *loc), ref) for loc, ref in city.local_rules.source_refs()]
    if city.no_newer_figures is not None:
        refs += [(("no_newer_figures", "sources", j), ref) for j, ref in enumerate(city.no_newer_figures.sources)]
    problems += _references(doc, refs, known, "source", "this city's sources list")

    for p, (earlier, later) in enumerate(zip(city.periods, city.periods[1:]), start=1):
        if later.valid_from <= earlier.valid_from:
            problems.append(doc.problem(("periods", p, "valid_from"),
                                        f"periods must be listed oldest first: {later.valid_from} is not after "
                                        f"{earlier.valid_from}"))
        elif earlier.valid_until is None or earlier.valid_until >= later.valid_from:
            end = earlier.valid_until.isoformat() if earlier.valid_until else "no end date"
            problems.append(doc.problem(("periods", p, "valid_from"),
                                        f"overlapping periods: this period starts {later.valid_from} but the "
                                        f"previous one (from {earlier.valid_from}) runs until {end}"))
    return problems + _check_staleness(doc, city, today)


RECHECK_DAYS = 31
"""How long a look for newer figures (a city's `no_newer_figures`) keeps an ended period from counting
as stale: long enough for a monthly check, short enough that a new notice is not missed for a season."""


def _check_staleness(doc: YamlDocument, city: Any, today: dt.date) -> list[Problem]:
    """The latest period has ended: warn, unless an editor looked for newer figures recently and found none."""
    last = len(city.periods) - 1
    latest = city.periods[last]
    record = city.no_newer_figures
    ended = latest.valid_until is not None and latest.valid_until < today
    if record is not None and record.checked_on > today:
        return [doc.problem(("no_newer_figures", "checked_on"),
                            f"checked_on ({record.checked_on}) is in the future; write the day you looked")]
    if not ended:
        if record is None:
            return []
        return [doc.problem(("no_newer_figures",),
                            f"the latest period (from {latest.valid_from}) is in force; remove "
                            "no_newer_figures, it was about the period before", warning=True)]
    if record is None:
        return [doc.problem(("periods", last, "valid_until"),
                            f"stale figures: the latest period ended on {latest.valid_until}; add the new "
                            "period (guide new-city shows the shape), extend valid_until if the bureau says the "
                            "figures still apply, or record in no_newer_figures the day you looked and found none",
                            warning=True)]
    if record.checked_on <= latest.valid_until:
        return [doc.problem(("no_newer_figures", "checked_on"),
                            f"stale figures: the latest period ended on {latest.valid_until}, but this look for "
                            f"newer figures was on {record.checked_on}, before it ended; look again", warning=True)]
    known = {s.id: s for s in city.sources}
    behind = [(j, ref) for j, ref in enumerate(record.sources)
              if ref in known and known[ref].checked_on < record.checked_on]
    if behind:
        j, ref = behind[0]
        return [doc.problem(("no_newer_figures", "sources", j),
                            f"source '{ref}' was last checked on {known[ref].checked_on}, before this look "
                            f"({record.checked_on}); cite what you looked at that day and update its checked_on",
                            warning=True)]
    age = (today - record.checked_on).days
    if age > RECHECK_DAYS:
        return [doc.problem(("no_newer_figures", "checked_on"),
                            f"stale figures: the latest period ended on {latest.valid_until} and the last look for "
                            f"newer figures was on {record.checked_on}, {age} days ago (more than {RECHECK_DAYS}); "
                            "look again and update checked_on, or add the new period", warning=True)]
    return []
