"""The private calendar feed's text: the batches through the catalog's own iCalendar writer (the same UIDs as
the per-batch .ics, so a batch imported once and then subscribed to is recognised as the same event), plus one
all-day event per mentoring meeting (a meeting is logged with a date and a duration, not a start time)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.ics import angkatan_events, calendar_text, escape
from apps.catalog.models import AngkatanStatus
from apps.enrollments.models import EnrollmentStatus


def _utc_stamp() -> str:
    return timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def mentoring_event(session: Any, *, host: str, stamp: str) -> list[str]:
    pair = session.pair
    kind = pair.program.get_kind_display()
    description = "\n".join(
        (
            _("Program: %(name)s") % {"name": pair.program.name},
            _("Mentor: %(name)s") % {"name": pair.mentor.pegawai.name},
            _("Mentee: %(name)s") % {"name": pair.mentee.pegawai.name},
            _("Durasi: %(minutes)s menit") % {"minutes": session.duration_minutes},
        )
    )
    return [
        "BEGIN:VEVENT",
        f"UID:mentoring-sesi-{session.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{session.date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{session.date + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(f'{kind}: {session.topic}')}",
        f"DESCRIPTION:{escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _marked(events: list[str], status: str, label: str) -> list[str]:
    """Events of a batch the pegawai does not (yet) hold, or that was cancelled: STATUS:TENTATIVE or CANCELLED
    (calendar apps show them pale or struck through, or drop them) and the state before the title, e.g.
    "[Daftar tunggu] …", "[Dibatalkan] …"."""
    prefix = escape(f"[{label}] ")
    out: list[str] = []
    for line in events:
        if line.startswith("SUMMARY:"):
            line = "SUMMARY:" + prefix + line.removeprefix("SUMMARY:")
        out.append(line)
        if line == "BEGIN:VEVENT":
            out.append(f"STATUS:{status}")
    return out


def feed_calendar(*, angkatan_list: Iterable[Any], meetings: Iterable[Any], host: str, tz_name: str, name: str) -> str:
    """One VCALENDAR; times in UTC (`Z`), session times read in the instansi's zone. REFRESH-INTERVAL and
    X-PUBLISHED-TTL ask subscribing apps to poll hourly, not every minute."""
    stamp = _utc_stamp()
    lines: list[str] = []
    for angkatan in angkatan_list:
        events = angkatan_events(angkatan, host=host, tz_name=tz_name)
        status = getattr(angkatan, "feed_status", None)
        if angkatan.status == AngkatanStatus.CANCELLED:
            events = _marked(events, "CANCELLED", AngkatanStatus.CANCELLED.label)
        elif status not in (None, EnrollmentStatus.ENROLLED):
            events = _marked(events, "TENTATIVE", EnrollmentStatus(status).label)
        lines += events
    for session in meetings:
        lines += mentoring_event(session, host=host, stamp=stamp)
    headers = (f"X-WR-TIMEZONE:{tz_name}", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H")
    return calendar_text(name=name, events=lines, headers=headers)
