"""YAML parsing that keeps line numbers and refuses what PyYAML silently accepts.

PyYAML keeps the last of two duplicate keys and turns 0.20 into a float; both lose information an
editor needs. We compose the node tree ourselves, so every value can be traced back to its line.

Content is data from whoever edits it, so nothing in a file may hang or crash the loader: only regular
files are read (never a symlink, FIFO or device), at most MAX_FILE_BYTES of them; a first pass over the
parser's events bounds nesting depth and what anchors and aliases expand to (a "billion laughs" file is
refused before anything walks it); numbers and dates that Python cannot hold become problems at their
line. Every failure is a `path:line:col` Problem.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import (AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent, ScalarEvent)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .base import MAX_EXPONENT

MAX_FILE_BYTES = 2 * 1024 * 1024
"""The largest content file read (the largest real one is about 25 kB)."""
MAX_DEPTH = 40
"""The deepest nesting of mappings and lists (real content nests about 8 deep)."""
MAX_NODES = 200_000
"""The most values a file may hold once its aliases are expanded (real files hold a few thousand)."""


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
    text = str(loader.construct_scalar(node))
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:  # .nan, .inf, -.Inf: YAML floats, but no rate or amount
        value = Decimal("NaN")
    if not value.is_finite():
        raise ConstructorError(None, None, f"'{text}' is not a number; write a figure such as 0.20 or 5000",
                               node.start_mark)
    if value and abs(value.adjusted()) > MAX_EXPONENT:
        raise ConstructorError(None, None, f"'{text}' is too large or too small to be a rate or an amount",
                               node.start_mark)
    return value


def _construct_int(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if len(text) > MAX_EXPONENT:
        raise ConstructorError(None, None, f"'{text[:40]}…' is too large a number", node.start_mark)
    return int(yaml.SafeLoader.construct_yaml_int(loader, node))


def _construct_timestamp(loader: yaml.SafeLoader, node: ScalarNode) -> dt.date:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[no-any-return]
    except (ValueError, OverflowError) as error:  # 2025-02-30, 2025-13-01
        raise ConstructorError(None, None, f"'{node.value}' is not a date: {error}", node.start_mark) from None


for _loader in (_Loader, _FastLoader):  # the same class twice without libyaml: harmless
    _loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
    _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


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


def read_regular_file(file: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """The text of `file` if it is a regular UTF-8 file of at most MAX_FILE_BYTES, else a problem.

    Never follows a symlink and never blocks: a FIFO or a device is refused from its metadata (the file
    is opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat, so it cannot change in between).
    """
    def problem(message: str, line: int = 1, column: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, line, column, "(file)", message)]

    try:
        info = os.lstat(file)
    except OSError as error:
        return problem(f"cannot be read: {error.strerror or error}")
    if stat.S_ISLNK(info.st_mode):
        return problem("is a symbolic link; content files must be regular files in the content folder "
                       "(copy the file instead of linking it)")
    if not stat.S_ISREG(info.st_mode):
        return problem(f"is not a regular file (it is a {_kind(info.st_mode)}); only .yaml files are read")
    try:
        descriptor = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return problem(f"cannot be read: {error.strerror or error}")
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            return problem(f"is not a regular file (it is a {_kind(opened.st_mode)}); only .yaml files are read")
        if opened.st_size > MAX_FILE_BYTES:
            return problem(f"is {opened.st_size:,} bytes; a content file may be at most {MAX_FILE_BYTES:,} "
                           "(split it, or check that it is the file you meant)")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return problem(f"cannot be read: {error.strerror or error}")
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:
        return problem(f"is larger than {MAX_FILE_BYTES:,} bytes, the most a content file may be")
    try:
        return data.decode("utf-8-sig"), []  # a byte-order mark (some Windows editors) is dropped
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return problem(f"not UTF-8 text: {error.reason} (byte 0x{data[error.start]:02x}); save the file as UTF-8",
                       line, column)


def _code_point(character: Any) -> int:
    return character if isinstance(character, int) else ord(str(character)[:1] or "\0")


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISCHR, "character device"),
             (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"))
    return next((name for test, name in kinds if test(mode)), "special file")


def _position(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _check_shape(loader_class: type[yaml.SafeLoader], text: str) -> tuple[int, int, str] | None:
    """(line, column, message) where `text` nests deeper than MAX_DEPTH or expands (through anchors and
    aliases) to more than MAX_NODES values; None if neither. One pass over the parser's events, which
    keeps its own stack: nothing here recurses, and an alias costs the size of its anchor, not a walk."""
    loader = loader_class(text)
    depth = 0
    total = 0
    sizes: dict[str, int] = {}
    open_collections: list[tuple[str | None, int]] = []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, AliasEvent):
                if any(anchor == event.anchor for anchor, _ in open_collections):
                    return (*_position(event), f"alias *{event.anchor} refers to a value that contains it")
                total += sizes.get(str(event.anchor), 1)
            elif isinstance(event, ScalarEvent):
                total += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, CollectionStartEvent):
                depth += 1
                total += 1
                open_collections.append((event.anchor, total))
                if depth > MAX_DEPTH:
                    return (*_position(event), f"nested more than {MAX_DEPTH} levels deep; "
                                               "content is never nested this deep")
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
                anchor, start = open_collections.pop()
                if anchor:
                    sizes[anchor] = total - start + 1
            if total > MAX_NODES and isinstance(event, NodeEvent):
                return (*_position(event), f"holds more than {MAX_NODES:,} values once its aliases (*name) are "
                                           "expanded; write repeated values out instead of nesting anchors")
    finally:
        loader.dispose()
    return None


def parse_yaml(file: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file. Returns the document, or None with the problems that stopped parsing."""
    text, problems = read_regular_file(file, display_path)
    if text is None:
        return None, problems
    return parse_yaml_text(text, display_path)


def parse_yaml_text(text: str, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse the text of one file (see parse_yaml)."""
    loader_class: type[yaml.SafeLoader] = _FastLoader
    try:
        shape = _check_shape(_FastLoader, text)
    except yaml.YAMLError:
        loader_class = _Loader  # libyaml refused the file: the pure-Python parser words the error best
    try:
        if loader_class is _Loader:
            shape = _check_shape(_Loader, text)
        if shape is not None:
            line, column, message = shape
            return None, [Problem(display_path, line, column, "(yaml)", message)]
        root, data = _compose_and_construct(loader_class, text)
        problems = _duplicate_keys(root, display_path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        prefix = "" if isinstance(error, ConstructorError) and not error.context else "YAML syntax error: "
        return None, [Problem(display_path, line, column, "(yaml)", f"{prefix}{what}")]
    except yaml.reader.ReaderError as error:  # a control character YAML does not allow
        before = text[:error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        return None, [Problem(display_path, line, column, "(yaml)",
                              f"character U+{_code_point(error.character):04X} is not allowed in YAML text "
                              "(a control character; delete it)")]
    except (yaml.YAMLError, ArithmeticError, ValueError, RecursionError, MemoryError) as error:
        return None, [Problem(display_path, 1, 1, "(yaml)", f"YAML error: {type(error).__name__}: {error}")]
    return YamlDocument(display_path, data, root), problems
