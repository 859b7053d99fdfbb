"""iCalendar (RFC 5545) for angkatan, written by hand: one VEVENT per session, or one all-day
event for the whole batch when it has no sessions. Text is escaped (§3.3.11), lines are folded at 75
octets (§3.1) and end with CRLF; times are UTC (`Z`) so no VTIMEZONE block is needed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.catalog.models import Angkatan

PRODID = "-//ASN Kompetensi//Katalog Pelatihan//ID"


def escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces without cutting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with one space
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(angkatan: Angkatan) -> str:
    if angkatan.venue:
        return ", ".join(x for x in (angkatan.venue, angkatan.venue_address, angkatan.region) if x)
    return angkatan.online_link or ""


def angkatan_events(angkatan: Angkatan, *, host: str, tz_name: str) -> list[str]:
    tz = ZoneInfo(tz_name)
    stamp = _utc(timezone.now())
    program = angkatan.program
    base_desc = f"{program.title} ({program.learning_hours} JP)"
    lines: list[str] = []
    sessions = list(angkatan.sessions.all())
    if not sessions:
        lines += [
            "BEGIN:VEVENT",
            f"UID:angkatan-{angkatan.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{angkatan.start_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{angkatan.end_date + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(angkatan.name)}",
            f"DESCRIPTION:{escape(base_desc)}",
            f"LOCATION:{escape(_location(angkatan))}",
        ]
        if angkatan.online_link:
            lines.append(f"URL:{angkatan.online_link}")
        lines.append("END:VEVENT")
        return lines
    for session in sessions:
        start = datetime.datetime.combine(session.date, session.start_time, tzinfo=tz)
        end = datetime.datetime.combine(session.date, session.end_time, tzinfo=tz)
        desc = base_desc
        if session.narasumber_id:
            desc += f"\nNarasumber: {session.narasumber.name}"
        link = session.online_link or angkatan.online_link
        if link:
            desc += f"\nTautan: {link}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:angkatan-{angkatan.pk}-sesi-{session.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(end)}",
            f"SUMMARY:{escape(f'{angkatan.name}: {session.topic}')}",
            f"DESCRIPTION:{escape(desc)}",
            f"LOCATION:{escape(_location(angkatan) if angkatan.venue else link)}",
        ]
        if link:
            lines.append(f"URL:{link}")
        lines.append("END:VEVENT")
    return lines


def build_calendar(angkatan_list: Iterable[Angkatan], *, host: str, tz_name: str, name: str) -> str:
    """A VCALENDAR for any list of batches. Sessions and narasumber should be prefetched by the caller."""
    events: list[str] = []
    for angkatan in angkatan_list:
        events += angkatan_events(angkatan, host=host, tz_name=tz_name)
    return calendar_text(name=name, events=events)


def calendar_text(*, name: str, events: list[str], headers: Iterable[str] = ()) -> str:
    """The VCALENDAR around `events` (content lines), folded, CRLF-ended: the per-batch download and the api app's
    private feed (which adds `headers` such as its refresh interval) write the same envelope."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        *headers,
        *events,
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
