"""Report writes. Rules: a job is created only for an offered kind (its source apps installed) and
enqueued after commit with its id; running a job is idempotent (a finished job is left alone, a
re-run replaces only its own files under reports/<instansi>/<job>/); progress lives on the job
row; a failed job keeps a readable error and can be retried; files older than the instansi's
`file_retention_days` are removed on a schedule (audited); monthly reports are mailed to BKPSDM."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Membership
from apps.core import jobs
from apps.core.replica import replica_reads
from apps.core.roles import Role
from apps.core.services import audit_log
from apps.evaluations.services import policy_for
from apps.organizations.selectors import instansi_by_id, instansi_list_for_superadmin, instansi_retention_periods
from apps.reports.errors import ReportError
from apps.reports.kinds import ReportInputError, get_kind
from apps.reports.models import ReportJob, ReportStatus
from apps.reports.renderers import render_pdf, render_xlsx
from apps.reports.selectors import report_parameters_text

logger = logging.getLogger(__name__)


def _enqueue(job_id: int) -> None:
    jobs.enqueue("apps.reports.tasks.run_report_job", job_id=job_id)


def report_request(
    *, actor: Any, instansi_id: int, kind: str, parameters: dict[str, Any], email_to: str = ""
) -> ReportJob:
    spec = get_kind(kind)
    if spec is None:
        raise ReportError(_("Jenis laporan ini tidak tersedia."))
    missing = [p for p in spec.params if parameters.get(p) in (None, "")]
    if missing:
        raise ReportError(_("Lengkapi parameter laporan: %(p)s.") % {"p": ", ".join(missing)})
    with transaction.atomic():
        job = ReportJob.objects.create(
            instansi_id=instansi_id,
            kind=kind,
            parameters={p: parameters[p] for p in spec.params},
            requested_by=actor if getattr(actor, "pk", None) else None,
            email_to=email_to,
        )
        audit_log(actor=actor, action="report.request", instance=job)
        _enqueue(job.pk)
    return job


def report_retry(*, actor: Any, job: ReportJob) -> ReportJob:
    with transaction.atomic():
        locked = ReportJob.objects.select_for_update().get(pk=job.pk)
        if not jobs.can_retry(locked):
            raise ReportError(
                _(
                    "Hanya laporan yang gagal, yang terlalu lama menunggu, atau yang pemrosesannya berhenti "
                    "yang dapat diulang."
                )
            )
        locked.status, locked.progress, locked.error = ReportStatus.PENDING, 0, ""
        locked.started_at = locked.finished_at = locked.heartbeat_at = None
        locked.save(update_fields=["status", "progress", "error", "started_at", "finished_at", "heartbeat_at"])
        audit_log(actor=actor, action="report.retry", instance=locked)
        _enqueue(locked.pk)
    return locked


def _update(job_id: int, **fields: Any) -> None:
    ReportJob.objects.filter(pk=job_id).update(**fields)


def _save_file(job: ReportJob, field: str, name: str, content: bytes) -> None:
    """Replace this job's own file: a re-run deletes what the field points at, then saves under a new random
    folder (report_upload_to), so no stale copy is left behind."""
    current = getattr(job, field)
    if current:
        current.storage.delete(current.name)
    current.save(name, ContentFile(content), save=False)


def report_run(*, job_id: int) -> ReportJob:
    """Build the report and write PDF + XLSX. Safe to run twice."""

    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status == ReportStatus.SUCCEEDED:
        return job
    spec = get_kind(job.kind)
    now = timezone.now()
    # The first heartbeat goes with the status: a worker lost between two writes would otherwise leave a
    # running job with no heartbeat, which the stale-job sweep (heartbeat older than …) never finds.
    _update(
        job.pk,
        status=ReportStatus.RUNNING,
        progress=5,
        started_at=now,
        heartbeat_at=now,
        attempts=job.attempts + 1,
        error="",
    )
    if spec is None:
        _update(
            job.pk, status=ReportStatus.FAILED, error=_("Jenis laporan ini tidak tersedia."), finished_at=timezone.now()
        )
        return ReportJob.objects.get(pk=job.pk)

    with jobs.heartbeat(ReportJob, job.pk):
        return _report_build(job, spec)


def _report_build(job: ReportJob, spec: Any) -> ReportJob:
    def progress(percent: int) -> None:
        _update(job.pk, progress=max(5, min(95, percent)))

    instansi = instansi_by_id(job.instansi_id)
    try:
        with replica_reads():  # a year of data: from the replica when there is one
            report = spec.build(job, progress)
    except ReportInputError as exc:
        _update(job.pk, status=ReportStatus.FAILED, error=exc.message, finished_at=timezone.now())
        return ReportJob.objects.get(pk=job.pk)
    progress(80)
    pdf = render_pdf(report, instansi=instansi, job=job)
    progress(90)
    xlsx = render_xlsx(report, instansi=instansi, job=job)
    stem = f"laporan-{job.kind.replace('_', '-')}-{job.pk}"
    _save_file(job, "file_pdf", f"{stem}.pdf", pdf)
    _save_file(job, "file_xlsx", f"{stem}.xlsx", xlsx)
    job.status, job.progress, job.finished_at, job.error = ReportStatus.SUCCEEDED, 100, timezone.now(), ""
    job.save(update_fields=["file_pdf", "file_xlsx", "status", "progress", "finished_at", "error"])
    return job


def report_mark_failed(*, job_id: int, error: str) -> None:
    _update(job_id, status=ReportStatus.FAILED, error=error, finished_at=timezone.now())


def report_email(*, job_id: int) -> bool:
    """Mail a finished job's files to `email_to`; `emailed_at` makes a repeat a no-op."""
    job = ReportJob.objects.get(pk=job_id)
    if job.status != ReportStatus.SUCCEEDED or job.emailed_at or not job.email_to:
        return False
    message = EmailMessage(
        _("Laporan bulanan: %(kind)s") % {"kind": job.kind_label},
        _("Terlampir laporan %(kind)s (%(params)s).") % {"kind": job.kind_label, "params": report_parameters_text(job)},
        None,
        [e.strip() for e in job.email_to.split(",") if e.strip()],
    )
    for f in (job.file_pdf, job.file_xlsx):
        if f:
            with f.open("rb") as handle:
                message.attach(f.name.rsplit("/", 1)[-1], handle.read())
    message.send()
    _update(job.pk, emailed_at=timezone.now())
    return True


