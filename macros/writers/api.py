"""The public JSON data API, written into the built site at build time: /api/v1/…

Every response is a pydantic model whose fields are the validated content models themselves (City,
Period, ChecklistFile, Step, …), so the API carries exactly the figures the pages show and its JSON
Schema (under /api/v1/schema/) is generated from the same models: nothing is written twice.
Bilingual fields are `{"zh": …, "en": …}`; money and rates are decimal strings ("0.16"), dates ISO.

    api/v1/index.json            what exists: endpoints, schemas, city ids, languages
    api/v1/cities.json           every city with the figures in force on the build date
    api/v1/cities/<id>.json      one city: all periods, sources, notes
    api/v1/checklist.json        the visit checklist (conditions, groups, items)
    api/v1/guide.json            steps, precautions, topic pages, insurance types, legal articles, glossary
    api/v1/schema/<name>.schema.json
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from macros.content.checklist import ChecklistFile
from macros.content.city import Bureau, City, Period
from shebao_calculator import load_data, reference_table

from macros.content.export import calculator_data, data_version
from macros.content.guide import GlossaryTerm, InsuranceType, LegalArticle, Precaution, Step, Topic
from macros.content.base import Text
from macros.content.languages import CONTEXT_KEY
from macros.content.loader import Content
from macros.plugin.sitemap import SiteMap

API_VERSION: Literal["v1"] = "v1"
API_DIR = f"api/{API_VERSION}"
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class _Common(TypedDict):
    """The fields every response is built with (see Response)."""

    data_version: str
    build_date: dt.date


class Response(BaseModel):
    """Fields every API file starts with."""

    model_config = ConfigDict(extra="forbid")

    api_version: Literal["v1"] = API_VERSION
    data_version: str = Field(pattern=r"^[0-9a-f]{12}$")
    """Short hash of all cities' figures: changes exactly when a figure changes."""
    build_date: dt.date
    """The day the site was built; 'current' figures are the ones in force on this day."""


class Links(BaseModel):
    """Absolute URLs of a page in each language."""

    model_config = ConfigDict(extra="forbid")

    zh: str
    en: str


class BillInsurance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    insurance: Literal["pension", "medical", "unemployment", "work_injury"]
    status: Literal["computed", "not_available", "not_in_guide"]
    """computed; not_available (a source says flexible employees cannot join); not_in_guide (no figures yet)."""
    kind: Literal["rate", "fixed", "grades"] | None


class BillLevel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base: str
    """The pension base, yuan a month; every other insurance at its own floor or ceiling (lowest or highest grade)."""
    monthly: dict[str, str | None]
    """pension (and its split), one entry per insurance of `insurances` (null where not computed), total."""
    annual: dict[str, str | None]


class Bill(BaseModel):
    """The whole bill at the lowest and highest base of the current period, computed by shebao_calculator
    (the same numbers as the city page and `guide calc --base min|max --json`)."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    """The date whose figures these are: the build date, or the first day of the latest period if none is in force."""
    complete: bool
    """True only when every insurance a flexible employee can join here is in the totals."""
    missing: list[str]
    """Insurances left out of the totals because their figures are not in the guide yet."""
    insurances: list[BillInsurance]
    lowest: BillLevel
    highest: BillLevel


class CitySummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: Text
    province: Text
    bureau: Bureau
    current: Period | None
    """The figures in force on the build date, or null if no period covers it (see `latest`)."""
    latest: Period
    """The most recent period."""
    bill: Bill
    page: Links
    embed: Links
    api: str
    """URL of this city's full record (api/v1/cities/<id>.json)."""


class CitiesResponse(Response):
    """api/v1/cities.json."""

    cities: list[CitySummary]


class CityResponse(Response):
    """api/v1/cities/<id>.json."""

    city: City
    current: Period | None
    bill: Bill
    page: Links
    embed: Links


class ChecklistResponse(Response):
    """api/v1/checklist.json."""

    checklist: ChecklistFile
    page: Links
    embed: Links


class GuideResponse(Response):
    """api/v1/guide.json."""

    steps: list[Step]
    precautions: list[Precaution]
    topics: list[Topic]
    """The topic pages (/stopping/, /changes/, /retirement/): sections of sourced paragraphs."""
    insurance: list[InsuranceType]
    legal: list[LegalArticle]
    glossary: list[GlossaryTerm]
    page: Links


class Endpoint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    schema_url: str = Field(alias="schema")
    description: Text


class IndexResponse(Response):
    """api/v1/index.json: what the API holds."""

    site_url: str
    languages: list[Literal["zh", "en"]]
    endpoints: list[Endpoint]
    cities: list[str]
    """Ids of every city; api/v1/cities/<id>.json exists for each."""
    embed_script: str
    """The host script that turns <div data-guide-embed> placeholders into iframes."""


SCHEMAS: dict[str, type[BaseModel]] = {
    "index": IndexResponse,
    "cities": CitiesResponse,
    "city": CityResponse,
    "checklist": ChecklistResponse,
    "guide": GuideResponse,
}
"""Schema file name (api/v1/schema/<name>.schema.json) → response model."""


