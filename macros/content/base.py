"""Reusable field types for content models.

Every reader-facing string is a `Text` in every language of the site; every figure is a `Decimal` parsed from
the YAML source text (never through a float), so 0.20 stays exactly 0.20.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, SerializerFunctionWrapHandler,
                      ValidationInfo, model_serializer, model_validator)
from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class StrictModel(BaseModel):
    """Base for every content model: unknown keys are typos, content is immutable once loaded."""

    # defer_build: content read from the build cache (macros/plugin/content_cache.py) never needs a validator.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True, defer_build=True)


def _check_slug(value: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id: use lowercase letters, digits and single hyphens "
            "(e.g. 'id-card'); ids are permanent because URLs and saved ticks depend on them",
            {"value": value},
        )
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
"""A stable id: `^[a-z0-9]+(-[a-z0-9]+)*$`. Never rename one after publishing."""


def _check_rate(value: Decimal) -> Decimal:
    if value < 0 or value > 1:
        raise PydanticCustomError(
            "rate_range",
            "a rate is a fraction between 0 and 1, got {value}; write 0.20 for 20%",
            {"value": str(value)},
        )
    return value


def _no_float(value: Any) -> Any:
    # YAML floats are loaded as Decimal by our loader; a float here means a caller bypassed it.
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


MAX_EXPONENT = 12
"""No rate or amount is beyond 10**±12; a larger number (1e999999999) is refused before any arithmetic,
which it would overflow."""


def _check_magnitude(value: Decimal) -> Decimal:
    if value and abs(value.adjusted()) > MAX_EXPONENT:
        raise PydanticCustomError("number_magnitude", "{value} is too large or too small to be a rate or an amount",
                                  {"value": str(value)})
    return value


Rate = Annotated[Decimal, BeforeValidator(_no_float), AfterValidator(_check_magnitude), AfterValidator(_check_rate)]
"""A fraction between 0 and 1 (0.20 = 20%)."""


def _check_money(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("money_range", "an amount in yuan cannot be negative, got {value}",
                                  {"value": str(value)})
    if value != value.quantize(Decimal("0.01")):
        raise PydanticCustomError("money_cents", "an amount in yuan has at most 2 decimals, got {value}",
                                  {"value": str(value)})
    return value


Money = Annotated[Decimal, BeforeValidator(_no_float), AfterValidator(_check_magnitude), AfterValidator(_check_money)]
"""An amount in yuan, at most 2 decimals."""


def _check_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s]+", value):
        raise PydanticCustomError("url", "'{value}' is not a web address starting with https:// or http://",
                                  {"value": value})
    return value


Url = Annotated[str, AfterValidator(_check_url)]

Confidence = Literal["official", "secondary"]
"""official: seen on a government page or an exact quote of one; secondary: a third party naming the document."""


class _UnknownLanguage:
    """Stands in for the text under a key that is no language of the site, so the error points at that key."""

    def __init__(self, code: str, languages: tuple[str, ...]) -> None:
        self.code, self.languages = code, languages

    def __repr__(self) -> str:
        return f"<text under unknown language {self.code!r}>"


def _refuse_unknown_language(value: Any) -> Any:
    if isinstance(value, _UnknownLanguage):
        raise PydanticCustomError(
            "unknown_language",
            "'{code}' is not a language of the site ({languages}: content/languages.yaml); check the spelling, "
            "or add the language there first",
            {"code": value.code, "languages": ", ".join(value.languages)})
    return value


LanguageText = Annotated[str, BeforeValidator(_refuse_unknown_language)]


def _listing(languages: tuple[str, ...]) -> str:
    """('zh', 'en', 'zh-Hant') → 'zh, en and zh-Hant'."""
    return " and ".join(filter(None, [", ".join(languages[:-1]), languages[-1]]))


def site_languages(info: ValidationInfo | None = None) -> tuple[str, ...]:
    """The languages texts are validated against: the loader's (validation context), else the project's."""
    from .languages import CONTEXT_KEY, project_languages

    context = info.context if info is not None else None
    if isinstance(context, dict) and CONTEXT_KEY in context:
        return tuple(context[CONTEXT_KEY])
    return project_languages().codes


def _text_schema(schema: dict[str, Any], cls: type) -> None:
    """The languages are keys of the mapping, not fields: list each as a required string property."""
    from .languages import schema_languages

    properties = {language.code: {"description": language.about, "title": language.code.title(), "type": "string"}
                  for language in schema_languages().languages}
    schema["properties"] = {**properties, **schema.get("properties", {})}
    schema["required"] = [*properties, *schema.get("required", [])]
    schema["additionalProperties"] = False


def _without_serializer(schema: Any) -> Any:
    """A model's core schema without its serializer, through the validators wrapped around it (PlainText's)."""
    if not isinstance(schema, dict) or schema.get("type") not in ("model", "function-before", "function-after",
                                                                   "function-wrap", "function-plain"):
        return schema
    return {key: _without_serializer(value) if key == "schema" else value
            for key, value in schema.items() if key != "serialization"}


class Text(StrictModel):
    """A reader-facing text in every language of the site, keyed by language code."""

    # Read it as text[lang] or text.get(lang); `texts` is the whole mapping. The languages are keys, not
    # fields, so a language is added in content/languages.yaml, never here. Built in Python (no validation
    # context), a Text is checked against the project's languages: Text(zh=…, en=…).

    model_config = ConfigDict(extra="allow", json_schema_extra=_text_schema)
    __pydantic_extra__: dict[str, LanguageText] = Field(init=False)  # the texts, by language code

    @model_validator(mode="before")
    @classmethod
    def _require_every_language(cls, data: Any, info: ValidationInfo) -> Any:
        languages = site_languages(info)
        if isinstance(data, dict):
            for lang in languages:
                if isinstance(data.get(lang), bool):
                    raise PydanticCustomError(
                        "yaml_boolean",
                        "'{lang}' was read as true/false (YAML turns Yes, No, On, Off into booleans); "
                        "put the text in quotes",
                        {"lang": lang},
                    )
            unknown = [key for key in data if key not in languages and key not in cls.model_fields]
            missing = [lang for lang in languages if not str(data.get(lang) or "").strip()]
            if missing:
                hint = "".join(f"; '{key}' is not one of them (a typo?)" for key in unknown)
                raise PydanticCustomError(
                    "missing_translation",
                    "missing translation: add the '{lang}' text (every reader-facing text needs {languages}{hint})",
                    {"lang": "' and '".join(missing), "languages": _listing(languages), "hint": hint},
                )
            # The languages in the site's order (as the API and the export write them), then the model's own
            # fields (SourcedText.legal); an unknown key is kept, to be refused at its own line.
            data = {**{lang: data[lang] for lang in languages},
                    **{key: _UnknownLanguage(str(key), languages) if key in unknown else value
                       for key, value in data.items() if key not in languages}}
        elif isinstance(data, str):
            raise PydanticCustomError(
                "missing_translation",
                "missing translation: write this text as a mapping with {languages}, not a plain string",
                {"languages": _listing(tuple(f"'{lang}'" for lang in languages))},
            )
        return data

    @model_serializer(mode="wrap")
    def _languages_first(self, handler: SerializerFunctionWrapHandler) -> Any:
        # The texts first, then the model's own fields (SourcedText.legal): {"zh", "en", "legal"}, as the
        # API has always written them.
        data = handler(self)
        if not isinstance(data, dict):
            return data
        return {**{lang: data[lang] for lang in self.texts if lang in data},
                **{key: value for key, value in data.items() if key not in self.texts}}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        # The serializer above only orders the keys: the schema is the model's own, in either mode.
        return handler(_without_serializer(core_schema))  # type: ignore[arg-type]

    @property
    def texts(self) -> dict[str, str]:
        """Language code → text, in the order of the site's languages."""
        return dict(self.__pydantic_extra__ or {})

    def __getitem__(self, lang: str) -> str:
        try:
            return (self.__pydantic_extra__ or {})[lang]
        except KeyError:
            raise KeyError(f"no {lang!r} text: the site's languages are in content/languages.yaml") from None

    def get(self, lang: str) -> str:
        return self[lang]


MARKUP_CHARACTERS = "<>{}`"
"""Characters no name or title needs, and that look like HTML, template or Markdown code (square
brackets stay allowed: English titles write document numbers as [2025] No. 11)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")  # and bidi overrides


class PlainText(Text):
    """A name or title in both languages: plain words, shown as written (escaped wherever it lands).

    Markup-like characters are refused because a name with them is almost surely pasted code, not a
    name, and headings, the <title> and the embed's iframe title all show it as text."""

    @model_validator(mode="after")
    def _no_markup(self) -> PlainText:
        for lang, value in self.texts.items():
            found = sorted({c for c in value if c in MARKUP_CHARACTERS} | set(_CONTROL.findall(value)))
            if found:
                raise PydanticCustomError(
                    "markup_in_name",
                    "'{lang}' contains {chars}: names and titles are plain text, without markup "
                    "(no angle or curly brackets, backticks, control or invisible direction characters)",
                    {"lang": lang, "chars": " ".join(repr(c) for c in found)},
                )
        return self
