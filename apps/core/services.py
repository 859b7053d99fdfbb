"""Core writes. Rules: the audit log and the personal-data access log are append-only; an import
job is processed at most once to a final state (a retried task finds it finished and stops); an
import saves every row or none; an uploaded file is deleted once its instansi's retention period
has passed, the job row stays with `file_removed_at` set."""

from __future__ import annotations

import datetime
import io
import logging
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apps.core import jobs
from apps.core.audit import CountedRows as CountedRows
from apps.core.audit import Snapshot, change_rows, write_event
from apps.core.audit import (  # re-exported: services write `before = snapshot(row)` next to audit_log
    changes_since as changes_since,
)
from apps.core.audit import snapshot as snapshot
from apps.core.audit import stored_snapshot as stored_snapshot
from apps.core.exceptions import DomainError, ImportRejected
from apps.core.imports import get_importer, neutralise, read_table
from apps.core.links import absolute_url
from apps.core.models import AuditEvent, ImportJob, ImportStatus, PersonalDataAccess
from apps.core.selectors import import_jobs_for_instansi

logger = logging.getLogger(__name__)


def audit_log(
    *,
    actor: Any,
    action: str,
    instance: models.Model | None = None,
    instansi_id: int | None = None,
    data: dict[str, Any] | None = None,
    before: Snapshot | dict | None = None,
    changes: dict[str, list[Any]] | None = None,
) -> AuditEvent:
    """One audit row, with the request (or task) it came from. For a change, take `before = snapshot(row,
    fields)` first and pass it: the row records {field: [before, after]} of what moved (apps/core/audit.py)."""
    return write_event(
        actor=actor,
        action=action,
        instance=instance,
        instansi_id=instansi_id,
        data=data,
        before=before,
        changes=changes,
    )


def personal_data_exported(*, actor: Any, what: str, rows: int, instansi_id: int | None = None, **data: Any) -> None:
    """Every export of personal data (lists of pegawai, JP, certificates, reports) writes one row: the
    records of processing (UU 27/2022 art. 31) must say who took which data out, and how much of it."""
    if instansi_id is None:
        instansi_id = getattr(actor, "instansi_id", None)
    audit_log(
        actor=actor,
        action="personal_data.exported",
        instansi_id=instansi_id,
        data={"what": what, "rows": rows, **data},
    )


def personal_data_access_log(*, actor: Any, subject: models.Model, purpose: str) -> None:
    """Log a read of someone else's personal data; reading one's own record is not logged."""
    if getattr(subject, "user_id", None) == getattr(actor, "pk", None):
        return
    PersonalDataAccess.objects.create(
        instansi_id=getattr(subject, "instansi_id", None),
        actor_id=getattr(actor, "pk", None),
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        purpose=purpose,
    )


def import_job_create(
    *, actor: Any, instansi_id: int, kind: str, upload: UploadedFile, enqueue: bool = True
) -> ImportJob:
    """Store the upload and queue it; the worker does the reading so the request returns at once.
    `enqueue=False` is for callers that run the job in-process themselves (the import_pegawai
    command): queueing it as well would process it twice and mail the result."""
    if get_importer(kind) is None:
        raise DomainError(_("Jenis impor tidak dikenal."))
    with transaction.atomic():
        job = ImportJob.objects.create(
            instansi_id=instansi_id,
            kind=kind,
            file=upload,
            original_name=upload.name[:200],
            created_by_id=getattr(actor, "pk", None),
        )
        audit_log(actor=actor, action="import.upload", instance=job, instansi_id=instansi_id)
        if enqueue:
            jobs.enqueue("apps.core.tasks.run_import_job", job_id=job.pk)
    return job


