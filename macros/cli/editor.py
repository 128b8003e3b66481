"""Editor commands: `guide new-city <id>` (a commented file to fill in) and `guide sources` (every figure,
its source, confidence and check date, oldest check first)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from macros.content.base import SLUG_PATTERN
from macros import PROJECT

CONTENT = PROJECT / "content"

NEW_CITY = """\
# yaml-language-server: $schema=../_schema/city.schema.json
#
# New city: fill in every empty value, then run `guide validate` until it passes. Empty values fail
# validation on purpose, so a half-filled file can never be published. See EDITING.md.
# Rules: every figure names at least one source from `sources`; a figure you did not find is left
# out (delete the commented block), and the page then says "not published in this guide yet".
# Never guess a figure. Money in yuan (at most 2 decimals), rates as fractions (0.20 = 20%).

id: {city_id}                     # permanent; equal to the file name; used in URLs
name:
  zh: ""                          # e.g. 上海
  en: ""                          # e.g. Shanghai
province:
  zh: ""                          # e.g. 浙江省, or 上海市（直辖市）
  en: ""                          # e.g. Zhejiang Province
bureau:                           # linked wherever a figure is missing
  name:
    zh: ""                        # e.g. 杭州市人力资源和社会保障局
    en: ""                        # e.g. Hangzhou Municipal Human Resources and Social Security Bureau
  url:                            # https://… the bureau's home page
# healthcare_bureau:              # the healthcare security bureau (医疗保障局), linked where a medical
#   name: {{zh: "", en: ""}}      # figure is missing; e.g. 杭州市医疗保障局
#   url: https://…

# Every document a figure is taken from. Add one entry per document.
sources:
  - id: base-notice-{year}        # short slug, unique in this file; figures refer to it
    title:
      zh: ""                      # title of the document or page, as published
      en: ""
    url:                          # https://… where you read it (the official page if you can)
    document_number:              # 文号, e.g. 浙人社发〔2025〕52号; delete the line if there is none
    # published_on: 2025-07-01    # date of publication, where shown
    checked_on:                   # YYYY-MM-DD: the day YOU checked the figure against this source
    confidence:                   # official (seen on a government page, or an exact quote of one)
                                  # or secondary (a third party naming the document)

# City facts that are not figures. Topics: eligibility, hukou, registration, payment, deadline,
# medical, subsidy, other. Delete the list (write `notes: []`) if you have none yet.
notes:
  - topic: hukou
    text:
      zh: ""
      en: ""
    sources: []                   # ids from `sources`; at least one

# The city's own rules (see EDITING.md, "City rules"). Leave a part out where no source gives it: the
# page says "not in this guide yet" and links the bureau. Only official or secondary sources.
# local_rules:
#   offices:
#     online:                     # kind: app, mini_program, website, alipay, bank_withholding,
#       - kind: app               #       bank_counter, tax_office or other
#         name: {{zh: "", en: ""}}
#         how: {{zh: "", en: ""}}   # the menu path; url: https://… where the source gives it
#         sources: [id]
#     counter:                    # address: and hours: only where an official source gives them
#       text: {{zh: "", en: ""}}
#       address: {{zh: "", en: ""}}
#       hours: {{zh: "", en: ""}}
#       sources: [id]
#     phones:
#       - {{number: "12333", text: {{zh: 社会保险咨询热线, en: social insurance helpline}}, sources: [id]}}
#     note: {{zh: "", en: ""}}
#   payment:
#     frequencies: [monthly]      # monthly, quarterly, half_yearly, yearly: only those the source names
#     deadline_day: 24            # with deadline_kind: pay_by (pay before) or withholding (debit day)
#     deadline_kind: pay_by
#     channels:
#       - {{kind: alipay, name: {{zh: 支付宝, en: Alipay}}, how: {{zh: "", en: ""}}, sources: [id]}}
#     note: {{zh: "", en: ""}}
#     sources: [id]
#   breaks:
#     back_payment:
#       allowed: null             # true or false only with sources; null: not found (say so in the note)
#       note: {{zh: "", en: ""}}
#       sources: []
#     medical_waiting_months: null   # a number with medical_waiting_sources, or null with the reason
#     medical_waiting: {{zh: "", en: ""}}
#     medical_waiting_sources: []
#     medical_grace_months: 3        # only where the source says a break this short carries no wait
#     medical_grace_needs_back_payment: false   # true where the missed months must be paid in full
#     medical_waiting_valid_from: 2025-09-10    # where the source says when the rule took effect
#     stopping: {{zh: "", en: ""}}     # e.g. stop your flexible cover before a new employer enrols you
#     stopping_sources: [id]
#   injury_protection:
#     since: 2025-07-01           # null where the start date is not found
#     platforms: [ride_hailing, instant_delivery, intra_city_freight]
#     note: {{zh: "", en: ""}}
#     sources: [id]
#   hukou:
#     note: {{zh: "", en: ""}}
#     sources: [id]               # any rule may add valid_from: / valid_until: where it changed on a date

