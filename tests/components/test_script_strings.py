"""The strings contract: each component's scripts ask only for the catalogue keys its strings.yaml
declares, every declared key exists in content/ui.yaml and is used, and the page gives the script
exactly those strings (macros/views/script_strings.py; the build runs the same check)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from macros.content import load_content  # noqa: E402
from macros.views import script_strings  # noqa: E402
from macros.views.script_strings import ScriptStringsError, check, page_strings, scripts, uses  # noqa: E402

COMPONENTS = ROOT / "overrides" / "components"
UI = load_content(ROOT / "content").ui.strings


def _components_with_scripts() -> list[str]:
    return sorted(p.name for p in COMPONENTS.iterdir() if p.is_dir() and scripts(p.name))


@pytest.mark.parametrize("component", _components_with_scripts())
def test_every_script_asks_only_for_declared_keys(component: str) -> None:
    keys = check(component, UI)
    assert set(keys) <= set(UI)
    if any(uses(script) for script in scripts(component)):
        assert (COMPONENTS / component / "strings.yaml").exists()


def test_the_calculator_is_given_what_it_shows() -> None:
    """Including the pension hint /calculator/ once showed as a raw key, and every bill family member."""
    keys = check("calculator", UI)
    assert "pension-needs-retirement" in keys and "age-years-month" in keys
    assert {key for key in UI if key.startswith(("bill-name-", "bill-status-"))} <= set(keys)
    strings = page_strings("calculator", UI, lambda key: f"<{key}>")
    assert strings == {key: f"<{key}>" for key in keys}


@pytest.mark.parametrize(("page", "lang", "island"), [
    ("calculator/index.html", "zh", r"<script type=\"application/json\" data-guide-calculator-config>(.*?)</script>"),
    ("en/calculator/index.html", "en", r"<script type=\"application/json\" data-guide-calculator-config>(.*?)</script>"),
    ("checklist/index.html", "zh", r"<script type=\"application/json\" class=\"guide-checklist-data\">(.*?)</script>"),
    ("en/embed/checklist/index.html", "en", r"<script type=\"application/json\" class=\"guide-checklist-data\">(.*?)</script>"),
])
def test_the_built_page_gives_exactly_the_declared_strings(site_dir: Path, page: str, lang: str, island: str) -> None:
    """What the build wrote into the page's JSON island is what strings.yaml promises, in the page's language."""
    html = (site_dir / page).read_text(encoding="utf-8")
    found = re.search(island, html, re.S)
    assert found, f"{page} has no JSON island"
    data = json.loads(found.group(1))
    strings = data["i18n"] if "i18n" in data else data["config"]["i18n"]
    component = "calculator" if "calculator" in page else "checklist"
    assert sorted(strings) == check(component, UI)
    assert all(strings[key] == UI[key].get(lang) for key in strings)


def test_component_data_files_stay_out_of_the_site(site_dir: Path) -> None:
    assert not list((site_dir / "components").rglob("*.yaml"))


def _component(tmp_path: Path, script: str, keys: list[str]) -> str:
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "demo.js").write_text(script, encoding="utf-8")
    (folder / "strings.yaml").write_text(json.dumps({"keys": keys}), encoding="utf-8")
    return "demo"


@pytest.mark.parametrize(("script", "keys", "message"), [
    ('const a = 1;\nthis.t("calc-range");\n', [], 'demo.js:2: t("calc-range") but overrides/components/demo/strings.yaml does not declare'),
    ('t("calc-range");\n', ["calc-range", "calc-ready"], "no script of demo/ uses 'calc-ready'"),
    ('t("no-such-key");\n', ["no-such-key"], "'no-such-key' is not in content/ui.yaml"),
    ("t(key);\n", [], "demo.js:1: t() is called with a key that is not written out"),
    ("t(`bill-name-${name}`);\n", [], "does not declare the family 'bill-name-*'"),
    ("t(`nothing-${name}`);\n", ["nothing-*"], "no key of content/ui.yaml starts with 'nothing-'"),
    ('t("calc-range");\n', ["calc-range", "bill-name-*"], "no script of demo/ picks a key from 'bill-name-*'"),
])
def test_a_broken_contract_fails_naming_script_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       script: str, keys: list[str], message: str) -> None:
    monkeypatch.setattr(script_strings, "COMPONENTS", tmp_path / "overrides" / "components")
    (tmp_path / "overrides" / "components").mkdir(parents=True)
    component = _component(tmp_path / "overrides" / "components", script, keys)
    with pytest.raises(ScriptStringsError) as error:
        check(component, UI)
    assert message in str(error.value)


def test_a_family_and_a_comment_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(script_strings, "COMPONENTS", tmp_path / "overrides" / "components")
    (tmp_path / "overrides" / "components").mkdir(parents=True)
    component = _component(tmp_path / "overrides" / "components",
                           '// the translator t() shows no raw key\nt(`bill-name-${m}`); calculator.t("calc-range", {min: 1});\n',
                           ["calc-range", "bill-name-*"])
    assert check(component, UI) == sorted({"calc-range"} | {k for k in UI if k.startswith("bill-name-")})
