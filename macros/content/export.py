"""Plain data exported from validated content: what the calculator and the JSON API read.

Money and rates become decimal strings and dates ISO strings, so nothing is lost through floats and
the calculator (which never imports pydantic) gets the same figures the pages show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .base import Confidence, Slug, Text, Url
from .city import BaseBounds, Bureau, City, Pension, Period, Source
from .local_rules import Breaks
from .rules import INSURANCES, InsuranceRule
from .loader import Content
from .national import national_data

MESSAGE_PREFIX = "bill-"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _source(source: Source) -> dict[str, Any]:
    return _plain(source.model_dump(exclude={"id"}))


def _period(period: Period) -> dict[str, Any]:
    out = {
        "valid_from": period.valid_from.isoformat(),
        "valid_until": period.valid_until.isoformat() if period.valid_until else None,
        "base": _plain(period.base.model_dump()),
        "pension": _plain(period.pension.model_dump()),
    }
    for name in INSURANCES:
        rule = period.rule(name)
        out[name] = None if rule is None else _plain(rule.model_dump(exclude_defaults=False))
    out["notes"] = [n.model_dump() for n in period.notes] + [c.text.model_dump() for c in period.conflicts]
    return out


def city_data(city: City) -> dict[str, Any]:
    return {
        "id": city.id,
        "name": city.name.model_dump(),
        "sources": {s.id: _source(s) for s in city.sources},
        "periods": [_period(p) for p in city.periods],
        # The break simulator (shebao_calculator.gap) reads the city's break rules and links its offices
        # wherever a rule is not in the guide yet.
        "bureau": city.bureau.model_dump(),
        "healthcare_bureau": None if city.healthcare_bureau is None else city.healthcare_bureau.model_dump(),
        "breaks": None if city.local_rules.breaks is None else _plain(city.local_rules.breaks.model_dump()),
    }


class _Plain(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportSource(_Plain):
    title: Text
    url: Url
    document_number: str | None = None
    published_on: dt.date | None = None
    checked_on: dt.date
    confidence: Confidence


class ExportPeriod(_Plain):
    valid_from: dt.date
    valid_until: dt.date | None
    base: BaseBounds
    pension: Pension
    medical: InsuranceRule | None
    unemployment: InsuranceRule | None
    work_injury: InsuranceRule | None
    notes: list[Text]


class ExportCity(_Plain):
    id: Slug
    name: Text
    sources: dict[str, ExportSource]
    periods: list[ExportPeriod] = Field(min_length=1)
    bureau: Bureau
    healthcare_bureau: Bureau | None = None
    breaks: Breaks | None = None
    """local_rules.breaks: back-payment, the medical waiting period and its grace, stopping."""


class CalculatorData(_Plain):
    """The plain data shebao_calculator reads: its JSON Schema is content/_schema/calculator-data.schema.json."""

    data_version: str
    cities: list[ExportCity]
    national: dict[str, Any]
    """content/national.yaml as national_data() writes it; its shape is checked by the engine itself
    (shebao_calculator.national.load_national), tested in tests/calculator/test_calc_national.py."""
    messages: dict[str, Text]


def calculator_data_schema() -> dict[str, Any]:
    """JSON Schema of calculator_data(): money, rates and dates as the strings the export writes."""
    return CalculatorData.model_json_schema(mode="serialization")


def data_version(content: Content) -> str:
    """A short hash of all cities' figures: changes exactly when a figure changes."""
    digest = hashlib.sha256(
        json.dumps([c.model_dump(mode="json") for c in content.cities], sort_keys=True, ensure_ascii=False)
        .encode("utf-8")).hexdigest()
    return digest[:12]


def calculator_data(content: Content) -> dict[str, Any]:
    """The plain data contract of shebao_calculator (see calculator/README.md)."""
    return {"data_version": data_version(content), "cities": [city_data(c) for c in content.cities],
            "national": national_data(content.national), "messages": engine_messages(content)}


# Catalogue prefixes the engine words its results with: the bill (shebao_calculator.wording) and the
# retirement and pension results (shebao_calculator.national.MESSAGE_KEYS).
MESSAGE_PREFIXES = (MESSAGE_PREFIX, "age-", "retire-note-", "retire-cond-", "retire-step-", "pension-note-",
                    "pension-step-", "pension-assume-", "levels-note-", "levels-assume-", "levels-reason-",
                    "levels-step-", "gap-note-", "gap-medical-", "gap-reason-")


def engine_messages(content: Content) -> dict[str, dict[str, str]]:
    """The catalogue entries the engine words its results with.

    Every key of content/ui.yaml whose prefix the engine uses, so a key the engine needs but the
    catalogue lacks fails in the engine's data check, named, instead of reaching a reader.
    """
    return {key: text.model_dump() for key, text in content.ui.strings.items() if key.startswith(MESSAGE_PREFIXES)}
