"""YAML parsing that keeps line numbers and refuses what PyYAML silently accepts.

PyYAML keeps the last of two duplicate keys and turns 0.20 into a float; both lose information an
editor needs. We compose the node tree ourselves, so every value can be traced back to its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, ready to print as `path:line:col: field: message`."""

    path: str
    line: int
    column: int
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {kind}{self.message}"


class _Loader(yaml.SafeLoader):
    """SafeLoader whose floats are Decimals (rates and money must stay exact)."""


# libyaml's parser is many times faster; the pure-Python one words syntax errors best, so it is used
# only to report a file libyaml rejected.
_FastLoader: type[yaml.SafeLoader] = (
    type("_FastLoader", (yaml.CSafeLoader,), {}) if getattr(yaml, "__with_libyaml__", False) else _Loader)  # type: ignore[assignment]


def _construct_decimal(loader: yaml.SafeLoader, node: ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


for _loader in (_Loader, _FastLoader):  # the same class twice without libyaml: harmless
    _loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


@dataclass
class YamlDocument:
    """A parsed file: its data and its node tree, for locating errors."""

    path: str
    data: Any
    root: Node | None

    def locate(self, loc: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int, str]:
        """Return (line, column, dotted path) of the deepest node `loc` reaches.

        Parts of `loc` that are not in the file (pydantic's union tags, a missing key) are kept in the
        dotted path only when they are the last part, i.e. the name of a missing field. With `at_key`,
        point at the last key itself rather than its value (for unknown keys).
        """
        node = self.root
        shown: list[str] = []
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            child = _child(node, part, want_key=at_key and last)
            if child is not None:
                node = child
                shown.append(str(part))
            elif last:
                shown.append(str(part))
        if node is None:
            return 1, 1, ".".join(shown) or "(file)"
        mark = node.start_mark
        return mark.line + 1, mark.column + 1, ".".join(shown) or "(file)"

    def problem(self, loc: tuple[str | int, ...], message: str, warning: bool = False,
                at_key: bool = False) -> Problem:
        line, column, field = self.locate(loc, at_key)
        return Problem(self.path, line, column, field, message, warning)


def _child(node: Node | None, part: str | int, want_key: bool = False) -> Node | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(part):
                return key if want_key else value
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def _duplicate_keys(node: Node | None, path: str, trail: tuple[str | int, ...] = ()) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, MappingNode):
        seen: dict[str, Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                first = seen[name].start_mark.line + 1
                mark = key.start_mark
                problems.append(Problem(path, mark.line + 1, mark.column + 1, ".".join(map(str, (*trail, name))),
                                        f"duplicate key '{name}' (first defined on line {first}); "
                                        "YAML would silently keep only the last one"))
            else:
                seen[name] = key
            problems += _duplicate_keys(value, path, (*trail, name))
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            problems += _duplicate_keys(item, path, (*trail, i))
    return problems


def _compose_and_construct(loader_class: type[yaml.SafeLoader], text: str) -> tuple[Node | None, Any]:
    """Parse once: the node tree (for line numbers and duplicate keys) and the data built from it."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


def parse_yaml(file: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file. Returns the document, or None with the problems that stopped parsing."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(display_path, 1, 1, "(file)", f"not UTF-8 text: {error.reason}")]
    try:
        root, data = _compose_and_construct(_FastLoader, text)
    except yaml.YAMLError:
        root, data = None, None
    try:
        if root is None and data is None:
            root, data = _compose_and_construct(_Loader, text)
        problems = _duplicate_keys(root, display_path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        return None, [Problem(display_path, line, column, "(yaml)", f"YAML syntax error: {what}")]
    except (yaml.YAMLError, ArithmeticError) as error:
        return None, [Problem(display_path, 1, 1, "(yaml)", f"YAML error: {error}")]
    return YamlDocument(display_path, data, root), problems
