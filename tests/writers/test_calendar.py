"""Payment reminders (macros/writers/calendar.py): every city's file parsed back with the icalendar library,
its recurrence expanded, its alarm, dates and text checked in both languages; edge cases on made-up rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from macros.content import Content, load_content
from macros.content.base import Text
from macros.content.local_rules import Payment
from macros.plugin.sitemap import SiteMap
from macros.writers.calendar import calendar_files, first_deadline, payment_calendar, reminder_payment, write_calendars

PROJECT = Path(__file__).resolve().parents[2]
SITE = "https://example.org/shebao/"
BUILT = dt.date(2026, 11, 29)
MAP = SiteMap(("zh", "en"))


def calendar_path(city_id: str, lang: str) -> str:
    return MAP.path("calendar", lang, city=city_id)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(PROJECT / "content", today=BUILT)


def parse(data: bytes) -> tuple[Calendar, Any, Any]:
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    [alarm] = event.walk("VALARM")
    return calendar, event, alarm


def occurrences(event: Any, until: dt.date) -> list[dt.date]:
    """The event's dates up to `until`, expanded from its RRULE by dateutil (not by our code)."""
    start = event.decoded("dtstart")
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time()))
    return [d.date() for d in rule.between(dt.datetime.combine(start, dt.time()),
                                           dt.datetime.combine(until, dt.time()), inc=True)]


def test_files_exist_exactly_for_cities_with_a_monthly_deadline(content: Content) -> None:
    files = calendar_files(content, MAP, SITE, BUILT)
    expected = {calendar_path(city.id, lang) for city in content.cities if reminder_payment(city) for lang in ("zh", "en")}
    assert set(files) == expected
    assert {"calendar/shanghai.ics", "en/calendar/shanghai.ics", "calendar/tianjin.ics"} <= expected
    assert "calendar/beijing.ics" not in files  # Beijing: frequencies, but no deadline day in any source found


def test_every_city_file_parses_with_rule_alarm_dates_and_text(content: Content) -> None:
    files = calendar_files(content, MAP, SITE, BUILT)
    assert files
    for city in content.cities:
        payment = reminder_payment(city)
        if payment is None:
            continue
        assert payment.deadline_day is not None and payment.deadline_kind is not None
        day = payment.deadline_day
        uids = set()
        for lang in ("zh", "en"):
            calendar, event, alarm = parse(files[calendar_path(city.id, lang)])
            assert calendar["version"] == "2.0" and calendar["prodid"]
            start = event.decoded("dtstart")
            assert type(start) is dt.date and start.day == day and (start.year, start.month) == (2026, 11)
            assert event.decoded("dtend") == start + dt.timedelta(days=1)
            assert event["rrule"]["FREQ"] == ["MONTHLY"] and event["rrule"]["BYMONTHDAY"] == [day]
            dates = occurrences(event, dt.date(2027, 11, 30))
            assert len(dates) == 13 and all(d.day == day for d in dates)
            assert alarm["action"] == "DISPLAY"
            assert alarm.decoded("trigger") == -dt.timedelta(days=2, hours=15)  # 09:00, three days before
            assert str(day) in str(alarm["description"])
            page = f"{SITE}{'' if lang == 'zh' else 'en/'}cities/{city.id}/#payment"
            assert str(event["url"]) == page
            summary, description = str(event["summary"]), str(event["description"])
            assert city.name.get(lang) in summary
            assert page in description and payment.note.get(lang)[:20] in description
            assert content.ui.strings[f"rules-deadline-{payment.deadline_kind}"].get(lang).format(day=day) in description
            uids.add(str(event["uid"]))
        assert uids == {f"payment-deadline-{city.id}@example.org"}  # one reminder whatever the language


def test_uid_is_stable_across_builds(content: Content) -> None:
    shanghai = content.city("shanghai")
    first = parse(payment_calendar(content, MAP, shanghai, "zh", SITE, BUILT) or b"")[1]
    later = parse(payment_calendar(content, MAP, shanghai, "zh", SITE, dt.date(2027, 3, 2)) or b"")[1]
    assert first["uid"] == later["uid"]
    assert later.decoded("dtstart") == dt.date(2027, 3, 24)


