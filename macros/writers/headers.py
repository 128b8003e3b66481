"""site/_headers: HTTP headers for hosts that read them (Netlify, Cloudflare Pages), written at build time.

Two Content-Security-Policy headers apply to every page, and a browser enforces both:

1. the site policy (`/*`): scripts only from our origin (no inline script anywhere; Material's only
   inline `<script>` elements are JSON islands of type application/json, which CSP does not run),
   WebAssembly compilation for Pyodide (`'wasm-unsafe-eval'`), workers from our origin;
2. a framing policy per page: `frame-ancestors 'self'` everywhere, plus the allowed host sites on the
   embed pages only (`embed/checklist/`, `embed/calculator/`, `embed/cities/<id>/`, and `en/…`).

Both hosts join repeated headers of matching rules with a comma, which a browser reads as two
policies. Paths carry the path of `site_url`, so a site built with `--site-url https://x/shebao/` has
rules for `/shebao/…`. The allowed hosts are `extra.guide.embed_hosts` in mkdocs.yml (see
`GuideSettings`).

Cache-Control: a file with a content hash in its name (macros/writers/service_worker.py `is_immutable`) is
`immutable` for a year; everything else must be revalidated on every use. Both hosts join a header
that several matching rules set, so these rules never overlap: a folder whose files are all of one
kind gets one `folder/*` rule, a mixed folder one rule per file (and per sub-folder).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from macros.writers.precompress import headers_note
from macros.writers.service_worker import is_immutable

EMBED_PAGES = ("embed/checklist/", "embed/calculator/", "embed/cities/", "embed/offer-check/")
"""The pages other sites may frame (relative to a language root)."""

SITE_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    "connect-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "frame-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))
"""The policy every file gets. No 'unsafe-inline', no 'unsafe-eval'."""

CALENDAR_TYPE = "text/calendar; charset=utf-8"
"""calendar/*.ics and en/calendar/*.ics (macros/writers/calendar.py)."""

CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_REVALIDATE = "public, max-age=0, must-revalidate"

_HOST = re.compile(r"https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:(\d{1,5}|\*))?")


def _check_host(value: str) -> str:
    if not _HOST.fullmatch(value):
        raise ValueError(f"'{value}' is not a site origin such as https://jobs.example.com "
                         "(scheme and host, optional port, no path; '*.' allowed as the first label)")
    return value


HostOrigin = Annotated[str, AfterValidator(_check_host)]


_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+")
_CONTACT_URL = re.compile(r"https://[^\s\"'<>`]+")


def _check_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"'{value}' is not an e-mail address such as embed@example.org")
    return value


def _check_contact_url(value: str) -> str:
    if not _CONTACT_URL.fullmatch(value) or urlsplit(value).hostname is None:
        raise ValueError(f"'{value}' is not an https:// address such as https://example.org/contact/")
    return value


class GuideContact(BaseModel):
    """Who site owners write to about embedding (shown on the embed code page; nothing is invented)."""

    model_config = ConfigDict(extra="forbid")

    email: Annotated[str, AfterValidator(_check_email)] | None = None
    url: Annotated[str, AfterValidator(_check_contact_url)] | None = None

    def model_post_init(self, context: Any) -> None:
        if not self.email and not self.url:
            raise ValueError("give an email or a url (or leave contact out)")


class GuideSettings(BaseModel):
    """`extra.guide` in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid")

    embed_hosts: list[HostOrigin] = []
    """Origins allowed to frame the embed pages, e.g. https://jobs.example.com."""

    contact: GuideContact | None = None
    """Where a site owner asks to be added to `embed_hosts`; the embed code page shows it only when set."""


def guide_settings(config: Any) -> GuideSettings:
    """Read and check `extra.guide` from the MkDocs config; a bad value stops the build."""
    from mkdocs.exceptions import PluginError

    extra = config.get("extra") or {}
    try:
        return GuideSettings.model_validate(extra.get("guide") or {})
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise PluginError(f"mkdocs.yml extra.guide: {problems}") from None


def frame_policy(embed_hosts: list[str] | None) -> str:
    return " ".join(["frame-ancestors 'self'", *(embed_hosts or [])])


def _sections(folder: Path, skip: set[str]) -> list[str]:
    """Top-level folders of `folder` that hold pages."""
    return sorted(child.name for child in folder.iterdir()
                  if child.is_dir() and child.name not in skip and any(child.rglob("*.html")))


def _kinds(folder: Path, relative: str) -> set[bool]:
    return {is_immutable(f"{relative}{path.relative_to(folder).as_posix()}") for path in folder.rglob("*")
            if path.is_file() and not (relative == "" and path.name == "_headers")}


def cache_rules(site_dir: Path) -> list[tuple[str, bool]]:
    """Non-overlapping (site-relative pattern, immutable) pairs covering every file of the site."""
    rules: list[tuple[str, bool]] = []

    def visit(folder: Path, relative: str) -> None:
        kinds = _kinds(folder, relative)
        if len(kinds) == 1 and relative:
            rules.append((f"{relative}*", kinds.pop()))
            return
        if (folder / "index.html").exists():
            rules.append((relative, False))
        for child in sorted(folder.iterdir()):
            if child.is_dir():
                if any(path.is_file() for path in child.rglob("*")):
                    visit(child, f"{relative}{child.name}/")
            elif child.is_file() and not (relative == "" and child.name == "_headers"):  # the hosts never serve it
                rules.append((f"{relative}{child.name}", is_immutable(f"{relative}{child.name}")))

    visit(site_dir, "")
    return rules


def headers_text(site_dir: Path, site_url: str, embed_hosts: list[str]) -> str:
    """The _headers file for the built site in `site_dir`."""
    base = urlsplit(site_url or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    own = frame_policy([])
    hosts = frame_policy(embed_hosts)
    lines = [
        "# Generated by macros/writers/headers.py at build time; allowed host sites: extra.guide.embed_hosts in mkdocs.yml.",
        *headers_note(site_dir),
        f"{base}*",
        f"  Content-Security-Policy: {SITE_POLICY}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        f"{base}api/*",
        "  Access-Control-Allow-Origin: *",
    ]

    def page_rule(path: str, policy: str, embed: bool) -> None:
        lines.append(f"{base}{path}")
        lines.append(f"  Content-Security-Policy: {policy}")
        if not embed:
            lines.append("  X-Frame-Options: SAMEORIGIN")

    for prefix in ("", "en/"):
        root = site_dir / prefix
        if not (root / "index.html").exists():
            continue
        for path in (prefix, f"{prefix}index.html", f"{prefix}404.html", f"{prefix}embed/", f"{prefix}embed/index.html"):
            if (site_dir / path).exists() or path.endswith("/") and (site_dir / path / "index.html").exists():
                page_rule(path, own, embed=False)
        for section in _sections(root, {"en", "embed", "assets", "api", "search"}):
            page_rule(f"{prefix}{section}/*", own, embed=False)
        for page in EMBED_PAGES:
            if (site_dir / prefix / page).exists():
                page_rule(f"{prefix}{page}*", hosts, embed=True)
        if (root / "calendar").is_dir():  # payment reminders: phones offer to add them to the calendar
            lines += [f"{base}{prefix}calendar/*", f"  Content-Type: {CALENDAR_TYPE}"]
    for pattern, immutable in cache_rules(site_dir):
        lines.append(f"{base}{pattern}")
        lines.append(f"  Cache-Control: {CACHE_IMMUTABLE if immutable else CACHE_REVALIDATE}")
    return "\n".join(lines) + "\n"


def write_headers(site_dir: Path, site_url: str, embed_hosts: list[str]) -> Path:
    target = site_dir / "_headers"
    target.write_text(headers_text(site_dir, site_url, embed_hosts), encoding="utf-8")
    return target


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules of a _headers file: (path pattern, [(header, value), …]), in file order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> list[tuple[str, str]]:
    """The headers a Netlify/Cloudflare-style host sends for `path`: every matching rule, in order."""
    found = []
    for pattern, headers in rules:
        regex = "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", pattern))
        if re.fullmatch(regex, path):
            found += headers
    return found
