"""The macros pages call (`{{ steps() }}`), one per component, bound to the page being rendered.

The plugin (macros/plugin/plugin.py) makes one `PageMacros` per build, points it at each page before
rendering the page's Markdown as a template, and keeps the macros' HTML away from Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from shebao_calculator import load_data, reference_table

from macros.content import Content
from macros.plugin.sitemap import SiteMap
from macros.views.render import Renderer, heading_text

Macro = TypeVar("Macro", bound=Callable[..., Any])


class PageMacros:
    """The macros of one build, and the page they are rendering (set by the plugin before each page)."""

    def __init__(self, config: Any, sitemap: SiteMap) -> None:
        self.conf = config
        self.sitemap = sitemap
        self.page: Any = None
        self.macros: dict[str, Callable[..., Any]] = {}

    def macro(self, function: Macro) -> Macro:
        self.macros[function.__name__] = function
        return function

    @property
    def lang(self) -> str:
        """The language of the page being rendered, from its URL (macros/plugin/sitemap.py)."""
        return self.sitemap.lang_of(self.page.url)

    @property
    def lang_prefix(self) -> str:
        return self.sitemap.prefix(self.lang)


def page_macros(config: Any, sitemap: SiteMap, content: Content, calculator_data: dict[str, Any]) -> PageMacros:
    """Every macro a page may call, for one build."""
    from macros.views.embed import register as register_embed

    env = PageMacros(config, sitemap)
    register(env, content, calculator_data)
    register_embed(env, content)  # after: the embed macros reuse the component macros
    return env



def qr_path(text: str) -> dict[str, Any]:
    """`text` as a QR code: one SVG path in module units with a 4-module quiet zone (segno)."""
    import segno

    parts = []
    matrix = segno.make(text, error="m", micro=False).matrix
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            start = x
            while x < len(row) and row[x]:
                x += 1
            if x > start:
                parts.append(f"M{start + 4} {y + 4}h{x - start}v1h-{x - start}z")
            x += 1 if x == start else 0
    return {"size": len(matrix) + 8, "path": "".join(parts)}


def register(env: PageMacros, content: Content, calculator_data: dict[str, Any]) -> None:
    build_date = dt.date.today()
    # Validated into the engine's Dataset once: given the plain dict, every reference_table() call would
    # re-read all cities (quadratic in the number of cities).
    figures = load_data(calculator_data)
    references: dict[tuple[str, dt.date], dict[str, Any]] = {}

    def reference(city: Any) -> dict[str, Any]:
        """The whole bill at the lowest, average and highest base of the period shown as current,
        computed by the calculator engine."""
        on = city.shown_on(build_date)
        # The same table shows on the city page, its embed, /cities/ and the print sheet, in both
        # languages: compute it once.
        if (city.id, on) not in references:
            references[(city.id, on)] = reference_table(figures, city.id, on).to_json()
        return references[(city.id, on)]

    def bill_range(city: Any) -> dict[str, Any]:
        """The lowest and highest whole monthly bill of the current period, and what its totals leave out."""
        table = reference(city)
        rows = {row["level"]: row for row in table["rows"]}
        return {"min": rows["min"]["monthly"]["total"], "max": rows["max"]["monthly"]["total"],
                "complete": table["complete"], "missing": table["missing"]}

    def premium_tables(city: Any, period: Any) -> str:
        table = reference(city)
        # The city page shows the period's notes and conflicts just above the table: keep only the
        # table's own (medical) notes, so readers do not read the same paragraphs twice.
        shown = [note.model_dump() for note in period.notes] + [c.text.model_dump() for c in period.conflicts]
        table = {**table, "notes": [note for note in table["notes"] if note not in shown]}
        return renderer().render("calculator/premium-table.html", table=table)

    def site_root() -> str:
        """From this page to the site root, for the <link>/<script> tags of the components that need their
        own styles or script (they load only on the pages that show them)."""
        return "../" * env.page.url.count("/")

    def url_for(name: str, lang: str | None = None, fragment: str | None = None, **params: str) -> str:
        """A link from the page being rendered to a page of the site map (macros/plugin/sitemap.py)."""
        return env.sitemap.url_for(env.page.url, name, lang, fragment, **params)

    def has_reminder(city: Any) -> bool:
        """Whether the build writes the city's payment reminder (calendar/<city>.ics)."""
        from macros.writers.calendar import reminder_payment

        return reminder_payment(city) is not None

    def renderer() -> Renderer:
        return Renderer(content, env.lang, {"build_date": build_date, "premium_tables": premium_tables,
                                            "bill_range": bill_range, "site_root": site_root(), "url_for": url_for,
                                            "has_reminder": has_reminder})

    def component(template: str, **context: Any) -> str:
        return renderer().render(template, **context)

    @env.macro
    def steps() -> str:
        return component("steps/steps.html", overview=False)

    @env.macro
    def steps_overview() -> str:
        return component("steps/steps.html", overview=True)

    def sheet(embedded: bool) -> dict[str, Any]:
        """Links and the build-time QR code (online checklist, no ticks) of the print sheet."""
        url = env.sitemap.absolute(env.conf.get("site_url") or "/", "checklist", env.lang)
        return {"embedded": embedded, "href": url_for("print"), "checklist_href": url_for("checklist"),
                "url": url, "qr": qr_path(url)}

    @env.macro
    def checklist() -> str:
        return component("checklist/checklist.html", checklist=content.checklist, sheet=sheet(True))

    @env.macro
    def print_sheet() -> str:
        return component("checklist/print.html", checklist=content.checklist, sheet=sheet(False))

    @env.macro
    def precautions() -> str:
        return component("precautions/precautions.html")

    @env.macro
    def insurance_table() -> str:
        return component("insurance/insurance.html")

    @env.macro
    def city_list() -> str:
        return component("city/city-list.html")

    @env.macro
    def city_page(city_id: str) -> str:
        return component("city/city.html", city=content.city(city_id))

    @env.macro
    def city_title(city_id: str) -> str:
        """The city's name as the page's Markdown heading (escaped: macros/views/render.py heading_text)."""
        return f"# {heading_text(content.city(city_id).name.get(env.lang))}"

    @env.macro
    def topic(topic_id: str) -> str:
        """A page of national rules on one situation: title, sections and sources from content/topics.yaml."""
        return component("topics/topic.html", topic=content.topics.topic(topic_id))

    @env.macro
    def legal_articles() -> str:
        return component("legal/legal.html")

    @env.macro
    def sources_table() -> str:
        return component("sources/sources.html")

    @env.macro
    def glossary() -> str:
        return component("glossary/glossary.html")

    @env.macro
    def calculator() -> str:
        from macros.views.calculator import calculator_context, engine_preloads

        view = renderer()
        context = calculator_context(content, figures, calculator_data, build_date, env.page.url, view.lang, view.t)
        if isinstance(getattr(env.page, "meta", None), dict):  # a MkDocs page (component tests pass a stand-in)
            env.page.meta["guide_preload"] = engine_preloads(context["config"])  # <head> hints (main.html)
        return view.render("calculator/calculator.html", **context)

    offer_contexts: list[dict[str, Any]] = []  # the same on its two pages and two embeds: made once

    @env.macro
    def offer_check() -> str:
        from macros.views.offer_check import offer_check_context

        if not offer_contexts:
            offer_contexts.append(offer_check_context(content, figures, build_date))
        return component("offer-check/offer-check.html", **offer_contexts[0],
                         answers_src=url_for("offer-check-answers"))

    @env.macro
    def resident_comparison() -> str:
        from macros.views.resident import employee_minimums

        terms = {term.id: term for term in content.glossary.terms}
        return component("resident/resident.html", resident=content.resident, terms=terms,
                         employee=employee_minimums(content, build_date))

    @env.macro
    def start_title() -> str:
        """The guided start's heading (content/start.yaml title), escaped as a Markdown heading."""
        return f"# {heading_text(content.start.title.get(env.lang))}"

    @env.macro
    def guided_start() -> str:
        from macros.views.start import start_context

        return component("start/start.html", **start_context(content, figures, build_date))

    @env.macro
    def figure_changes() -> str:
        from macros.content.changelog import figure_changes as changes

        return component("sources/changes.html", changes=changes(content))
