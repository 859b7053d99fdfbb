"""Project assignments (learning by doing, strategic projects), their reports and assessment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import ConversionUnit, Form
from apps.competencies.selectors import skj_of
from apps.core.exceptions import DomainError
from apps.core.roles import ADMINS
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.employees.selectors import is_supervisor_of
from apps.enrollments.errors import DuplicateCredit
from apps.enrollments.models import LedgerSource
from apps.enrollments.selectors import conversion_rule_for
from apps.enrollments.services import ledger_credit
from apps.mentoring.errors import MentoringError, NotAllowed
from apps.mentoring.models import CompetencyEvidence, ProjectAssignment, ProjectEvent, ProjectReport, ProjectStatus
from apps.mentoring.services.common import _same_instansi, local_today
from apps.mentoring.workflow import project_relations, project_transition
from apps.needs.selectors import current_assessment_of, policy_for, scores_of
from apps.needs.services import assessment_record


def project_save(
    *,
    actor: Any,
    instansi_id: int,
    project: ProjectAssignment | None = None,
    competencies: Iterable[Any] = (),
    **fields: Any,
) -> ProjectAssignment:
    """Define (or edit, while a draft) a project; admins for anyone, an atasan for direct reports."""
    creating = project is None
    project = project or ProjectAssignment(instansi_id=instansi_id, created_by=actor)
    if not creating and project.status != ProjectStatus.DRAFT:
        raise MentoringError(_("Proyek hanya dapat diubah selama masih draf."))
    for key, value in fields.items():
        setattr(project, key, value)
    pegawai, supervisor = project.pegawai, project.supervisor
    _same_instansi(instansi_id, pegawai, supervisor)
    admin = actor.has_any_role(ADMINS) and actor.instansi_id in (None, instansi_id)
    if not (admin or is_supervisor_of(actor, pegawai)):
        raise NotAllowed(_("Hanya admin BKPSDM atau atasan pegawai yang dapat menetapkan proyek."), field="pegawai")
    if supervisor.pk == pegawai.pk:
        raise MentoringError(_("Pembimbing tidak boleh pegawai itu sendiri."), field="supervisor")
    if project.end_date < project.start_date:
        raise MentoringError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="end_date")
    targets = list(competencies)
    if not targets:
        raise MentoringError(_("Pilih minimal satu kompetensi."), field="competencies")
    with transaction.atomic():
        project.save()
        project.competencies.set(targets)
        if creating:
            ProjectEvent.objects.create(
                instansi_id=instansi_id, project=project, actor=actor, action="define", to_status=project.status
            )
        audit_log(
            actor=actor, action="mentoring.project_create" if creating else "mentoring.project_update", instance=project
        )
    return project


def project_report_add(
    *, actor: Any, project: ProjectAssignment, progress_percent: int, summary: str, file: Any = None
) -> ProjectReport:
    if project.pegawai.user_id != actor.pk:
        raise NotAllowed(_("Hanya pegawai yang ditugaskan yang dapat melaporkan kemajuan."))
    if project.status != ProjectStatus.ACTIVE:
        raise MentoringError(_("Laporan kemajuan hanya untuk proyek yang sedang berjalan."))
    if not 0 <= progress_percent <= 100:
        raise MentoringError(_("Kemajuan harus 0–100 %."), field="progress_percent")
    with transaction.atomic():
        report = ProjectReport.objects.create(
            instansi_id=project.instansi_id,
            project=project,
            progress_percent=progress_percent,
            summary=summary,
            file=file or "",
            created_by=actor,
        )
        audit_log(actor=actor, action="mentoring.project_report", instance=report, instansi_id=project.instansi_id)
    return report


def project_assess(
    *,
    actor: Any,
    project: ProjectAssignment,
    outcome_rating: int,
    outcome_note: str,
    evidence: Iterable[tuple[Any, int, str]],
    update_assessment: bool = False,
) -> ProjectAssignment:
    """The supervisor assesses the outcome and records one observed level per competency. With
    `update_assessment`, a supervisor who is also the pegawai's atasan records the evidence as a new
    atasan assessment in the needs app (SKJ competencies only; the other SKJ levels are carried over
    from the current assessment), and each evidence row keeps a reference to it."""
    if "supervisor" not in project_relations(actor, project):
        raise NotAllowed(_("Hanya pembimbing proyek yang dapat menilai."))
    if not 1 <= outcome_rating <= 5:
        raise MentoringError(_("Nilai hasil harus 1–5."), field="outcome_rating")
    rows = list(evidence)
    allowed = set(project.competencies.values_list("pk", flat=True))
    for kompetensi, level, _note in rows:
        if kompetensi.pk not in allowed:
            raise MentoringError(_("Bukti hanya untuk kompetensi proyek."))
        if not 1 <= int(level) <= 5:
            raise MentoringError(_("Level kompetensi harus 1–5."))
    with transaction.atomic():
        project = project_transition(project_id=project.pk, action="assess", actor=actor, note=outcome_note)
        project.outcome_rating = outcome_rating
        project.outcome_note = outcome_note
        project.assessed_at = timezone.now()
        project.save(update_fields=["outcome_rating", "outcome_note", "assessed_at", "updated_at"])
        created = CompetencyEvidence.objects.bulk_create(
            [
                CompetencyEvidence(
                    instansi_id=project.instansi_id,
                    project=project,
                    kompetensi=k,
                    observed_level=int(level),
                    note=note,
                    assessed_by=actor,
                )
                for k, level, note in rows
            ]
        )
        if update_assessment and created:
            assessment = _evidence_to_assessment(actor=actor, project=project, rows=rows)
            CompetencyEvidence.objects.filter(pk__in=[e.pk for e in created]).update(
                applied_ref=f"needs.assessment:{assessment.pk}"
            )
        _credit_project_jp(actor=actor, project=project)
    return project


#: Domain.md §6 has no row of its own for a project assignment; an assessed one is a completed on-the-job
#: assignment, so it converts like "magang / praktik kerja": JP per completed assignment (20 by default,
#: reference data an admin may change by a new rule version).
PROJECT_JP_FORM = Form.MAGANG


def _credit_project_jp(*, actor: Any, project: ProjectAssignment) -> None:
    """Book the JP of an assessed project once (source `mentoring-project:<id>`, rule 17) on the day it was
    assessed in the instansi's zone, with the rule version (rule 16). No rule in force: 0 JP and a note,
    the assessment still stands. The "assessed" notice (sent after commit) tells the pegawai the JP."""
    day = local_today(project.instansi)
    rule = conversion_rule_for(instansi_id=project.instansi_id, form=PROJECT_JP_FORM, on=day)
    amount = rule.compute_jp(1) if rule is not None and rule.unit == ConversionUnit.ASSIGNMENT else 0
    if amount:
        try:
            ledger_credit(
                actor=actor,
                pegawai=project.pegawai,
                jp_amount=amount,
                credited_on=day,
                source_type=LedgerSource.OTHER,
                source_ref=f"mentoring-project:{project.pk}",
                title=(_("Penugasan proyek: %(title)s") % {"title": project.title})[:250],
                provider=str(project.supervisor),
                start_date=project.start_date,
                end_date=project.end_date,
                conversion_rule=rule,
            )
        except DuplicateCredit as exc:
            raise MentoringError(exc.message) from exc
    project.jp_credited = amount
    project.jp_note = "" if amount else _("Tidak ada aturan konversi JP untuk penugasan proyek.")
    project.save(update_fields=["jp_credited", "jp_note", "updated_at"])


def _evidence_to_assessment(*, actor: Any, project: ProjectAssignment, rows: list[tuple[Any, int, str]]) -> Any:
    pegawai = project.pegawai
    if not is_supervisor_of(actor, pegawai):
        raise NotAllowed(
            _("Hanya atasan langsung pegawai yang dapat memperbarui penilaian kompetensinya."),
            field="update_assessment",
        )
    today = local_today(project.instansi)
    current = current_assessment_of(pegawai, policy_for(pegawai.instansi_id, today), today)
    levels: dict[int, Any] = {}
    if current is not None:
        levels = {s.kompetensi_id: s.actual_level for s in scores_of(current) if s.actual_level}
    evidence_notes = {}
    for kompetensi, level, note in rows:
        levels[kompetensi.pk] = int(level)
        evidence_notes[kompetensi.pk] = f"{project.title}: {note}".strip(": ")
    skj_ids = set(skj_required_ids(pegawai))
    try:
        return assessment_record(
            actor=actor,
            pegawai=pegawai,
            method="atasan",
            levels={k: v for k, v in levels.items() if k in skj_ids},
            assessed_on=today,
            evidence={k: v for k, v in evidence_notes.items() if k in skj_ids},
            note=_("Bukti kompetensi dari penugasan proyek: %(title)s") % {"title": project.title},
            require_all=False,
        )
    except DomainError as exc:
        raise MentoringError(exc.message, field="update_assessment") from exc


def skj_required_ids(pegawai: Pegawai) -> list[int]:
    if pegawai.jabatan_id is None:
        return []
    return [item.kompetensi_id for item in skj_of(pegawai.jabatan)]
