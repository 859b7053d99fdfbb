"""Bulk nominations: small ones at once, larger ones as a Celery job."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Angkatan
from apps.core.exceptions import InvalidTransition
from apps.core.jobs import enqueue
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.enrollments.errors import EnrollmentError
from apps.enrollments.models import BulkNomination, EnrollmentStatus, JobStatus
from apps.enrollments.services.common import _require_admin_of
from apps.enrollments.services.requests import enrollment_nominate

S = EnrollmentStatus
BULK_SYNC_LIMIT = 50  # larger bulk nominations run as a Celery job


def bulk_nominate_start(
    *, actor: Any, angkatan: Angkatan, pegawai_ids: list[int], description: str = ""
) -> BulkNomination:
    _require_admin_of(actor, angkatan.instansi_id)
    ids = list(
        Pegawai.objects.filter(instansi_id=angkatan.instansi_id, pk__in=pegawai_ids, is_active=True)
        .order_by("name", "id")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise EnrollmentError(_("Tidak ada pegawai yang cocok dengan filter."))
    job = BulkNomination.objects.create(
        instansi_id=angkatan.instansi_id,
        angkatan=angkatan,
        pegawai_ids=ids,
        total=len(ids),
        filter_description=description[:300],
        created_by=actor,
    )
    audit_log(actor=actor, action="enrollment.bulk_nominate", instance=job, data={"total": len(ids)})
    if len(ids) <= BULK_SYNC_LIMIT:
        return bulk_nominate_run(job_id=job.pk)
    enqueue("apps.enrollments.tasks.run_bulk_nomination", job_id=job.pk)
    return job


def bulk_nominate_run(*, job_id: int) -> BulkNomination:
    """Each nomination in its own transaction; a retried job finds the finished ones as duplicates."""
    with transaction.atomic():
        job = BulkNomination.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.DONE:
            return job
        job.status = JobStatus.RUNNING
        job.save(update_fields=["status"])
    angkatan = Angkatan.objects.select_related("program", "instansi").get(pk=job.angkatan_id)
    actor = job.created_by
    enrolled = waitlisted = 0
    skipped: list[dict[str, str]] = []
    placed: list[dict[str, str]] = []
    people = {p.pk: p for p in Pegawai.objects.select_related("jabatan").filter(pk__in=job.pegawai_ids)}
    for pid in job.pegawai_ids:
        pegawai = people.get(pid)
        if pegawai is None:
            continue
        try:
            result = enrollment_nominate(actor=actor, angkatan=angkatan, pegawai=pegawai)
        except EnrollmentError as exc:
            skipped.append({"pegawai": pegawai.name, "reason": exc.message})
            continue
        except InvalidTransition as exc:
            skipped.append({"pegawai": pegawai.name, "reason": exc.message})
            continue
        placed.append({"pegawai": pegawai.name, "status": result.status})
        if result.status == S.ENROLLED:
            enrolled += 1
        else:
            waitlisted += 1
    BulkNomination.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        enrolled=enrolled,
        waitlisted=waitlisted,
        skipped=skipped,
        placed=placed,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def bulk_nominate_mark_failed(*, job_id: int) -> None:
    """The job stopped on an unexpected error: its page shows it failed (the nominations made so far stay)."""
    BulkNomination.objects.filter(pk=job_id).update(status=JobStatus.FAILED)
