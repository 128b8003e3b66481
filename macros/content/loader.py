"""Load `content/` into validated models, collecting every problem before failing once."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .checklist import ChecklistFile
from .checks import OFFER_CHECK_FILE, check_content
from .city import City
from .languages import CONTEXT_KEY, LANGUAGES_FILE, LanguagesFile
from .guide import GlossaryFile, InsuranceFile, LegalFile, PrecautionsFile, StepsFile, TopicsFile, UiFile
from .national import NationalFile, check_national
from .offer_check import OfferCheckFile
from .resident import ResidentFile, check_resident
from .start import StartFile, check_start
from .style import STYLE_FILE, StyleFile, check_style
from .yaml_source import Problem, YamlDocument, parse_yaml

M = TypeVar("M", bound=BaseModel)

SINGLE_FILES: dict[str, type[BaseModel]] = {
    "steps.yaml": StepsFile,
    "checklist.yaml": ChecklistFile,
    "precautions.yaml": PrecautionsFile,
    "legal.yaml": LegalFile,
    "insurance.yaml": InsuranceFile,
    "glossary.yaml": GlossaryFile,
    "ui.yaml": UiFile,
    "resident.yaml": ResidentFile,
    "topics.yaml": TopicsFile,
    STYLE_FILE: StyleFile,
    "national.yaml": NationalFile,
    "start.yaml": StartFile,
    OFFER_CHECK_FILE: OfferCheckFile,
}
"""Each content file and the model it must match. Cities are one file each under cities/."""

CITY_DIR = "cities"


class ContentError(Exception):
    """Content is invalid. `problems` holds every error found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Content:
    """All validated content. Cities are sorted by id."""

    root: Path
    languages: LanguagesFile
    steps: StepsFile
    checklist: ChecklistFile
    precautions: PrecautionsFile
    legal: LegalFile
    insurance: InsuranceFile
    glossary: GlossaryFile
    ui: UiFile
    cities: list[City]
    resident: ResidentFile
    topics: TopicsFile
    style: StyleFile
    national: NationalFile
    start: StartFile
    offer_check: OfferCheckFile
    warnings: list[Problem] = field(default_factory=list)

    def city(self, city_id: str) -> City:
        return next(c for c in self.cities if c.id == city_id)


def _validate(document: YamlDocument, model: type[M],
              languages: tuple[str, ...] | None = None) -> tuple[M | None, list[Problem]]:
    try:
        return model.model_validate(document.data, context={CONTEXT_KEY: languages} if languages else None), []
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            problems.append(document.problem(tuple(detail["loc"]), _message(detail),
                                             at_key=detail["type"] in ("extra_forbidden", "unknown_language")))
        return None, problems


def _message(detail: Any) -> str:
    kind = detail["type"]
    if kind == "extra_forbidden":
        return "unknown key (a typo?); remove it or check the spelling against the schema"
    if kind == "missing":
        return "required field is missing"
    if "input" in detail and detail["input"] is None:  # an empty value, e.g. a `guide new-city` placeholder
        return f"empty: fill in this value ({detail['msg'][0].lower()}{detail['msg'][1:]})"
    if kind == "union_tag_invalid":
        return f"{detail['msg']}"
    return str(detail["msg"])


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def load_content(root: Path, today: dt.date | None = None, display_base: Path | None = None) -> Content:
    """Read and validate all of `root` (the content/ folder).

    Raises:
        ContentError: with every problem found, one per line, `path:line:col: field: message`.
    """
    base = display_base if display_base is not None else root.parent
    problems: list[Problem] = []
    documents: dict[str, YamlDocument] = {}
    models: dict[str, Any] = {}

    def load(path: Path, key: str, model: type[BaseModel], languages: tuple[str, ...] | None = None) -> None:
        document, parse_problems = parse_yaml(path, _display(path, base))
        problems.extend(parse_problems)
        if document is None:
            return
        documents[key] = document
        if document.data is None:
            problems.append(document.problem((), "file is empty"))
            return
        value, validation_problems = _validate(document, model, languages)
        problems.extend(validation_problems)
        if value is not None:
            models[key] = value

    # The languages first: every text in the other files is checked against them.
    languages_path = root / LANGUAGES_FILE
    if not os.path.lexists(languages_path):
        raise ContentError([Problem(_display(languages_path, base), 1, 1, "(file)",
                                    "file is missing (it lists the site's languages; see README, A language)")])
    load(languages_path, LANGUAGES_FILE, LanguagesFile)
    if LANGUAGES_FILE not in models:  # without the languages no text can be checked
        raise ContentError(problems)
    site_languages: LanguagesFile = models[LANGUAGES_FILE]

    for name, model in SINGLE_FILES.items():
        path = root / name
        if not os.path.lexists(path):  # a dangling link exists: parse_yaml says what it is
            problems.append(Problem(_display(path, base), 1, 1, "(file)", "file is missing"))
            continue
        load(path, name, model, site_languages.codes)

    city_files = sorted((root / CITY_DIR).glob("*.yaml"))
    for path in city_files:
        load(path, f"{CITY_DIR}/{path.name}", City, site_languages.codes)
    for path in sorted((root / CITY_DIR).glob("*.yml")):
        problems.append(Problem(_display(path, base), 1, 1, "(file)", "rename to .yaml (only .yaml files are read)"))

    problems.extend(check_content(documents, models, today or dt.date.today()))
    if "resident.yaml" in models:
        problems.extend(check_resident(documents["resident.yaml"], models["resident.yaml"], today or dt.date.today()))
    if STYLE_FILE in models:
        problems.extend(check_style(documents, models[STYLE_FILE]))
    if "national.yaml" in models:
        problems.extend(check_national(documents["national.yaml"], models["national.yaml"], today or dt.date.today(),
                                       models.get("ui.yaml"), documents.get("ui.yaml")))
    if "start.yaml" in models:
        problems.extend(check_start(documents["start.yaml"], models["start.yaml"], models.get("checklist.yaml"),
                                    models.get("legal.yaml")))
    errors = [p for p in problems if not p.warning]
    if errors or any(key not in models for key in SINGLE_FILES):
        raise ContentError(sorted(errors, key=lambda p: (p.path, p.line, p.column)))
    return Content(
        root=root,
        languages=site_languages,
        steps=models["steps.yaml"],
        checklist=models["checklist.yaml"],
        precautions=models["precautions.yaml"],
        legal=models["legal.yaml"],
        insurance=models["insurance.yaml"],
        glossary=models["glossary.yaml"],
        ui=models["ui.yaml"],
        cities=sorted((m for k, m in models.items() if k.startswith(CITY_DIR + "/")), key=lambda c: c.id),
        resident=models["resident.yaml"],
        topics=models["topics.yaml"],
        style=models[STYLE_FILE],
        national=models["national.yaml"],
        start=models["start.yaml"],
        offer_check=models[OFFER_CHECK_FILE],
        warnings=[p for p in problems if p.warning],
    )