# The figures in force between two dates, OLDEST FIRST. Each year (usually from July) add a new period
# and set valid_until on the one before (the day before the new valid_from). Periods must not overlap.
periods:
  - valid_from:                   # YYYY-MM-DD, first day in force
    # valid_until: 2026-06-30     # last day in force; leave out while no end date is published
    base:                         # contribution base bounds for flexible employees, yuan per month
      min:
      max:
      # average_wage: 12000       # the average monthly wage the bounds derive from, where published
      sources: []
    pension:
      rate:                       # share of the base, e.g. 0.20
      personal_account_rate:      # share credited to the personal account, e.g. 0.08
      sources: []
    # Employee medical insurance, unemployment and work injury: one rule each (see EDITING.md, "Rules").
    # Leave an insurance out where no sourced rule was found: the page says "not in this guide yet".
    # A rate of a base; the base is one of:
    #   medical: {{kind: rate, rate: 0.10, base: {{kind: pension}}, sources: [id]}}       same base as pension
    #   medical: {{kind: rate, rate: 0.08, base: {{kind: chosen, min: 5510, max: 27549}}, sources: [id]}}
    #   medical: {{kind: rate, rate: 0.08, base: {{kind: declared, min: 6727, max: 33633}}, sources: [id]}}
    #   medical:                                  # a share of a named wage, the same for everyone
    #     kind: rate
    #     rate: 0.095
    #     parts:                                  # where the source splits the rate; must add up
    #       - {{name: {{zh: "", en: ""}}, rate: 0.0875}}
    #       - {{name: {{zh: "", en: ""}}, rate: 0.0075}}
    #     parts_billed_separately: true           # the source rounds each part on its own
    #     fees:                                   # fixed monthly fees paid with the premium
    #       - {{name: {{zh: "", en: ""}}, monthly: 10}}
    #     base: {{kind: reference_wage, wage_name: {{zh: "", en: ""}}, wage: 7646, per: month, share: 0.80,
    #            rounding: yuan}}
    #     sources: [id]
    # A fixed amount, or a list of grades to pick from (monthly: or yearly:):
    #   medical: {{kind: fixed, monthly: 584.92, sources: [id]}}
    #   medical: {{kind: grades, grades: [{{id: grade-1, name: {{zh: 一档, en: Grade 1}}, yearly: 3075}}], sources: [id]}}
    # A source says flexible employees cannot join:
    #   unemployment: {{kind: not_available, sources: [id]}}
    #   work_injury: {{kind: not_available, sources: [id]}}
    # Sources that disagree on a figure: the page shows both. Say which one the guide uses and why.
    # conflicts:
    #   - figure: base.min
    #     text: {{zh: "", en: ""}}
    #     sources: [id-a, id-b]
    # notes:                      # short remarks shown under the period's table
    #   - {{zh: "", en: ""}}

