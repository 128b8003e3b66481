"""Content is data: the HTML that content Markdown may become, and escaping for Markdown headings.

Content Markdown (rendered by macros/views/render.py's `md` filter) is cleaned with nh3 (the Ammonia
sanitiser) against an allow-list: the inline and list tags Markdown makes, links only to http(s),
mailto, tel or relative addresses, no attributes but a link's href and title. Raw HTML, event
handlers and `javascript:` links in content never reach a page, whatever the CSP of the host.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = frozenset({"a", "p", "br", "em", "strong", "code", "ul", "ol", "li", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitise(html: str) -> str:
    """`html` with only allowed tags, attributes and link schemes; text of dropped tags is kept
    (but not the content of <script> and <style>)."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True)


# Python-Markdown's backslash-escapable characters (markdown.Markdown.ESCAPED_CHARS, plus '|' that the
# tables extension adds), except '>': HTML escaping turns it (and '<', '&') into an entity.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_escape(text: str) -> str:
    """Plain `text` with every Markdown special character backslash-escaped (HTML-escape it after this,
    not before: an escaped '#' would break the entities HTML escaping makes)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
