"""The national guide: steps, precautions, legal articles, insurance types, glossary."""

from __future__ import annotations

import datetime as dt
import re
from string import Formatter
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .base import PlainText, Slug, StrictModel, Text, Url


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
    details: list[Text] = []
    """What to do, one paragraph or instruction each (Markdown allowed)."""
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
    legal: list[Slug] = []
    """Ids of legal articles this rests on."""


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
    effective_date: dt.date
    """The date the version cited came into force."""


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
        for lang in ("zh", "en"):
            try:
                fields = [(name, conversion, spec) for _, name, spec, conversion in Formatter().parse(self.get(lang))
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
