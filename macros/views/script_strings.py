"""The strings contract between a component's scripts and its page.

Each component folder (overrides/components/<component>/) holds strings.yaml: the keys of
content/ui.yaml its scripts may show. A key ending in `*` declares a family its scripts pick at run
time (`bill-name-*` for t(`bill-name-${name}`)). The page gives the script exactly those strings, in
the page's language, in its JSON island (`page_strings`).

The check runs on every build (a broken contract fails the build, never shows a raw key or an empty
line to a reader) and in tests/components/test_script_strings.py. It reads every `t(` call in the
component's scripts:

* its key must be written out (`t("calc-range", …)`, or a template literal whose fixed start is a
  declared family, t(`bill-status-${status}`)), so the check can see it;
* the key (or the family) must be declared in strings.yaml;
* every declared key must be in content/ui.yaml, every family must match one there, and every
  declared key must be used by a script (the island carries nothing no script reads).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

COMPONENTS = Path(__file__).resolve().parent.parent.parent / "overrides" / "components"
SCRIPT_SUFFIXES = (".js", ".mjs")
# A call of the scripts' translator: `t(`, `this.t(`, `calculator.t(`; group 1 is what follows.
CALL = re.compile(r"(?<![\w$])t\(\s*(.)")
LITERAL = re.compile(r"""(["'])([^"'\\]+)\1""")
TEMPLATE = re.compile(r"`([^`$]*)(\$\{)?")


class ScriptStringsError(Exception):
    """A component's scripts and its strings.yaml (or content/ui.yaml) disagree; the message names the
    script, its line and the key."""


@dataclass(frozen=True)
class Use:
    """One `t(` call: where it is, and its key (or, for a family, the key's fixed start)."""

    script: str
    line: int
    key: str
    family: bool


def _relative(path: Path) -> str:
    return path.relative_to(COMPONENTS.parent.parent).as_posix()


def scripts(component: str) -> list[Path]:
    """The component's scripts (its folder's .js and .mjs files, vendored libraries excluded)."""
    folder = COMPONENTS / component
    return sorted(p for p in folder.rglob("*") if p.suffix in SCRIPT_SUFFIXES and "vendor" not in p.parts)


def uses(path: Path) -> list[Use]:
    """Every `t(` call of one script; a key that is not written out is an error."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in CALL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        start = match.start(1)
        if match.group(1) == ")":  # `t()` named in a comment
            continue
        literal = LITERAL.match(text, start)
        template = TEMPLATE.match(text, start)
        if literal:
            found.append(Use(_relative(path), line, literal.group(2), False))
        elif template and template.group(1):
            found.append(Use(_relative(path), line, template.group(1), template.group(2) is not None))
        else:
            raise ScriptStringsError(
                f"{_relative(path)}:{line}: t() is called with a key that is not written out; write the key as a "
                f'string (t("calc-range")) or a family as a template literal (t(`bill-name-${{name}}`)) so the '
                f"strings check can see it")
    return found


def declared(component: str) -> list[str]:
    """The keys (and `prefix-*` families) the component's strings.yaml declares."""
    path = COMPONENTS / component / "strings.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    keys = data.get("keys") or []
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        raise ScriptStringsError(f"{_relative(path)}: `keys` must be a list of content/ui.yaml keys")
    return keys


def check(component: str, catalogue: Iterable[str]) -> list[str]:
    """The keys of content/ui.yaml the component's scripts may show (families expanded, sorted).

    Raises ScriptStringsError naming the script and key at the first broken promise."""
    ui = set(catalogue)
    strings_file = _relative(COMPONENTS / component / "strings.yaml")
    keys = declared(component)
    exact = {key for key in keys if not key.endswith("*")}
    families = {key[:-1] for key in keys if key.endswith("*")}
    used_exact: set[str] = set()
    used_families: set[str] = set()
    for script in scripts(component):
        for use in uses(script):
            if use.family:
                if use.key not in families:
                    raise ScriptStringsError(
                        f"{use.script}:{use.line}: t() picks a key starting with '{use.key}' at run time, but "
                        f"{strings_file} does not declare the family '{use.key}*'")
                used_families.add(use.key)
            elif use.key in exact or any(use.key.startswith(family) for family in families):
                used_exact.add(use.key)
            else:
                raise ScriptStringsError(
                    f"{use.script}:{use.line}: t(\"{use.key}\") but {strings_file} does not declare '{use.key}' "
                    f"(add it there, and to content/ui.yaml with zh and en)")
    for key in sorted(exact):
        if key not in ui:
            raise ScriptStringsError(f"{strings_file}: '{key}' is not in content/ui.yaml; add it with zh and en")
        if key not in used_exact:
            raise ScriptStringsError(f"{strings_file}: no script of {component}/ uses '{key}'; remove it")
    for family in sorted(families):
        if not any(key.startswith(family) for key in ui):
            raise ScriptStringsError(f"{strings_file}: no key of content/ui.yaml starts with '{family}'")
        if family not in used_families:
            raise ScriptStringsError(f"{strings_file}: no script of {component}/ picks a key from '{family}*'; remove it")
    return sorted(exact | {key for key in ui for family in families if key.startswith(family)})


@cache
def _checked(component: str, catalogue: frozenset[str], stamp: tuple[tuple[str, float], ...]) -> tuple[str, ...]:
    return tuple(check(component, catalogue))


def _stamp(component: str) -> tuple[tuple[str, float], ...]:
    folder = COMPONENTS / component
    return tuple((p.name, p.stat().st_mtime) for p in sorted(folder.iterdir()) if p.is_file())


def page_strings(component: str, catalogue: Mapping[str, object], t: Callable[[str], str]) -> dict[str, str]:
    """The strings the page gives the component's scripts ({key: text in the page's language}), checked
    once per change of the component's files (every page of a build asks)."""
    keys = _checked(component, frozenset(catalogue), _stamp(component))
    return {key: t(key) for key in keys}
