"""The content style check: warnings about how a text is written, not whether it is valid.

`guide validate` prints them as `path:line:col: field.path: warning: message`; `--strict` makes them
errors. The checks a native editor would otherwise make by hand: ASCII quotes and half-width punctuation
in Chinese text, document numbers printed twice or written with the wrong brackets, spelling variants
(计入 for the law's 记入), and the empty or machine-sounding phrases listed in content/style.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .base import StrictModel
from .yaml_source import Problem, YamlDocument

STYLE_FILE = "style.yaml"


class Variant(StrictModel):
    """A spelling to avoid in Chinese text and the one to write instead."""

    avoid: str = Field(min_length=1)
    use: str = Field(min_length=1)
    why: str
    """For the editor: why (e.g. the law writes 记入个人账户)."""


class Phrase(StrictModel):
    """An empty or machine-sounding phrase: readers learn nothing from it."""

    text: str = Field(min_length=1)
    """Matched case-insensitively, anywhere in a text of that language."""
    lang: str = Field(pattern="^(zh|en)$")
    why: str
    """For the editor: what to write instead."""


class StyleFile(StrictModel):
    """content/style.yaml: what the style check looks for besides punctuation."""

    variants: list[Variant] = []
    phrases: list[Phrase] = []


CJK = "\u3400-\u4dbf\u4e00-\u9fff"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
# A half-width mark touching a Chinese character on the side that matters: "中文," / "中文(" / ")中文" /
# ",中文". A full stop counts only after a character (1.5, example.com and "…。" stay untouched).
_HALF_WIDTH = re.compile(rf"(?<=[{CJK}])[,;:?!(.]|[,;:?!)](?=[{CJK}])")
_HAS_CJK = re.compile(rf"[{CJK}]")
_ASCII_QUOTE = re.compile(r"[\"']")
DOCUMENT_NUMBER = re.compile(rf"[{CJK}]{{1,16}}〔\d{{4}}〕\d+号")
_WRONG_BRACKETS = re.compile(rf"(?<=[{CJK}])[\[［(（]\d{{4}}[\]］)）]\d+号")
"""The year and number of a document number written [2009]24号 or (2009)24号 instead of 〔2009〕24号."""

VERBATIM_KEYS = {"quote_zh"}
"""Texts quoted word for word from a document: reported for punctuation, never for wording."""
LINKS = re.compile(r"\]\([^)]*\)|https?://\S+|`[^`]*`")
"""Markdown link targets, bare URLs and code: not prose."""


def _strings(node: Node | None, trail: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], ScalarNode]]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _strings(value, (*trail, str(key.value)))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _strings(item, (*trail, index))
    elif isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield trail, node


def _excerpt(text: str, start: int, end: int) -> str:
    left, right = max(0, start - 6), min(len(text), end + 6)
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def _chinese_problems(text: str, verbatim: bool, style: StyleFile) -> Iterator[str]:
    prose = LINKS.sub(lambda m: " " * len(m.group()), text)
    for match in _ASCII_QUOTE.finditer(prose):
        yield (f"ASCII quotation mark {match.group()} in Chinese text ({_excerpt(text, match.start(), match.end())}): "
               "use “ ” (or ‘ ’ inside them)")
    for match in _HALF_WIDTH.finditer(prose):
        mark = match.group()
        yield (f"half-width '{mark}' in Chinese text ({_excerpt(text, match.start(), match.end())}): "
               f"use '{HALF_TO_FULL[mark]}'")
    for match in _WRONG_BRACKETS.finditer(prose):
        yield (f"document number written with the wrong brackets ({_excerpt(text, match.start(), match.end())}): "
               "use 〔 〕, e.g. 国发〔2005〕38号")
    seen: set[str] = set()
    for match in DOCUMENT_NUMBER.finditer(prose):
        number = _number(match.group())
        if number in seen:
            yield f"document number …{number} is printed twice in this text: keep it once"
        seen.add(number)
    if verbatim:
        return
    for variant in style.variants:
        if variant.avoid in prose:
            yield f"'{variant.avoid}': write '{variant.use}' ({variant.why})"
    for phrase in style.phrases:
        if phrase.lang == "zh" and phrase.text in prose:
            yield f"empty or machine-sounding phrase '{phrase.text}': {phrase.why}"


def _english_problems(text: str, style: StyleFile) -> Iterator[str]:
    lowered = text.lower()
    for phrase in style.phrases:
        if phrase.lang == "en" and phrase.text.lower() in lowered:
            yield f"empty or machine-sounding phrase '{phrase.text}': {phrase.why}"


def _number(match: str) -> str:
    """A key for one document number: the bracketed year and number with the three characters before them
    (人社规〔2023〕5号), so 沪人社规 and 沪医保规 of the same year and number stay apart, whatever words
    happen to precede the number in the text."""
    bracket = match.index("〔")
    return match[max(0, bracket - 3):]


def _repeated_in_title(document: YamlDocument) -> Iterator[Problem]:
    """A source whose title already carries its document_number: pages print both, side by side."""
    def walk(node: Node | None, trail: tuple[str | int, ...]) -> Iterator[Problem]:
        if isinstance(node, MappingNode):
            fields = {str(k.value): v for k, v in node.value}
            number = fields.get("document_number")
            if isinstance(number, ScalarNode) and number.value:
                for field, value in fields.items():
                    if field == "document_number":
                        continue
                    for loc, scalar in _strings(value, (*trail, field)):
                        if number.value in scalar.value:
                            yield _problem(document, loc, scalar,
                                           f"repeats document_number {number.value}, which the page prints next to "
                                           "it: take it out of this text")
            for key, value in node.value:
                yield from walk(value, (*trail, str(key.value)))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                yield from walk(item, (*trail, index))

    yield from walk(document.root, ())


def _problem(document: YamlDocument, loc: tuple[str | int, ...], node: Node, message: str) -> Problem:
    mark = node.start_mark
    return Problem(document.path, mark.line + 1, mark.column + 1, ".".join(map(str, loc)) or "(file)", message,
                   warning=True)


def check_style(documents: dict[str, YamlDocument], style: StyleFile) -> list[Problem]:
    """Style warnings for every content file but style.yaml itself (it lists the phrases to avoid)."""
    problems: list[Problem] = []
    for key, document in documents.items():
        if key == STYLE_FILE:
            continue
        for loc, node in _strings(document.root):
            last = loc[-1] if loc else ""
            text = node.value
            if last == "en":
                messages = list(_english_problems(text, style))
            elif _HAS_CJK.search(text):
                messages = list(_chinese_problems(text, last in VERBATIM_KEYS, style))
            else:
                continue
            problems += [_problem(document, loc, node, message) for message in messages]
        problems += _repeated_in_title(document)
    return problems
