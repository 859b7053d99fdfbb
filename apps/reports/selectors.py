"""Reads of report jobs."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apps.catalog.selectors import angkatan_for_instansi, programs_named_by_instansi
from apps.core.jobs import can_retry, waiting_for_broker
from apps.core.roles import ADMINS
from apps.core.tenancy import scope
from apps.reports.kinds import PARAMETER_LABELS, get_kind
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


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def report_parameters_shown(jobs: Iterable[ReportJob]) -> list[ReportJob]:
    """Give each job `parameters_shown`: [(label, value)] with human names ("Angkatan": "<program> — <batch>",
    "Tahun": "2026") instead of raw keys and ids. Names are looked up inside the job's own instansi, so an id of
    another instansi reads "tidak ditemukan"; one query per instansi and model, whatever the number of jobs."""
    jobs = list(jobs)
    wanted: dict[str, dict[int, set[int]]] = {"angkatan": defaultdict(set), "program": defaultdict(set)}
    for job in jobs:
        for key, ids in wanted.items():
            if (pk := _as_int((job.parameters or {}).get(key))) is not None:
                ids[job.instansi_id].add(pk)
    names: dict[tuple[str, int, int], str] = {}
    for instansi_id, ids in wanted["angkatan"].items():
        for a in angkatan_for_instansi(instansi_id).filter(pk__in=ids):
            names[("angkatan", instansi_id, a.pk)] = f"{a.program.title} — {a.name}"
    for instansi_id, ids in wanted["program"].items():
        for p in programs_named_by_instansi(instansi_id).filter(pk__in=ids).only("pk", "title"):
            names[("program", instansi_id, p.pk)] = p.title
    for job in jobs:
        params = job.parameters or {}
        kind = get_kind(job.kind)
        order = [k for k in (kind.params if kind else ()) if k in params] + [
            k for k in params if not kind or k not in kind.params
        ]
        shown = []
        for key in order:
            value = params[key]
            if key in wanted:
                pk = _as_int(value)
                value = names.get((key, job.instansi_id, pk)) or _("#%(id)s (tidak ditemukan)") % {"id": value}
            shown.append((str(PARAMETER_LABELS.get(key, key)), str(value)))
        job.parameters_shown = shown
    return jobs


def report_parameters_text(job: ReportJob) -> str:
    """The same names on one line, for e-mail bodies."""
    report_parameters_shown([job])
    return ", ".join(f"{label}: {value}" for label, value in job.parameters_shown)
