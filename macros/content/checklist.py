"""The visit checklist: documents and preparations, grouped, with the conditions they apply to."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import PlainText, Slug, StrictModel, Text


class ConditionOption(StrictModel):
    """One answer to a condition question, e.g. 'non-local hukou'."""

    id: Slug
    """Permanent id, referenced by items' applies_to and carried in share links."""
    label: Text


class Condition(StrictModel):
    """A question that decides which items apply, e.g. 'Where is your hukou?'."""

    id: Slug
    question: Text
    options: list[ConditionOption] = Field(min_length=2)


class ChecklistGroup(StrictModel):
    """A heading that items are grouped under, e.g. identity or payment set-up."""

    id: Slug
    title: PlainText


class ChecklistItem(StrictModel):
    """A document or preparation to bring or do before the visit."""

    id: Slug
    """Permanent id: saved ticks and share links use it. Never rename."""
    group: Slug
    """Id of the group it belongs to."""
    name: PlainText
    form: Literal["original", "copy", "original-and-copy", "online", "none"]
    """original, copy, both, an online step (nothing to bring), or none (a preparation)."""
    copies: int = Field(default=1, ge=0, le=20)
    """How many (0 where not applicable)."""
    who: Text
    """Who needs it."""
    where_to_get: Text
    """Where to get it."""
    note: Text | None = None
    applies_to: list[Slug] = []
    """Condition option ids. Empty: everyone. Options of one question combine with 'or';
    options of different questions combine with 'and'."""


class ChecklistFile(StrictModel):
    """content/checklist.yaml."""

    id: Slug
    """Checklist id: the key ticks are saved under."""
    title: Text
    intro: Text
    conditions: list[Condition] = []
    groups: list[ChecklistGroup] = Field(min_length=1)
    items: list[ChecklistItem] = Field(min_length=1)