def _job_update(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def import_job_run(*, job_id: int) -> ImportJob:
    """Validate every row, then save all rows in one transaction, or none."""
    job = ImportJob.objects.get(pk=job_id)
    if job.is_finished:
        return job
    importer = get_importer(job.kind)
    if importer is None:  # the app that registered this kind was removed since the upload
        _job_update(
            job.pk, status=ImportStatus.REJECTED, message=_("Jenis impor tidak dikenal."), finished_at=timezone.now()
        )
        return ImportJob.objects.get(pk=job.pk)
    now = timezone.now()  # the first heartbeat with the status, so a lost worker's job is always found stale
    _job_update(
        job.pk, status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=models.F("attempts") + 1
    )
    with jobs.heartbeat(ImportJob, job.pk):
        return _import_job_process(job, importer)


def _import_job_process(job: ImportJob, importer: Any) -> ImportJob:
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        rows = read_table(data, job.original_name, importer.columns)
    except ImportRejected as exc:
        _job_update(job.pk, status=ImportStatus.REJECTED, message=exc.message, finished_at=timezone.now())
        return ImportJob.objects.get(pk=job.pk)
    total = len(rows)
    _job_update(job.pk, total_rows=total)

    def progress(done: int) -> None:
        _job_update(job.pk, processed_rows=min(done, total))

    errors, prepared = importer.validate(instansi_id=job.instansi_id, rows=rows, progress=progress)
    if errors:
        on_rejected = getattr(importer, "on_rejected", None)
        if on_rejected is not None:  # e.g. the pegawai importer asks the superadmin about mutasi NIPs
            on_rejected(instansi_id=job.instansi_id, actor_id=job.created_by_id, prepared=prepared)
        errors.sort(key=lambda e: (e.row, e.column))
        _job_update(
            job.pk,
            status=ImportStatus.REJECTED,
            processed_rows=total,
            errors=[e.as_dict() for e in errors],
            message=_("%(n)s kesalahan ditemukan; tidak ada data yang disimpan.") % {"n": len(errors)},
            finished_at=timezone.now(),
        )
        return ImportJob.objects.get(pk=job.pk)
    try:
        return _import_job_save(job, importer, prepared, total)
    except IntegrityError:
        # Someone saved a clashing row (same NIP, same code) between validation and save.
        logger.warning("import job %s hit a constraint while saving", job.pk, exc_info=True)
        _job_update(
            job.pk,
            status=ImportStatus.REJECTED,
            processed_rows=total,
            message=_(
                "Data berubah saat impor berjalan (mis. NIP atau kode yang sama baru saja disimpan); "
                "tidak ada yang disimpan. Unggah ulang berkas."
            ),
            finished_at=timezone.now(),
        )
        return ImportJob.objects.get(pk=job.pk)


def _import_job_save(job: ImportJob, importer: Any, prepared: Any, total: int) -> ImportJob:
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.RUNNING:
            return locked  # another run of the same task finished it first
        created = importer.save(instansi_id=job.instansi_id, actor_id=job.created_by_id, prepared=prepared)
        locked.status = ImportStatus.SUCCEEDED
        locked.processed_rows = total
        locked.created_rows = created
        locked.message = _("%(n)s baris berhasil disimpan.") % {"n": created}
        locked.finished_at = timezone.now()
        locked.save()
        audit_log(
            actor=locked.created_by,
            action="import.succeeded",
            instance=locked,
            data={"kind": job.kind, "rows": created},
        )
    return locked


RETRY_REFUSED = gettext_noop(
    "Hanya impor yang gagal, yang terlalu lama menunggu, atau yang pemrosesannya berhenti yang dapat diulang."
)


def import_job_retry(*, actor: Any, job: ImportJob) -> ImportJob:
    """Run a job again that failed (a system error, not bad rows), waited too long or whose worker died."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not jobs.can_retry(locked):
            raise DomainError(_(RETRY_REFUSED))
        if locked.file_removed_at is not None or not locked.file:
            raise DomainError(_("Berkas impor sudah dihapus karena melewati masa simpan; unggah ulang berkasnya."))
        ImportJob.objects.filter(pk=locked.pk).update(
            status=ImportStatus.PENDING,
            processed_rows=0,
            total_rows=0,
            errors=[],
            message="",
            started_at=None,
            finished_at=None,
            heartbeat_at=None,
            notified_at=None,
        )
        audit_log(actor=actor, action="import.retry", instance=locked, instansi_id=locked.instansi_id)
        jobs.enqueue("apps.core.tasks.run_import_job", job_id=locked.pk)
    return ImportJob.objects.get(pk=locked.pk)


def import_job_mark_failed(*, job_id: int, error: str) -> None:
    _job_update(job_id, status=ImportStatus.FAILED, message=error[:2000], finished_at=timezone.now())


def import_result_notify(*, job_id: int) -> None:
    """E-mail the uploader once; the marker column makes a retried task a no-op."""
    with transaction.atomic():
        # of=("self",): created_by is a nullable FK (LEFT JOIN), and PostgreSQL refuses FOR UPDATE
        # on the nullable side of an outer join; only the job row needs the lock anyway.
        job = ImportJob.objects.select_for_update(of=("self",)).select_related("created_by").get(pk=job_id)
        if job.notified_at or not job.is_finished or not job.created_by or not job.created_by.email:
            return

        link = absolute_url(reverse("core:import_detail", args=[job.pk]))
        subject = _("Hasil impor %(name)s: %(status)s") % {
            "name": job.original_name,
            "status": job.get_status_display(),
        }
        body = f"{job.message}\n\n{link}"
        send_mail(subject, body, None, [job.created_by.email])
        job.notified_at = timezone.now()
        job.save(update_fields=["notified_at"])


def import_files_remove(*, instansi_id: int, finished_before: datetime.datetime) -> int:
    """Delete the uploads (every NIP of the file: personal data) of one instansi's jobs that finished
    before `finished_before`. Safe to repeat: a job is marked once (file_removed_at) and skipped after
    that; a file already gone from disk is simply marked. One audit row per run that removed any."""
    removed: list[int] = []
    expired = import_jobs_for_instansi(instansi_id).filter(
        finished_at__lt=finished_before, file_removed_at__isnull=True
    )
    for job in expired.only("pk", "file").order_by("pk"):
        if job.file:
            try:
                job.file.storage.delete(job.file.name)  # FileSystemStorage ignores a missing file
            except OSError:
                logger.warning("import job %s: could not delete %s", job.pk, job.file.name, exc_info=True)
                continue  # left unmarked: the next run tries again
        marked = ImportJob.objects.filter(pk=job.pk, file_removed_at__isnull=True).update(
            file="", file_removed_at=timezone.now()
        )
        if marked:
            removed.append(job.pk)
    if removed:
        audit_log(
            actor=None,
            action="import.files_removed",
            instansi_id=instansi_id,
            data={"count": len(removed), "job_ids": removed},
        )
    return len(removed)


# --------------------------------------------------------------------------- audit export and retention


def audit_export_workbook(*, actor: Any, events: Any, filters: dict[str, Any]) -> bytes:
    """The filtered audit rows as XLSX (newest first, at most AUDIT_EXPORT_MAX_ROWS), one line per changed
    field. The export is itself logged ("audit.exported"), with its filters and row count."""
    from openpyxl import Workbook

    limit = settings.AUDIT_EXPORT_MAX_ROWS
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Log audit")[:31])
    header = [
        _("Waktu"),
        _("Pelaku"),
        _("Aksi"),
        _("Jenis objek"),
        _("ID objek"),
        _("Objek"),
        _("Kolom"),
        _("Sebelum"),
        _("Sesudah"),
        _("ID permintaan"),
        _("Alamat IP"),
    ]
    sheet.append(header)
    sheet.freeze_panes = "A2"
    zone = timezone.get_current_timezone()
    count = 0
    for event in events.order_by("-created_at", "-id")[:limit].iterator(chunk_size=2000):
        count += 1
        base = [
            timezone.localtime(event.created_at, zone).replace(tzinfo=None),
            neutralise(str(event.actor)) if event.actor_id else _("sistem"),
            neutralise(event.action),
            neutralise(event.object_type),
            neutralise(event.object_id),
            neutralise(event.object_repr),
        ]
        tail = [event.request_id, event.ip_address or ""]
        changes = change_rows(event) or [("", "", "")]
        for label, before, after in changes:
            sheet.append([*base, neutralise(label), neutralise(before), neutralise(after), *tail])
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_log(
        actor=actor,
        action="audit.exported",
        instansi_id=getattr(actor, "instansi_id", None),
        data={"rows": count, "filters": filters, "limited": count >= limit},
    )
    return buffer.getvalue()


def _purge(model: type[models.Model], cutoff: datetime.datetime, batch_size: int) -> int:
    """Delete rows created before `cutoff`, `batch_size` at a time, each batch its own short transaction,
    so a first run over years of rows never holds one huge lock."""
    deleted = 0
    while True:
        ids = list(model.objects.filter(created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        with transaction.atomic():
            deleted += model.objects.filter(pk__in=ids).delete()[0]


def logs_purge(*, batch_size: int | None = None) -> dict[str, int]:
    """Retention: audit rows older than AUDIT_RETENTION_DAYS and personal-data access rows older than
    PERSONAL_DATA_LOG_RETENTION_DAYS are deleted (the only deletion these append-only logs know). Safe to
    repeat; a run that deleted anything leaves one audit row saying how many."""
    batch_size = batch_size or settings.AUDIT_PURGE_BATCH_SIZE
    now = timezone.now()
    counts = {
        "audit": _purge(AuditEvent, now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS), batch_size),
        "personal_data": _purge(
            PersonalDataAccess,
            now - datetime.timedelta(days=settings.PERSONAL_DATA_LOG_RETENTION_DAYS),
            batch_size,
        ),
    }
    if any(counts.values()):
        audit_log(actor=None, action="audit.purged", data=counts)
    return counts
