"""Notices for pair, session and project events, and reminders for stale pairs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import notices
from apps.mentoring import selectors
from apps.mentoring.models import MentoringPair, MentoringSession, PairEvent, ProjectEvent, SessionStatus


def _notify_users(user_ids: Iterable[int | None], *, title: str, url: str, key: str, instansi_id: int) -> int:
    return notices.send(notices.Notice(user_ids, title, url), key=key, instansi_id=instansi_id)


PAIR_TITLES = {
    "confirm": _("Pasangan mentoring aktif: %(mentor)s membimbing %(mentee)s (%(program)s)"),
    "reassign": _("Pasangan mentoring %(mentor)s – %(mentee)s dialihkan (%(program)s)"),
    "end": _("Pasangan mentoring %(mentor)s – %(mentee)s selesai (%(program)s)"),
    "discard": _("Usulan pasangan %(mentor)s – %(mentee)s dibatalkan (%(program)s)"),
}


def _pair_notice(event: PairEvent) -> notices.Notice | None:
    template = PAIR_TITLES.get(event.action)
    if template is None:
        return None
    pair = event.pair
    title = str(template) % {
        "mentor": pair.mentor.pegawai.name,
        "mentee": pair.mentee.pegawai.name,
        "program": pair.program.name,
    }
    recipients = [pair.mentor.pegawai.user_id, pair.mentee.pegawai.user_id]
    return notices.Notice(recipients, title, reverse("mentoring:pair_detail", args=[pair.pk]))


def pair_event_notify(*, event_id: int) -> int:
    """Tell mentor and mentee about a move of their pair, once per event (core.notices)."""
    related = ("pair__program", "pair__mentor__pegawai", "pair__mentee__pegawai")
    return notices.deliver_event_notice(PairEvent, event_id, _pair_notice, key="mpair-event", related=related)


def session_notify(*, session_id: int) -> int:
    """Ask the mentee to confirm a logged session (once)."""
    with transaction.atomic():
        session = (
            MentoringSession.objects.select_for_update(of=("self",))
            .select_related("pair__mentor__pegawai", "pair__mentee__pegawai")
            .get(pk=session_id)
        )
        if session.notified_at is not None or session.status != SessionStatus.LOGGED:
            return 0
        pair = session.pair
        title = _("%(mentor)s mencatat sesi %(day)s (%(topic)s); mohon konfirmasi") % {
            "mentor": pair.mentor.pegawai.name,
            "day": date_format(session.date, "j M Y"),
            "topic": session.topic,
        }
        sent = _notify_users(
            [pair.mentee.pegawai.user_id],
            title=title,
            url=reverse("mentoring:pair_detail", args=[pair.pk]),
            key=f"msession:{session.pk}",
            instansi_id=session.instansi_id,
        )
        session.notified_at = timezone.now()
        session.save(update_fields=["notified_at"])
    return sent


PROJECT_TITLES = {
    "start": _("Penugasan proyek dimulai: %(title)s"),
    "cancel": _("Penugasan proyek dibatalkan: %(title)s"),
    "submit": _("%(name)s mengajukan hasil proyek %(title)s untuk dinilai"),
    "return": _("Hasil proyek %(title)s dikembalikan untuk diperbaiki"),
    "assess": _("Proyek %(title)s sudah dinilai"),
}


def _project_notice(event: ProjectEvent) -> notices.Notice | None:
    template = PROJECT_TITLES.get(event.action)
    if template is None:
        return None
    project = event.project
    if event.action == "assess" and project.jp_credited:
        template = _("Proyek %(title)s sudah dinilai; %(jp)s JP dicatat di buku JP Anda")
    title = str(template) % {"title": project.title, "name": project.pegawai.name, "jp": project.jp_credited}
    recipients = [project.supervisor.user_id] if event.action == "submit" else [project.pegawai.user_id]
    if event.action == "start":
        recipients.append(project.supervisor.user_id)
    return notices.Notice(recipients, title, reverse("mentoring:project_detail", args=[project.pk]))


def project_event_notify(*, event_id: int) -> int:
    """Tell the pegawai (and the assessor, where they act) about a move of their project, once per event."""
    related = ("project__pegawai", "project__supervisor")
    return notices.deliver_event_notice(ProjectEvent, event_id, _project_notice, key="mproject-event", related=related)


def stale_pairs_remind(*, instansi_id: int, today: datetime.date, every_days: int = 7) -> int:
    """Remind mentor and mentee of active pairs with no session for 30 days; at most once every
    `every_days` per pair (the `reminded_at` marker makes a re-run a no-op)."""
    sent = 0
    threshold = timezone.now() - datetime.timedelta(days=every_days)
    for pair in selectors.stale_pairs_for_instansi(instansi_id, today=today):
        with transaction.atomic():
            locked = (
                MentoringPair.objects.select_for_update(of=("self",))
                .select_related("program", "mentor__pegawai", "mentee__pegawai")
                .get(pk=pair.pk)
            )
            if locked.reminded_at is not None and locked.reminded_at > threshold:
                continue
            title = _("Belum ada sesi mentoring %(mentor)s – %(mentee)s selama 30 hari (%(program)s)") % {
                "mentor": locked.mentor.pegawai.name,
                "mentee": locked.mentee.pegawai.name,
                "program": locked.program.name,
            }
            _notify_users(
                [locked.mentor.pegawai.user_id, locked.mentee.pegawai.user_id],
                title=title,
                url=reverse("mentoring:pair_detail", args=[locked.pk]),
                key=f"mpair-stale:{locked.pk}:{today.isoformat()}",
                instansi_id=instansi_id,
            )
            locked.reminded_at = timezone.now()
            locked.save(update_fields=["reminded_at"])
            sent += 1
    return sent