def reports_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Per instansi, remove files of jobs finished longer ago than its `file_retention_days` (the same
    period as uploaded import files); the job row stays as history. Safe to repeat."""
    now = now or timezone.now()
    return sum(
        _reports_files_remove(instansi_id=instansi_id, finished_before=now - datetime.timedelta(days=days))
        for instansi_id, days in instansi_retention_periods()
    )


def _reports_files_remove(*, instansi_id: int, finished_before: datetime.datetime) -> int:
    removed: list[int] = []
    expired = ReportJob.objects.filter(
        instansi_id=instansi_id, finished_at__lt=finished_before, files_removed_at__isnull=True
    )
    for job in expired.only("pk", "file_pdf", "file_xlsx").order_by("pk"):
        try:
            for f in (job.file_pdf, job.file_xlsx):
                if f:
                    f.storage.delete(f.name)  # FileSystemStorage ignores a missing file
        except OSError:
            logger.warning("report job %s: could not delete its files", job.pk, exc_info=True)
            continue  # left unmarked: the next run tries again
        marked = ReportJob.objects.filter(pk=job.pk, files_removed_at__isnull=True).update(
            file_pdf="", file_xlsx="", files_removed_at=timezone.now()
        )
        if marked:
            removed.append(job.pk)
    if removed:
        audit_log(
            actor=None,
            action="report.files_removed",
            instansi_id=instansi_id,
            data={"count": len(removed), "job_ids": removed},
        )
    return len(removed)


def monthly_reports_request(*, today: datetime.date | None = None) -> list[ReportJob]:
    """On the first of the month, per instansi: the year-at-a-glance report, mailed to the
    instansi's BKPSDM address (evaluation settings) or its BKPSDM admins. Repeat-safe per month."""
    today = today or timezone.localdate()
    year = (today - datetime.timedelta(days=1)).year
    jobs = []
    for instansi in instansi_list_for_superadmin().filter(is_active=True):
        email = policy_for(instansi.pk).monthly_report_email or ", ".join(
            Membership.objects.filter(instansi=instansi, role=Role.ADMIN_BKPSDM)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if not email:
            continue
        marker = f"{today:%Y-%m}"
        if ReportJob.objects.filter(instansi=instansi, kind="year_overview", parameters__monthly=marker).exists():
            continue
        with transaction.atomic():
            job = ReportJob.objects.create(
                instansi=instansi, kind="year_overview", parameters={"year": year, "monthly": marker}, email_to=email
            )
            _enqueue(job.pk)
        jobs.append(job)
    return jobs
