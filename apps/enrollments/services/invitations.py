"""Invitations to pegawai without any training this year (the 'belum pelatihan' list): an in-app notice
and its e-mail to each pegawai, and one notice per atasan naming their people. Small selections are sent at
once, larger ones by a Celery job; every notice carries a dedupe key of the invitation round, so a retried
job never sends one twice."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.jobs import enqueue
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.enrollments.errors import EnrollmentError
from apps.enrollments.services.common import _require_admin_of
from apps.enrollments.services.notifications import notify

INVITE_SYNC_LIMIT = 50  # larger invitation rounds run as a Celery job


def _invitees(instansi_id: int, pegawai_ids: list[int]) -> list[Pegawai]:
    return list(
        Pegawai.objects.filter(instansi_id=instansi_id, pk__in=pegawai_ids, is_active=True)
        .select_related("atasan")
        .order_by("name", "id")
    )


def training_invitations_start(*, actor: Any, instansi_id: int, pegawai_ids: list[int], year: int) -> dict[str, Any]:
    """Returns {"total": pegawai invited, "queued": sent in the background}. Ids of another instansi
    or of inactive pegawai are ignored; none left is an error."""
    _require_admin_of(actor, instansi_id)
    ids = [p.pk for p in _invitees(instansi_id, pegawai_ids)]
    if not ids:
        raise EnrollmentError(_("Tidak ada pegawai yang dapat diingatkan."))
    round_key = uuid.uuid4().hex[:12]
    audit_log(
        actor=actor,
        action="enrollment.invite_untrained",
        instansi_id=instansi_id,
        data={"total": len(ids), "year": year, "round": round_key},
    )
    if len(ids) <= INVITE_SYNC_LIMIT:
        training_invitations_send(instansi_id=instansi_id, pegawai_ids=ids, year=year, round_key=round_key)
        return {"total": len(ids), "queued": False}
    enqueue(
        "apps.enrollments.tasks.send_training_invitations",
        instansi_id=instansi_id,
        pegawai_ids=ids,
        year=year,
        round_key=round_key,
    )
    return {"total": len(ids), "queued": True}


def training_invitations_send(*, instansi_id: int, pegawai_ids: list[int], year: int, round_key: str) -> int:
    """One notice per pegawai with an account, one per atasan with an account; returns notices made.
    Stored in the site's language (Indonesian) whatever the language of the admin who started it."""
    people = _invitees(instansi_id, pegawai_ids)
    team: dict[int, list[str]] = defaultdict(list)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        catalog = reverse("catalog:index")
        for pegawai in people:
            if pegawai.atasan_id and pegawai.atasan.user_id:
                team[pegawai.atasan.user_id].append(pegawai.name)
            if not pegawai.user_id:
                continue
            notify(
                recipient_id=pegawai.user_id,
                instansi_id=instansi_id,
                title=_("Anda belum mengikuti pelatihan di tahun %(year)s") % {"year": year},
                body=_("Lihat angkatan yang masih membuka pendaftaran dan ajukan yang sesuai dengan kebutuhan Anda."),
                url=catalog,
                dedupe_key=f"invite:{round_key}:{pegawai.pk}",
            )
            sent += 1
        for user_id, names in team.items():
            notify(
                recipient_id=user_id,
                instansi_id=instansi_id,
                title=_("%(n)s anggota tim Anda belum mengikuti pelatihan di tahun %(year)s")
                % {"n": len(names), "year": year},
                body="\n".join(f"- {name}" for name in names[:50]),
                url=reverse("enrollments:nominate"),
                dedupe_key=f"invite:{round_key}:atasan",
            )
            sent += 1
    return sent
