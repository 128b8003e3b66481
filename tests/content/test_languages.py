"""The languages are configuration: content/languages.yaml lists them, every Text needs each one.

A third language (zh-Hant, as README's "A language" adds it) is added to the fixture content with no code
change: validation then asks for it in every text, and refuses a code that is not configured.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.content import ContentError, load_content
from macros.content.languages import LanguagesFile, read_languages
from macros.content.schema import schema_files
from macros.plugin.sitemap import SiteMap

PROJECT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 1, 1)
THREE = """languages:
  - code: zh
    about: Simplified Chinese.
  - code: en
    about: Plain English.
  - code: zh-Hant
    about: Traditional Chinese, for readers from Hong Kong, Macao and Taiwan.
"""


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root, today=TODAY, display_base=root.parent)
    return [str(p) for p in caught.value.problems]


def _is_text(node: Any) -> bool:
    """A Text in raw YAML: a mapping with zh and en strings (a glossary term also has zh and en, and an id)."""
    return isinstance(node, dict) and isinstance(node.get("zh"), str) and isinstance(node.get("en"), str) \
        and "id" not in node


def _add_traditional(node: Any) -> int:
    """Give every text under `node` a zh-Hant version (the Simplified text, marked); returns how many."""
    count = 0
    if _is_text(node):
        node["zh-Hant"] = "繁：" + node["zh"]
        count += 1
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        count += _add_traditional(child)
    return count


def _files(root: Path) -> list[Path]:
    return [path for path in sorted(root.rglob("*.yaml")) if path.name != "languages.yaml"]


def _rewrite(root: Path) -> int:
    """Every content file with zh-Hant texts added; the number of texts."""
    total = 0
    for path in _files(root):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        total += _add_traditional(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return total


def _count_texts(root: Path) -> int:
    return sum(_add_traditional(yaml.safe_load(path.read_text(encoding="utf-8"))) for path in _files(root))


def test_mkdocs_builds_the_configured_languages() -> None:
    """The i18n plugin's locales (default first) are content/languages.yaml's codes (the build checks it too)."""
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    [i18n] = [plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin]
    built = [lang for lang in i18n["languages"] if lang.get("build", True)]
    locales = [lang["locale"] for lang in built if lang.get("default")] + \
              [lang["locale"] for lang in built if not lang.get("default")]
    assert tuple(locales) == read_languages(PROJECT / "content").codes == ("zh", "en")


def test_the_project_content_is_in_its_languages() -> None:
    content = load_content(PROJECT / "content")
    assert content.languages.codes == ("zh", "en")
    assert list(content.steps.steps[0].title.texts) == ["zh", "en"]


def test_a_third_language_is_content_and_configuration(fixture_content: Path) -> None:
    (fixture_content / "languages.yaml").write_text(THREE, encoding="utf-8")
    texts = _rewrite(fixture_content)
    assert texts > 100  # every content file was reached (steps, checklist, legal, ui, the city…)
    content = load_content(fixture_content, today=TODAY)
    assert content.languages.codes == ("zh", "en", "zh-Hant")
    step = content.steps.steps[0]
    assert step.title["zh-Hant"] == "繁：" + step.title["zh"]
    assert content.ui.strings["notes"].get("zh-Hant") == "繁：" + content.ui.strings["notes"]["zh"]
    assert list(content.cities[0].name.texts) == ["zh", "en", "zh-Hant"]
    assert SiteMap(content.languages.codes).path("steps", "zh-Hant") == "zh-Hant/steps/"


def test_a_third_language_is_required_in_every_text(fixture_content: Path) -> None:
    texts = _count_texts(fixture_content)
    (fixture_content / "languages.yaml").write_text(THREE, encoding="utf-8")
    found = problems(fixture_content)
    expected = "missing translation: add the 'zh-Hant' text (every reader-facing text needs zh, en and zh-Hant)"
    assert all(line.endswith(expected) for line in found), [line for line in found if not line.endswith(expected)]
    assert len(found) == texts  # one error per text, in every file: none is skipped
    assert {line.split(":")[0] for line in found} == {
        f"content/{path.relative_to(fixture_content).as_posix()}" for path in _files(fixture_content)
        if path.name != "style.yaml"}  # style.yaml holds phrases, no reader-facing text
    assert any(re.fullmatch(r"content/steps\.yaml:\d+:\d+: steps\.0\.title: " + re.escape(expected), line)
               for line in found)


def test_one_text_missing_the_third_language(fixture_content: Path) -> None:
    (fixture_content / "languages.yaml").write_text(THREE, encoding="utf-8")
    _rewrite(fixture_content)
    steps = fixture_content / "steps.yaml"
    data = yaml.safe_load(steps.read_text(encoding="utf-8"))
    del data["steps"][1]["title"]["zh-Hant"]
    steps.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [line] = problems(fixture_content)
    assert re.fullmatch(r"content/steps\.yaml:\d+:\d+: steps\.1\.title: missing translation: add the 'zh-Hant' "
                        r"text \(every reader-facing text needs zh, en and zh-Hant\)", line), line


def test_unknown_language_is_refused_at_its_key(fixture_content: Path) -> None:
    steps = fixture_content / "steps.yaml"
    text = steps.read_text(encoding="utf-8")
    old = "    title: {zh: 缴费, en: Pay}"
    assert old in text
    steps.write_text(text.replace(old, "    title: {zh: 缴费, en: Pay, zh-Hant: 繳費}"), encoding="utf-8")
    line_number = next(i for i, line in enumerate(text.splitlines(), 1) if line == old)
    column = len("    title: {zh: 缴费, en: Pay, ") + 1
    assert problems(fixture_content) == [
        f"content/steps.yaml:{line_number}:{column}: steps.1.title.zh-Hant: 'zh-Hant' is not a language of the site "
        "(zh, en: content/languages.yaml); check the spelling, or add the language there first"]


def test_a_misspelt_language_with_one_missing_names_both(fixture_content: Path) -> None:
    steps = fixture_content / "steps.yaml"
    text = steps.read_text(encoding="utf-8")
    steps.write_text(text.replace("    title: {zh: 缴费, en: Pay}", "    title: {zh: 缴费, EN: Pay}"), encoding="utf-8")
    [line] = problems(fixture_content)
    assert line.endswith("steps.1.title: missing translation: add the 'en' text (every reader-facing text needs "
                         "zh and en; 'EN' is not one of them (a typo?))")


@pytest.mark.parametrize(("languages", "message"), [
    ("languages:\n  - code: zh\n    about: x\n  - code: zh\n    about: y\n", "languages: 'zh' is listed twice"),
    ("languages:\n  - code: Chinese\n    about: x\n", "languages.0.code: 'Chinese' is not a language code"),
    ("languages: []\n", "languages: List should have at least 1 item"),
])
def test_languages_file_problems(fixture_content: Path, languages: str, message: str) -> None:
    (fixture_content / "languages.yaml").write_text(languages, encoding="utf-8")
    [line] = problems(fixture_content)
    assert re.match(r"content/languages\.yaml:\d+:\d+: ", line) and message in line, line


def test_languages_file_missing(fixture_content: Path) -> None:
    (fixture_content / "languages.yaml").unlink()
    assert problems(fixture_content) == [
        "content/languages.yaml:1:1: (file): file is missing (it lists the site's languages; see README, A language)"]


def test_schema_lists_every_configured_language() -> None:
    three = LanguagesFile.model_validate(yaml.safe_load(THREE))
    for languages, codes in ((None, ["zh", "en"]), (three, ["zh", "en", "zh-Hant"])):
        text = schema_files(languages)["steps.schema.json"]["$defs"]["Text"]  # type: ignore[index]
        assert text["required"] == codes and list(text["properties"]) == codes  # type: ignore[index]
        assert text["additionalProperties"] is False  # type: ignore[index]


def test_texts_are_written_languages_first() -> None:
    """The API and the calculator export write a text as {"zh", "en", …its own fields}, whatever the YAML order."""
    from macros.content.guide import SourcedText

    text = SourcedText.model_validate({"legal": ["law-article-1"], "en": "Pay", "zh": "缴费"})
    assert list(text.model_dump()) == ["zh", "en", "legal"]
    assert text.model_dump_json() == '{"zh":"缴费","en":"Pay","legal":["law-article-1"]}'
    assert text["en"] == text.get("en") == "Pay" and text.texts == {"zh": "缴费", "en": "Pay"}
    with pytest.raises(KeyError, match="zh-Hant"):
        text["zh-Hant"]
