"""In-app notifications, their emails, event notices, the atasan digest and batch reminders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.jobs import enqueue
from apps.core.links import absolute_url
from apps.enrollments import selectors
from apps.enrollments.models import Enrollment, EnrollmentEvent, EnrollmentStatus, Notification
from apps.organizations.selectors import instansi_list_for_superadmin

S = EnrollmentStatus
REMINDER_DAYS = 3


def notify(
    *, recipient_id: int, title: str, body: str = "", url: str = "", dedupe_key: str, instansi_id: int | None = None
) -> Notification:
    """Create the in-app notice once (per recipient and key) and e-mail it after commit."""
    notification, created = Notification.objects.get_or_create(
        recipient_id=recipient_id,
        dedupe_key=dedupe_key[:80],
        defaults={"title": str(title)[:200], "body": str(body), "url": url[:300], "instansi_id": instansi_id},
    )
    if created:
        enqueue("apps.enrollments.tasks.send_notification_email", notification_id=notification.pk)
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Send the e-mail of one notice once: `emailed_at` is set in the same locked transaction."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",)).select_related("recipient").get(pk=notification_id)
        )
        if notification.emailed_at is not None or not notification.recipient.email:
            return False
        link = absolute_url(notification.url)
        send_mail(notification.title, f"{notification.body}\n\n{link}".strip(), None, [notification.recipient.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def _event_message(event: EnrollmentEvent) -> tuple[list[int], str]:
    enrollment = event.enrollment
    pegawai = enrollment.pegawai
    angkatan = enrollment.angkatan
    names = {"name": pegawai.name, "batch": str(angkatan)}
    owner = [pegawai.user_id] if pegawai.user_id else []
    atasan_user = pegawai.atasan.user_id if pegawai.atasan_id and pegawai.atasan.user_id else None
    action = event.action
    if action == "request":
        if not angkatan.requires_atasan_approval or atasan_user is None:
            return [], ""
        return [atasan_user], _("%(name)s mengajukan pendaftaran %(batch)s; menunggu persetujuan Anda") % names
    titles = {
        "nominate": _("Anda dinominasikan untuk %(batch)s"),
        "approve": _("Atasan menyetujui pendaftaran Anda di %(batch)s; menunggu verifikasi BKPSDM"),
        "reject": _("Pendaftaran Anda di %(batch)s ditolak"),
        "enrol": _("Anda terdaftar sebagai peserta %(batch)s"),
        "waitlist": _("Anda masuk daftar tunggu %(batch)s"),
        "promote": _("Kursi tersedia: Anda kini peserta %(batch)s"),
        "complete": _("Selamat, Anda lulus %(batch)s"),
        "not_complete": _("Anda dinyatakan tidak lulus %(batch)s"),
        "certificate": _("Sertifikat %(batch)s sudah terbit"),
        "certificate_revoke": _("Sertifikat %(batch)s dicabut"),
    }
    if action == "cancel":
        if event.actor_id == pegawai.user_id:
            recipients = [atasan_user] if atasan_user and event.from_status == S.REQUESTED else []
            return recipients, _("%(name)s membatalkan pendaftaran %(batch)s") % names
        return owner, _("Pendaftaran Anda di %(batch)s dibatalkan oleh BKPSDM") % names
    if action in titles:
        return owner, titles[action] % names
    return [], ""


def enrollment_notice_send(*, event_id: int) -> int:
    """In-app notice + e-mail for one event, once (event.notified_at is the marker)."""
    with transaction.atomic():
        event = (
            EnrollmentEvent.objects.select_for_update(of=("self",))
            .select_related("enrollment__pegawai__atasan", "enrollment__angkatan")
            .get(pk=event_id)
        )
        if event.notified_at is not None:
            return 0
        recipients, title = _event_message(event)
        url = reverse("enrollments:detail", args=[event.enrollment_id])
        if event.action == "request":
            url = reverse("enrollments:approvals")
        sent = 0
        for user_id in recipients:
            if user_id == event.actor_id and event.action not in ("promote",):
                continue  # nobody is told about their own act
            notify(
                recipient_id=user_id,
                instansi_id=event.instansi_id,
                title=title,
                body=event.note,
                url=url,
                dedupe_key=f"event:{event.pk}",
            )
            sent += 1
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return sent


def atasan_digest_send() -> int:
    """Daily: one notice per atasan with requests waiting, per instansi, in its time zone."""
    sent = 0
    for instansi in instansi_list_for_superadmin().filter(is_active=True):
        with timezone.override(ZoneInfo(instansi.timezone)):
            today = timezone.localdate()
            for user_id, rows in selectors.pending_approvals_by_atasan(instansi.pk).items():
                lines = [f"- {r.pegawai.name}: {r.angkatan} ({r.created_at:%d-%m-%Y})" for r in rows[:20]]
                with transaction.atomic():
                    notification = notify(
                        recipient_id=user_id,
                        instansi_id=instansi.pk,
                        title=_("%(n)s permintaan pendaftaran menunggu persetujuan Anda") % {"n": len(rows)},
                        body="\n".join(lines),
                        url=reverse("enrollments:approvals"),
                        dedupe_key=f"digest:{today.isoformat()}",
                    )
                sent += 1 if notification else 0
    return sent


def batch_reminders_send(*, days_ahead: int = REMINDER_DAYS) -> int:
    """Daily: remind participants a few days before their batch starts (once per enrolment)."""
    sent = 0
    for instansi in instansi_list_for_superadmin().filter(is_active=True):
        with timezone.override(ZoneInfo(instansi.timezone)):
            today = timezone.localdate()
            for row in selectors.enrolled_starting_between(instansi.pk, today, today + timedelta(days=days_ahead)):
                with transaction.atomic():
                    claimed = Enrollment.objects.filter(pk=row.pk, reminded_at__isnull=True).update(
                        reminded_at=timezone.now()
                    )
                    if not claimed or not row.pegawai.user_id:
                        continue
                    place = row.angkatan.venue or row.angkatan.online_link or ""
                    notify(
                        recipient_id=row.pegawai.user_id,
                        instansi_id=instansi.pk,
                        title=_("Pengingat: %(batch)s dimulai %(date)s")
                        % {"batch": row.angkatan, "date": row.angkatan.start_date.strftime("%d-%m-%Y")},
                        body=place,
                        url=reverse("enrollments:detail", args=[row.pk]),
                        dedupe_key=f"reminder:{row.pk}",
                    )
                    sent += 1
    return sent


def notifications_mark_read(*, actor: Any) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
