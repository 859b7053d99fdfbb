"""Seats and the waitlist: a seat is given under the Angkatan lock; a freed seat goes to the first on
the waitlist (by waitlisted_at, id) who has no overlapping seat."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Angkatan
from apps.enrollments.errors import OverlapBlocked, SeatsFull
from apps.enrollments.models import Enrollment, EnrollmentStatus
from apps.enrollments.services.common import _has_overlap, _lock_angkatan, _require_admin_of
from apps.enrollments.workflow import _transition

S = EnrollmentStatus


def _seat_or_waitlist(*, actor: Any, angkatan: Angkatan, enrollment: Enrollment, fields: dict[str, Any]) -> Enrollment:
    if angkatan.seats_taken < angkatan.seats_total:
        if _has_overlap(enrollment.pegawai_id, angkatan):
            raise OverlapBlocked(
                _("Pegawai sudah terdaftar di angkatan lain yang jadwalnya bertabrakan; batalkan salah satunya dulu.")
            )
        taken = Angkatan.objects.filter(pk=angkatan.pk, seats_taken__lt=F("seats_total")).update(
            seats_taken=F("seats_taken") + 1
        )
        if taken:
            angkatan.seats_taken += 1
            return _transition(enrollment_id=enrollment.pk, action="enrol", actor=actor, **fields)
    waiting = Enrollment.objects.filter(angkatan_id=angkatan.pk, status=S.WAITLISTED).count()
    if waiting >= angkatan.waitlist_size:
        raise SeatsFull(_("Kuota peserta dan daftar tunggu angkatan ini sudah penuh."))
    return _transition(
        enrollment_id=enrollment.pk, action="waitlist", actor=actor, waitlisted_at=timezone.now(), **fields
    )


def _promote_from_waitlist(*, actor: Any, angkatan: Angkatan) -> list[Enrollment]:
    """Caller holds the angkatan lock. First come first served; someone holding an overlapping seat
    is passed over (and stays waiting)."""
    promoted: list[Enrollment] = []
    angkatan.refresh_from_db(fields=["seats_taken", "seats_total"])
    free = angkatan.seats_total - angkatan.seats_taken
    if free <= 0:
        return promoted
    for candidate in (
        Enrollment.objects.select_for_update(of=("self",))
        .filter(angkatan_id=angkatan.pk, status=S.WAITLISTED)
        .order_by("waitlisted_at", "id")
    ):
        if len(promoted) >= free:
            break
        if _has_overlap(candidate.pegawai_id, angkatan):
            continue
        updated = Angkatan.objects.filter(pk=angkatan.pk, seats_taken__lt=F("seats_total")).update(
            seats_taken=F("seats_taken") + 1
        )
        if not updated:
            break
        promoted.append(
            _transition(
                enrollment_id=candidate.pk,
                action="promote",
                actor=actor,
                system=True,
                note=_("Kursi kosong; naik dari daftar tunggu."),
            )
        )
    return promoted


def waitlist_fill(*, actor: Any, angkatan: Angkatan) -> list[Enrollment]:
    """After the admin raised the quota: give the new seats to the waitlist in order."""
    _require_admin_of(actor, angkatan.instansi_id)
    with transaction.atomic():
        locked = _lock_angkatan(angkatan.pk)
        return _promote_from_waitlist(actor=actor, angkatan=locked)