# Only once the latest period has ended and no newer figures are published: the day you looked and what
# you looked at (see EDITING.md, "When figures go stale"). Remove it when you add the new period.
# no_newer_figures:
#   checked_on: 2026-11-29
#   sources: [id]
"""


class EditorError(Exception):
    pass


def new_city(content_root: Path, city_id: str, year: int) -> Path:
    """Write content/cities/<id>.yaml from the template; never overwrite."""
    if not re.fullmatch(SLUG_PATTERN, city_id):
        raise EditorError(f"'{city_id}' is not a valid city id: use lowercase pinyin letters, digits and single "
                          "hyphens, e.g. 'xian' or 'hefei'")
    path = content_root / "cities" / f"{city_id}.yaml"
    if path.exists():
        raise EditorError(f"{path} already exists; edit it (add a period for a new year) instead of replacing it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NEW_CITY.format(city_id=city_id, year=year), encoding="utf-8")
    return path


@dataclass(frozen=True)
class FigureSource:
    """One figure and one of its sources."""

    checked_on: str
    confidence: str
    owner: str
    """City id, 'resident' for content/resident.yaml, or 'national' for content/national.yaml."""
    period: str
    """valid_from of the period (cities, national rules), premium year (resident), or '' for facts outside
    periods (and national rules whose start date is not checked)."""
    figure: str
    source: str
    document_number: str
    url: str


def figure_sources(content: Any) -> list[FigureSource]:
    """Every (figure, source) pair in content, oldest check first, then by owner, period and figure."""
    rows: list[FigureSource] = []

    def add(owner: str, sources: Any, period: str, figure: str, ids: list[str]) -> None:
        for ref in ids:
            s = sources(ref)
            rows.append(FigureSource(s.checked_on.isoformat(), s.confidence, owner, period, figure, s.id,
                                     s.document_number or "", s.url))

    for city in content.cities:
        used: set[str] = set()
        for period in city.periods:
            start = period.valid_from.isoformat()
            for name in ("base", "pension", "medical", "unemployment", "work_injury"):
                group = getattr(period, name)
                if group is not None:
                    add(city.id, city.source, start, name, list(group.sources))
                    used.update(group.sources)
            for conflict in period.conflicts:
                add(city.id, city.source, start, f"conflict:{conflict.figure}", list(conflict.sources))
                used.update(conflict.sources)
        for note in city.notes:
            add(city.id, city.source, "", f"note:{note.topic}", list(note.sources))
            used.update(note.sources)
        for loc, ref in city.local_rules.source_refs():
            figure = "rule:" + ".".join(str(part) for part in loc[:-2] if not isinstance(part, int))
            add(city.id, city.source, "", figure, [ref])
            used.add(ref)
        for s in city.sources:
            if s.id not in used:
                add(city.id, city.source, "", "(not used by any figure)", [s.id])

    national = getattr(content, "national", None)
    if national is not None:
        for name, rule in national.rules():
            add("national", national.source, rule.valid_from.isoformat() if rule.valid_from else "", name,
                list(rule.sources))

    resident = getattr(content, "resident", None)
    if resident is not None:
        for year in resident.medical.years:
            add("resident", resident.source, str(year.year), "medical.premium", list(year.sources))
        for name in ("waiting_period", "who", "benefits"):
            claim = getattr(resident.medical, name)
            if claim is not None:
                add("resident", resident.source, "", f"medical.{name}", list(claim.sources))
        for name in ("grades", "who", "benefit"):
            add("resident", resident.source, "", f"pension.{name}", list(getattr(resident.pension, name).sources))
        for row in resident.comparison:
            for side in ("resident", "employee"):
                claim = getattr(row, side)
                if claim is not None:
                    add("resident", resident.source, "", f"comparison.{row.id}.{side}", list(claim.sources))
    return sorted(rows, key=lambda r: (r.checked_on, r.owner, r.period, r.figure, r.source))


def cmd_new_city(args: argparse.Namespace) -> int:
    import datetime as dt

    try:
        path = new_city(Path(args.content), args.id, dt.date.today().year)
    except EditorError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {path}\nfill in every empty value, then run `guide validate` (see EDITING.md)")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from macros.content import ContentError, load_content

    try:
        content = load_content(Path(args.content).resolve())
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("fix these first (guide validate)", file=sys.stderr)
        return 1
    rows = figure_sources(content)
    if args.json:
        json.dump([asdict(r) for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    header = ("checked on", "confidence", "city", "period", "figure", "source", "document number")
    table = [header] + [(r.checked_on, r.confidence, r.owner, r.period or "—", r.figure, r.source,
                         r.document_number or "—") for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])
    secondary = sum(r.confidence == "secondary" for r in rows)
    print(f"\n{len(rows)} figure sources; {secondary} secondary; oldest check {rows[0].checked_on if rows else '—'}")
    return 0


def add_commands(commands: Any) -> None:
    """Register `new-city` and `sources` on the `guide` command's subparsers."""
    new = commands.add_parser("new-city", help="write content/cities/<id>.yaml: a commented file to fill in")
    new.add_argument("id", help="city id: lowercase pinyin, e.g. hefei (permanent: it is the page URL)")
    new.add_argument("--content", default=str(CONTENT), help="content folder (default: %(default)s)")
    new.set_defaults(func=cmd_new_city)

    sources = commands.add_parser("sources", help="list every figure with its source, confidence and check date, "
                                                    "oldest check first")
    sources.add_argument("--content", default=str(CONTENT), help="content folder (default: %(default)s)")
    sources.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sources.set_defaults(func=cmd_sources)
