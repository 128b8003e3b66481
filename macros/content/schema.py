"""Export JSON Schema from the content models, for editors (yaml-language-server) and for tests.

The files in content/_schema/ are generated: edit the models, then run `guide schema`.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .city import City
from .export import calculator_data_schema
from .languages import LANGUAGES_FILE, LanguagesFile, languages_for_schema, project_languages, read_languages
from .loader import SINGLE_FILES

SCHEMA_DIR = "_schema"


def schema_files(languages: LanguagesFile | None = None) -> dict[str, dict[str, object]]:
    """File name in content/_schema/ → JSON Schema; texts list `languages` (the project's by default)."""
    with languages_for_schema(languages or project_languages()):
        return _schema_files()


def _schema_files() -> dict[str, dict[str, object]]:
    models: dict[str, type[BaseModel]] = {name.removesuffix(".yaml"): model for name, model in SINGLE_FILES.items()}
    models[LANGUAGES_FILE.removesuffix(".yaml")] = LanguagesFile
    models["city"] = City
    schemas: dict[str, dict[str, object]] = {}
    for name, model in models.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$comment"] = "Generated from macros/content by `guide schema`. Do not edit."
        schemas[f"{name}.schema.json"] = schema
    # The calculator engine's input (macros/content/export.py), checked against content by the tests.
    engine = calculator_data_schema()
    engine["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    engine["$comment"] = "Generated from macros/content/export.py by `guide schema`. Do not edit."
    schemas["calculator-data.schema.json"] = engine
    return schemas


def render(schema: dict[str, object]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(content_root: Path) -> list[Path]:
    target = content_root / SCHEMA_DIR
    target.mkdir(exist_ok=True)
    written = []
    for name, schema in schema_files(read_languages(content_root.resolve())).items():
        path = target / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(content_root: Path) -> list[str]:
    """Names of schema files that differ from the models (or are missing)."""
    stale = []
    for name, schema in schema_files(read_languages(content_root.resolve())).items():
        path = content_root / SCHEMA_DIR / name
        if not path.exists() or path.read_text(encoding="utf-8") != render(schema):
            stale.append(name)
    return stale
