"""content/offer-check.yaml: who must pay which insurance for each kind of work, as the offer check answers it.

A job seeker reading an offer picks the kind of work and the city. The national rules live here (each
with its legal.yaml sources); the city's part (whether occupational injury protection covers that platform
work there, and since when) comes from the city's `local_rules.injury_protection`, and what the reader would
pay as a flexible employee from the calculator engine's whole bill. Work kind ids are a public contract
(`data-work` on the embed, the page's query string): never rename one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from .base import PlainText, Slug, StrictModel, Text
from .guide import InsuranceId, SourcedText, SourceRefs
from .local_rules import Platform

Obligation = Literal["employer_and_you", "employer", "you_may_join", "platform", "city_decides", "not_provided"]
"""Who pays an insurance for this kind of work:
employer_and_you: the employer must insure you and both pay; employer: the employer must insure you and
pays alone; you_may_join: you may join on your own and pay the whole premium as a flexible employee;
platform: occupational injury protection, paid by the platform per order where it runs; city_decides: the
law leaves it to the city (the city's bill says whether flexible employees can join there); not_provided:
no national rule provides it for this kind of work."""

OBLIGATIONS: tuple[str, ...] = Obligation.__args__  # type: ignore[attr-defined]


class KindInsurance(StrictModel):
    """One insurance for one kind of work: who pays, and the rule it rests on."""

    insurance: InsuranceId
    obligation: Obligation
    note: Text | None = None
    """What the reader should know beyond the obligation's standard wording, where a source says it."""
    legal: SourceRefs = Field(default=[], validate_default=True)
    """Ids of legal.yaml entries the answer rests on; required."""


class WorkKind(StrictModel):
    """A kind of work the reader can pick."""

    id: Slug
    """Permanent: the value of `data-work` and of the page's `work` parameter."""
    name: PlainText
    """As the reader picks it: 全职员工 / Full-time employee."""
    description: Text
    """Who this is, in one sentence, so the reader can tell which kind they are."""
    platform: Literal[Platform, "other"] | None = None
    """For platform work: the platform kind in the city's injury_protection.platforms, or `other` for platform
    work outside those kinds (the answer then gives injury_unknown_platform). Left out: not platform work."""
    insurances: list[KindInsurance] = Field(min_length=1)
    """One entry per insurance the answer names; an insurance left out has no national rule in this guide
    for this kind of work (say why in `note`)."""
    note: SourcedText | None = None
    """A caveat on the whole answer (for example: with a labour contract you are an employee)."""

    @field_validator("insurances")
    @classmethod
    def _one_line_per_insurance(cls, value: list[KindInsurance]) -> list[KindInsurance]:
        seen: set[str] = set()
        for entry in value:
            if entry.insurance in seen:
                raise PydanticCustomError("duplicate_insurance", "{insurance} is listed twice: give one answer per "
                                          "insurance", {"insurance": entry.insurance})
            seen.add(entry.insurance)
        return value


class OfferCheckFile(StrictModel):
    """content/offer-check.yaml."""

    intro: Text
    """What the check answers, one or two sentences."""
    obligations: dict[Obligation, Text]
    """The standard wording of each obligation code, shown on every answer that uses it."""
    kinds: list[WorkKind] = Field(min_length=1)
    injury_unknown_platform: SourcedText
    """Platform work outside ride-hailing, instant delivery and intra-city freight: what the national rule
    says (the city's injury_protection lists only those three kinds)."""
    waiver: list[SourcedText] = Field(min_length=1)
    """What an agreement not to pay social insurance is worth, and what to do if an employer asks for one."""

    @field_validator("obligations")
    @classmethod
    def _every_obligation_worded(cls, value: dict[str, Text]) -> dict[str, Text]:
        missing = [code for code in OBLIGATIONS if code not in value]
        if missing:
            raise PydanticCustomError("missing_obligation", "word every obligation: {codes} missing",
                                      {"codes": ", ".join(missing)})
        return value

    def kind(self, kind_id: str) -> WorkKind:
        return next(k for k in self.kinds if k.id == kind_id)

    def source_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every legal.yaml reference with its location, for the cross-check."""
        refs: list[tuple[tuple[str | int, ...], str]] = []
        for i, kind in enumerate(self.kinds):
            for j, entry in enumerate(kind.insurances):
                refs.extend((("kinds", i, "insurances", j, "legal", k), ref) for k, ref in enumerate(entry.legal))
            if kind.note:
                refs.extend((("kinds", i, "note", "legal", k), ref) for k, ref in enumerate(kind.note.legal))
        refs.extend((("injury_unknown_platform", "legal", k), ref)
                    for k, ref in enumerate(self.injury_unknown_platform.legal))
        for i, paragraph in enumerate(self.waiver):
            refs.extend((("waiver", i, "legal", k), ref) for k, ref in enumerate(paragraph.legal))
        return refs
