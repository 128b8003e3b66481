"""The national guide: steps, precautions, legal articles, insurance types, glossary."""

from __future__ import annotations

import datetime as dt
import re
from string import Formatter
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import PlainText, Slug, StrictModel, Text, Url


def _require_source(refs: list[str]) -> list[str]:
    if not refs:
        raise PydanticCustomError(
            "source_required",
            "a rule needs a source: list at least one id from legal.yaml (a law article, or a national or local "
            "document with its number and URL; add the document to legal.yaml first if it is not there)",
        )
    return refs


SourceRefs = Annotated[list[Slug], AfterValidator(_require_source)]
"""Ids of legal.yaml entries a rule rests on; at least one (an unsourced rule fails validation)."""


class SourcedText(Text):
    """A paragraph that states a rule: both languages, and the legal.yaml ids it rests on."""

    legal: SourceRefs = Field(default=[], validate_default=True)
    """Ids of legal articles or documents (legal.yaml); required."""


class Where(StrictModel):
    """Where a step is done. At least one of the two is given."""

    online: list[Text] = []
    """Online channels (apps, web sites, mini programs), most common first."""
    counter: Text | None = None
    """The office counter, if the step can or must be done in person."""


class Step(StrictModel):
    """One step of the guide, in reading order."""

    id: Slug
    """Permanent id; used as the page anchor (#id)."""
    title: PlainText
    """Short imperative title, e.g. 登记参保 / Register."""
    summary: Text
    """One or two sentences: what this step is and why."""
    details: list[SourcedText] = []
    """What to do, one paragraph or instruction each (Markdown allowed), each with its source."""
    where: Where
    """Where to do it."""
    cost: Text
    """What it costs (usually free: say so)."""
    duration: Text
    """How long it takes."""
    documents: list[Slug] = []
    """Ids of checklist items this step needs (see checklist.yaml)."""
    legal: list[Slug] = []
    """Ids of legal articles this step rests on (see legal.yaml)."""
    optional: bool = False
    """True if not everyone needs this step."""


class StepsFile(StrictModel):
    """content/steps.yaml: the steps of the guide, in order."""

    steps: list[Step] = Field(min_length=1)


class Precaution(StrictModel):
    """Something readers get wrong or must not forget."""

    id: Slug
    title: PlainText
    body: Text
    """Markdown allowed."""
    legal: SourceRefs = Field(default=[], validate_default=True)
    """Ids of legal articles or documents this rests on (legal.yaml); required."""


class PrecautionsFile(StrictModel):
    """content/precautions.yaml."""

    precautions: list[Precaution] = Field(min_length=1)


class LegalArticle(StrictModel):
    """One article of a law or regulation, as the guide cites it."""

    id: Slug
    """Permanent id; the anchor on /legal/, e.g. si-law-art-10."""
    law: PlainText
    """Full name of the law, e.g. 中华人民共和国社会保险法."""
    article: PlainText
    """Article number as written, e.g. 第十条 / Article 10."""
    summary: Text
    """What the article says, in plain words."""
    quote_zh: str | None = None
    """The original Chinese text, verbatim, where we have it."""
    source_url: Url
    """Where the text can be read."""
    source_is_reprint: bool = False
    """True when source_url is a reprint of the text (a news or law site), not the issuing office's own
    page: the page then says so next to the link."""
    effective_date: dt.date | None = None
    """The date the version cited came into force; leave out where the guide has not found it (never guess)."""


class LegalFile(StrictModel):
    """content/legal.yaml."""

    articles: list[LegalArticle] = Field(min_length=1)


InsuranceId = Literal["pension", "medical", "unemployment", "work-injury", "maternity"]


class InsuranceType(StrictModel):
    """One of the five social insurances and whether a flexible employee can join it."""

    id: InsuranceId
    name: PlainText
    summary: Text
    """What it pays for."""
    flexible_can_join: Literal["yes", "some-cities", "no", "merged"]
    """yes: by national law; some-cities: only where the city opens it; no: employer-based only;
    merged: folded into another insurance (maternity into medical)."""
    flexible_note: Text
    """Plain explanation of the rule for flexible employees, and where to join."""
    legal: list[Slug] = []


class InsuranceFile(StrictModel):
    """content/insurance.yaml: exactly the five insurance types."""

    insurance: list[InsuranceType] = Field(min_length=5, max_length=5)


class GlossaryTerm(StrictModel):
    """A term used in both languages, so the English stays consistent."""

    id: Slug
    zh: str
    en: str
    definition: Text


class GlossaryFile(StrictModel):
    """content/glossary.yaml."""

    terms: list[GlossaryTerm] = Field(min_length=1)


_PLACEHOLDER_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class UiText(Text):
    """A UI string: its {placeholders} are filled with str.format, so each must be a plain name (str.format
    would follow `{x.attr}` or `{x[0]}` into the value's attributes: template code, not text)."""

    @model_validator(mode="after")
    def _plain_placeholders(self) -> UiText:
        for lang, text in self.texts.items():
            try:
                fields = [(name, conversion, spec) for _, name, spec, conversion in Formatter().parse(text)
                          if name is not None]
            except ValueError as error:
                raise PydanticCustomError(
                    "ui_placeholder", "'{lang}': {error}; write a literal brace as {{ or }}",
                    {"lang": lang, "error": str(error)}) from None
            for name, conversion, spec in fields:
                if not _PLACEHOLDER_NAME.fullmatch(name) or conversion or "{" in (spec or ""):
                    raise PydanticCustomError(
                        "ui_placeholder",
                        "'{lang}': placeholder {{name}} must be a plain name such as {city} "
                        "(no dots, brackets, ! conversions or nested braces)",
                        {"lang": lang, "name": name + (f"!{conversion}" if conversion else "")})
        return self


class UiFile(StrictModel):
    """content/ui.yaml: the short labels templates and scripts use (headings, buttons, table headers)."""

    strings: dict[str, UiText]
    """Key → text. Templates fail the build on a key that is not here."""


class TopicSection(StrictModel):
    """One question a reader brings to a topic page, e.g. 'Can I get my money back?'."""

    id: Slug
    """Permanent id; the anchor on the page (#id)."""
    title: PlainText
    """A Markdown heading on the page: plain words."""
    paragraphs: list[SourcedText] = Field(min_length=1)
    """The answer, one paragraph each (Markdown allowed), each with its source."""


class Topic(StrictModel):
    """A page of national rules on one situation (stopping, moving, retiring…)."""

    id: Slug
    """Permanent id; the page docs/<id>.md shows it with {{ topic('<id>') }}."""
    title: PlainText
    """The page's heading: plain words."""
    intro: Text
    """One or two sentences: who this page is for."""
    sections: list[TopicSection] = Field(min_length=1)


class TopicsFile(StrictModel):
    """content/topics.yaml: national rules for the situations a flexible employee meets after registering."""

    topics: list[Topic] = Field(min_length=1)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)