def city_with(content: Content, **payment: Any) -> Any:
    base = content.city("shanghai")
    assert base.local_rules.payment is not None
    rule = base.local_rules.payment.model_copy(update=payment)
    return base.model_copy(update={"local_rules": base.local_rules.model_copy(update={"payment": rule})})


def test_a_day_short_months_lack_falls_on_their_last_day(content: Content) -> None:
    _, event, _ = parse(payment_calendar(content, MAP, city_with(content, deadline_day=31), "en", SITE, BUILT) or b"")
    assert event.decoded("dtstart") == dt.date(2026, 11, 30)  # November has 30 days
    dates = occurrences(event, dt.date(2027, 4, 30))
    assert dates == [dt.date(2026, 11, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 31), dt.date(2027, 2, 28),
                     dt.date(2027, 3, 31), dt.date(2027, 4, 30)]
    assert first_deadline(30, dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)


def test_a_rule_that_ends_stops_the_reminder(content: Content) -> None:
    city = city_with(content, valid_from=dt.date(2027, 1, 1), valid_until=dt.date(2027, 6, 30))
    _, event, _ = parse(payment_calendar(content, MAP, city, "zh", SITE, BUILT) or b"")
    assert event.decoded("dtstart") == dt.date(2027, 1, 24)  # not before the rule holds
    assert occurrences(event, dt.date(2028, 1, 1))[-1] == dt.date(2027, 6, 24)


def test_withholding_is_worded_as_a_debit_day(content: Content) -> None:
    _, event, alarm = parse(payment_calendar(content, MAP, city_with(content, deadline_kind="withholding"), "en", SITE,
                                             BUILT) or b"")
    assert "debit" in str(event["summary"]) and "enough money" in str(alarm["description"])


@pytest.mark.parametrize("change", [{"frequencies": ["quarterly", "yearly"]}, {"deadline_day": None, "deadline_kind": None},
                                    {"frequencies": []}])
def test_no_reminder_without_a_monthly_deadline(content: Content, change: dict[str, Any]) -> None:
    assert payment_calendar(content, MAP, city_with(content, **change), "zh", SITE, BUILT) is None


def test_hostile_text_stays_text(content: Content) -> None:
    note = Text(zh="第一行；逗号，\\反斜杠\n[链接](javascript:alert(1)) <script>x</script> **粗体**",
                en="BEGIN:VEVENT\r\nUID:evil; a,b \\ c <b>bold</b>")
    city = city_with(content, note=note)
    city = city.model_copy(update={"name": Text(zh="上海;市,", en="Shang;hai,\nEND:VCALENDAR")})
    for lang in ("zh", "en"):
        data = payment_calendar(content, MAP, city, lang, SITE, BUILT) or b""
        calendar, event, _ = parse(data)
        assert len(calendar.walk("VEVENT")) == 1 and data.split(b"\r\n").count(b"BEGIN:VEVENT") == 1
        description = str(event["description"])
        assert "<" not in description and "javascript:" not in description and "**" not in description
        assert city.name.get(lang) in str(event["summary"])
    _, event, _ = parse(payment_calendar(content, MAP, city, "en", SITE, BUILT) or b"")
    assert "UID:evil; a,b \\ c bold" in str(event["description"])


def test_write_calendars(tmp_path: Path, content: Content) -> None:
    written = write_calendars(tmp_path, content, MAP, SITE, BUILT)
    assert written == sorted(calendar_files(content, MAP, SITE, BUILT))
    assert (tmp_path / "en" / "calendar" / "tianjin.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_payment_model_is_what_the_writer_reads() -> None:
    assert {"frequencies", "deadline_day", "deadline_kind", "valid_from", "valid_until", "note"} <= set(Payment.model_fields)