def schema(name: str, site_url: str) -> dict[str, Any]:
    """JSON Schema of one response, as the JSON is serialised (decimals as strings)."""
    model = SCHEMAS[name]
    result = model.model_json_schema(mode="serialization", by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{site_url}{API_DIR}/schema/{name}.schema.json", **result}


def _bill(figures: Any, city: City, build_date: dt.date) -> Bill:
    on = city.shown_on(build_date)
    table = reference_table(figures, city.id, on).to_json()
    rows = {row["level"]: row for row in table["rows"]}

    def level(name: str) -> BillLevel:
        return BillLevel(base=rows[name]["base"], monthly=rows[name]["monthly"], annual=rows[name]["annual"])

    return Bill(date=on, complete=table["complete"], missing=table["missing"],
                insurances=[BillInsurance(**entry) for entry in table["insurances"]],
                lowest=level("min"), highest=level("max"))


SITEMAP = SiteMap(LANGS)
"""The API's pages: its `Links` have a field per language (zh, en: a public contract)."""


def _links(site_url: str, page: str, **params: str) -> Links:
    return Links(**{lang: SITEMAP.absolute(site_url, page, lang, **params) for lang in LANGS})


def _dump(model: BaseModel) -> str:
    return json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False, separators=(",", ":")) + "\n"


def responses(content: Content, site_url: str, build_date: dt.date) -> dict[str, BaseModel]:
    """Every API file (path under api/v1/ → response), built from the validated content."""
    common: _Common = {"data_version": data_version(content), "build_date": build_date}
    api = f"{site_url}{API_DIR}/"
    files: dict[str, BaseModel] = {}
    figures = load_data(calculator_data(content))
    bills = {city.id: _bill(figures, city, build_date) for city in content.cities}
    for city in content.cities:
        files[f"cities/{city.id}.json"] = CityResponse(
            **common, city=city, current=city.period_on(build_date), bill=bills[city.id],
            page=_links(site_url, "city", city=city.id), embed=_links(site_url, "embed-city", city=city.id))
    files["cities.json"] = CitiesResponse(**common, cities=[
        CitySummary(id=city.id, name=city.name, province=city.province, bureau=city.bureau,
                    current=city.period_on(build_date), latest=city.latest, bill=bills[city.id],
                    page=_links(site_url, "city", city=city.id), embed=_links(site_url, "embed-city", city=city.id),
                    api=f"{api}cities/{city.id}.json")
        for city in content.cities])
    files["checklist.json"] = ChecklistResponse(
        **common, checklist=content.checklist, page=_links(site_url, "checklist"),
        embed=_links(site_url, "embed-checklist"))
    files["guide.json"] = GuideResponse(
        **common, steps=content.steps.steps, precautions=content.precautions.precautions,
        topics=content.topics.topics,
        insurance=content.insurance.insurance, legal=content.legal.articles,
        glossary=content.glossary.terms, page=_links(site_url, "home"))

    def endpoint(name: str, path: str, schema_name: str, zh: str, en: str) -> Endpoint:
        return Endpoint(name=name, url=f"{api}{path}", schema=f"{api}schema/{schema_name}.schema.json",
                        # Written here, in the API's own languages (LANGS), whatever languages the site has.
                        description=Text.model_validate({"zh": zh, "en": en}, context={CONTEXT_KEY: LANGS}))

    files["index.json"] = IndexResponse(
        **common, site_url=site_url, languages=list(LANGS), cities=[c.id for c in content.cities],
        embed_script=SITEMAP.absolute(site_url, "embed-script"),
        endpoints=[
            endpoint("index", "index.json", "index", "本文件：接口目录", "This file: what the API holds"),
            endpoint("cities", "cities.json", "cities", "所有城市及构建日现行的缴费标准",
                     "Every city with the figures in force on the build date"),
            endpoint("city", "cities/{id}.json", "city", "单个城市：所有时期的标准、来源和说明",
                     "One city: every period's figures, sources and notes"),
            endpoint("checklist", "checklist.json", "checklist", "办事材料清单", "The visit checklist"),
            endpoint("guide", "guide.json", "guide",
                     "办事步骤、注意事项、停缴和转移等专题、五项保险、法律依据、名词解释",
                     "Steps, precautions, topic pages (stopping, moving, retiring), insurance types, legal "
                     "articles, glossary"),
        ])
    return files


def write_api(site_dir: Path, content: Content, site_url: str, build_date: dt.date | None = None) -> list[Path]:
    """Write api/v1/ (data and schemas) into the built site; return the files written."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    root = site_dir / API_DIR
    written = []
    for path, response in responses(content, site_url, build_date or dt.date.today()).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dump(response), encoding="utf-8")
        written.append(target)
    for name in SCHEMAS:
        target = root / "schema" / f"{name}.schema.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema(name, site_url), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(target)
    return written


def schema_name(path: str) -> str:
    """Which schema an API file (path under api/v1/) follows."""
    if path.startswith("cities/"):
        return "city"
    return path.removesuffix(".json")
