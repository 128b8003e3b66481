"""Keep the components' finished HTML out of Python-Markdown.

A macro's output is HTML ready to ship, plus the odd Markdown heading (kept Markdown so it reaches the
table of contents). Markdown would still scan every raw HTML block with html.parser to find where it
ends, and on our pages that scan cost more than everything else Markdown did. So each HTML run of a
macro's output is swapped for a placeholder comment before Markdown sees the page, and put back into
the page's HTML right after (plugin.py, on_page_content), before search or any other plugin reads it.
One stash per build, owned by the plugin.
"""

from __future__ import annotations

import itertools
import re

_HEADING = re.compile(r"^#{1,6}\s")
_PLACEHOLDER = re.compile(r"<!--guide-html-(\d+)-->")



class HtmlStash:
    """The macros' HTML of one build, keyed by placeholder, until its page has it back."""

    def __init__(self) -> None:
        self._html: dict[str, str] = {}
        self._keys = itertools.count()

    def __len__(self) -> int:
        return len(self._html)

    def protect(self, markdown: str) -> str:
        """`markdown` with every run of HTML lines between Markdown headings replaced by a placeholder."""
        lines = markdown.split("\n")
        out: list[str] = []
        run: list[str] = []

        def flush() -> None:
            html = "\n".join(run).strip("\n")
            run.clear()
            if not html:
                return
            if not html.lstrip().startswith("<"):
                # Not HTML (text a template meant as Markdown): leave it to Markdown.
                out.append(html)
                return
            key = str(next(self._keys))
            self._html[key] = html
            out.append(f"\n<!--guide-html-{key}-->\n")

        for line in lines:
            if _HEADING.match(line):
                flush()
                out.append(f"\n{line}\n")
            else:
                run.append(line)
        flush()
        return "\n".join(out)

    def restore(self, html: str) -> str:
        """Put the stashed HTML back where its placeholders are (each placeholder is used once)."""
        if "<!--guide-html-" not in html:
            return html
        return _PLACEHOLDER.sub(self._take, html)

    def _take(self, match: re.Match[str]) -> str:
        try:
            return self.restore(self._html.pop(match.group(1)))
        except KeyError:
            raise RuntimeError(f"{match.group(0)}: this macro output was already put back once") from None
