"""Reads of report jobs."""

from typing import Any

from django.db.models import QuerySet

from apps.core.jobs import can_retry, waiting_for_broker
from apps.core.roles import ADMINS
from apps.core.tenancy import scope
from apps.reports.models import ReportJob


def reports_visible_to(user: Any) -> QuerySet[ReportJob]:
    """BKPSDM admins see their instansi's reports; a superadmin outside an instansi sees all."""
    qs = ReportJob.objects.select_related("instansi", "requested_by")
    if not user.has_any_role(ADMINS):
        return qs.none()
    return scope(qs, user)


def report_waits_for_broker(job: ReportJob) -> bool:
    """A pending job whose hand-over to the queue failed (the broker was away) and is being retried."""
    return job.status == "pending" and waiting_for_broker(task="apps.reports.tasks.run_report_job", job_id=job.pk)


def report_can_retry(job: ReportJob) -> bool:
    """Failed, pending too long, or its worker died: the page offers "Ulangi"."""

    return can_retry(job)
