"""Payment reminders: one iCalendar file per city and language (`calendar/<city>.ics`, `en/calendar/<city>.ics`:
the site map's `calendar`).

Each file holds one all-day event on the city's monthly deadline (or bank withholding) day, repeating every
month, with an alarm at 09:00 three days before. A city gets a file only where its `local_rules.payment`
gives a deadline day and says monthly payment is possible: the day is a day of the month, and for
quarterly or yearly payers no source says in which months it falls. Written with the icalendar library
(RFC 5545 escaping, folding and recurrence rules are solved problems).
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from icalendar import Alarm, Calendar, Event, vRecur, vText

from macros.content import Content
from macros.content.city import City
from macros.content.local_rules import Payment
from macros.plugin.sitemap import SiteMap

ALARM_BEFORE = -dt.timedelta(days=2, hours=15)
"""From the start of the all-day event (midnight, the reader's own time): 09:00 three days before."""


def reminder_payment(city: City) -> Payment | None:
    """The city's payment rule if a monthly reminder can be offered, else None."""
    payment = city.local_rules.payment
    if payment is None or payment.deadline_day is None or payment.deadline_kind is None:
        return None
    return payment if "monthly" in payment.frequencies else None


def _plain(markdown_text: str) -> str:
    """Content Markdown as plain text: rendered, every tag dropped, entities decoded."""
    return html.unescape(nh3.clean(markdown.markdown(markdown_text), tags=set())).strip()


def _month_days(day: int) -> list[int]:
    """BYMONTHDAY values for `day`: a month too short for it falls on its last day (BYSETPOS=-1)."""
    return [day] if day <= 28 else list(range(28, day + 1))


def first_deadline(day: int, on_or_after: dt.date) -> dt.date:
    """The first deadline on or after a date, with the same short-month rule as the recurrence."""
    year, month = on_or_after.year, on_or_after.month
    while True:
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        candidate = dt.date(year, month, min(day, last))
        if candidate >= on_or_after:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def payment_calendar(content: Content, sitemap: SiteMap, city: City, lang: str, site_url: str,
                     build_date: dt.date) -> bytes | None:
    """The city's reminder in one language, or None where the city has no monthly deadline in content.

    The UID is the same in both languages and in every build of the same site, so importing the file again
    (or the other language) updates the reminder instead of adding a second one. DTSTART is the month's
    deadline in the build month (stable for a month), or the rule's valid_from where that is later."""
    payment = reminder_payment(city)
    if payment is None or payment.deadline_day is None or payment.deadline_kind is None:
        return None
    day, kind = payment.deadline_day, payment.deadline_kind

    def t(key: str, **values: object) -> str:
        return content.ui.strings[key].get(lang).format(**values)

    name = city.name.get(lang)
    page = sitemap.absolute(site_url, "city", lang, city=city.id) + "#payment"
    start = max(build_date.replace(day=1), payment.valid_from or build_date.replace(day=1))
    first = first_deadline(day, start)

    calendar = Calendar()
    calendar.add("prodid", f"-//shebao-guide//payment reminders//{lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # NAME (RFC 7986) and X-WR-CALNAME are text, but the library only escapes them as such when told
    calendar.add("name", vText(t("calendar-name", city=name)))
    calendar.add("x-wr-calname", vText(t("calendar-name", city=name)))

    event = Event()
    event.add("uid", f"payment-deadline-{city.id}@{urlsplit(site_url).netloc or 'shebao-guide'}")
    event.add("dtstamp", dt.datetime.combine(build_date, dt.time(0, 0), tzinfo=dt.UTC))
    event.add("dtstart", first)
    event.add("dtend", first + dt.timedelta(days=1))
    rule: dict[str, object] = {"freq": "monthly", "bymonthday": _month_days(day)}
    if day > 28:
        rule["bysetpos"] = -1
    if payment.valid_until is not None:
        rule["until"] = payment.valid_until
    event.add("rrule", vRecur(rule))
    event.add("summary", t(f"calendar-summary-{kind}", city=name))
    event.add("description", "\n\n".join([
        t(f"rules-deadline-{kind}", day=day), _plain(payment.note.get(lang)), t("calendar-check"),
        t("calendar-details", url=page)]))
    event.add("url", page)
    event.add("transp", "TRANSPARENT")
    event.add("class", "PUBLIC")

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", ALARM_BEFORE)
    alarm.add("description", t(f"calendar-alarm-{kind}", day=day))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def calendar_files(content: Content, sitemap: SiteMap, site_url: str, build_date: dt.date) -> dict[str, bytes]:
    """Every reminder file: path under the site root (the site map's `calendar`) → bytes. Cities without a
    monthly deadline get none."""
    files: dict[str, bytes] = {}
    for city in content.cities:
        for lang in sitemap.languages:
            data = payment_calendar(content, sitemap, city, lang, site_url, build_date)
            if data is not None:
                files[sitemap.path("calendar", lang, city=city.id)] = data
    return files


def write_calendars(site_dir: Path, content: Content, sitemap: SiteMap, site_url: str,
                    build_date: dt.date) -> list[str]:
    """Write every reminder into the built site; returns the paths written."""
    files = calendar_files(content, sitemap, site_url, build_date)
    for path, data in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sorted(files)
