"""The site's languages, declared once in content/languages.yaml.

Texts are validated against them (the loader passes them as pydantic validation context), the JSON Schema
lists them, and the build checks that the i18n plugin in mkdocs.yml builds the same ones.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationError
from pydantic_core import PydanticCustomError

from .base import StrictModel

LANGUAGES_FILE = "languages.yaml"
PROJECT_CONTENT = Path(__file__).resolve().parents[2] / "content"
CONTEXT_KEY = "languages"
"""The key of the validation context holding the languages: `model_validate(data, context={CONTEXT_KEY: …})`."""

_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _check_code(value: str) -> str:
    if not _CODE.fullmatch(value):
        raise PydanticCustomError(
            "language_code",
            "'{value}' is not a language code: write a BCP 47 tag such as zh, en or zh-Hant",
            {"value": value})
    return value


class Language(StrictModel):
    """One language of the site."""

    code: Annotated[str, AfterValidator(_check_code)]
    """The key its texts are written under in content/ (zh: …) and its locale in mkdocs.yml."""
    about: str = Field(min_length=1)
    """What texts in it are: shown to editors in the JSON Schema."""


def _unique(languages: list[Language]) -> list[Language]:
    codes = [language.code for language in languages]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise PydanticCustomError("language_repeated", "'{code}' is listed twice", {"code": repeated[0]})
    return languages


class LanguagesFile(StrictModel):
    """content/languages.yaml: the site's languages, the default first."""

    languages: Annotated[list[Language], Field(min_length=1), AfterValidator(_unique)]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)


def project_languages() -> LanguagesFile:
    """The project's content/languages.yaml: for texts built in Python (no validation context) and the schema."""
    return read_languages(PROJECT_CONTENT)


@functools.cache
def read_languages(content_root: Path) -> LanguagesFile:
    """A content folder's languages.yaml (load_content reports its problems line by line; this only reads)."""
    from .yaml_source import parse_yaml

    path = content_root / LANGUAGES_FILE
    document, problems = parse_yaml(path, str(path))
    if document is None or problems:
        raise RuntimeError("\n".join(str(p) for p in problems) or f"{path} cannot be read")
    try:
        return LanguagesFile.model_validate(document.data)
    except ValidationError as error:
        raise RuntimeError(f"{path}: {error}") from None


_SCHEMA_LANGUAGES: ContextVar[LanguagesFile | None] = ContextVar("schema_languages", default=None)


def schema_languages() -> LanguagesFile:
    """The languages the JSON Schema being generated lists (see `languages_for_schema`); the project's by default."""
    return _SCHEMA_LANGUAGES.get() or project_languages()


@contextmanager
def languages_for_schema(languages: LanguagesFile) -> Iterator[None]:
    """Generate JSON Schema for another content folder's languages."""
    token = _SCHEMA_LANGUAGES.set(languages)
    try:
        yield
    finally:
        _SCHEMA_LANGUAGES.reset(token)
