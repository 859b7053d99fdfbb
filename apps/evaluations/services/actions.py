"""Improvement actions drawn from evaluation results."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import notices
from apps.core.exceptions import DomainError
from apps.core.services import audit_log
from apps.evaluations import sources
from apps.evaluations.errors import EvaluationError
from apps.evaluations.models import ActionStatus, ImprovementAction, Questionnaire
from apps.needs.services import needs_save


def action_create(
    *,
    actor: Any,
    instansi_id: int,
    title: str,
    finding: str,
    kind: str,
    assignee: Any,
    due_on: datetime.date,
    questionnaire: Questionnaire | None = None,
    program: Any = None,
    unit_kerja: Any = None,
) -> Any:
    if assignee.instansi_id != instansi_id or not assignee.is_active:
        raise EvaluationError(_("Penanggung jawab harus pegawai aktif instansi ini."), field="assignee")
    for name, value in (("questionnaire", questionnaire), ("program", program), ("unit_kerja", unit_kerja)):
        if value is not None and getattr(value, "instansi_id", instansi_id) not in (instansi_id, None):
            raise EvaluationError(_("Data tidak ditemukan."), field=name)
    if program is None and questionnaire is not None and questionnaire.angkatan_id:
        program = questionnaire.angkatan.program
    if unit_kerja is None and questionnaire is not None:
        unit_kerja = questionnaire.unit_kerja
    if due_on < timezone.localdate():
        raise EvaluationError(_("Tenggat tidak boleh sebelum hari ini."), field="due_on")
    with transaction.atomic():
        action = ImprovementAction.objects.create(
            instansi_id=instansi_id,
            title=title,
            finding=finding,
            kind=kind,
            questionnaire=questionnaire,
            program=program,
            unit_kerja=unit_kerja,
            assignee=assignee,
            due_on=due_on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_log(actor=actor, action="improvement.create", instance=action)
        # The person who must carry it out hears of it (the bell and its e-mail), once per action.
        title = _("Tindakan perbaikan untuk Anda: %(title)s (tenggat %(due)s)") % {
            "title": title,
            "due": date_format(due_on, "j M Y"),
        }
        url = reverse("evaluations:action_detail", args=[action.pk])
        notices.send(
            notices.Notice([assignee.user_id], title, url), key=f"improvement:{action.pk}", instansi_id=instansi_id
        )
    return action


def action_update(*, actor: Any, action: Any, status: str, result_note: str = "") -> Any:
    if status not in ActionStatus.values:
        raise EvaluationError(_("Status tidak dikenal."), field="status")
    if status == ActionStatus.DONE and not result_note.strip():
        raise EvaluationError(_("Tuliskan hasil tindakan sebelum menandai selesai."), field="result_note")
    with transaction.atomic():
        action.status, action.result_note = status, result_note
        action.save(update_fields=["status", "result_note", "updated_at"])
        audit_log(actor=actor, action="improvement.update", instance=action, data={"status": status})
    return action


def action_link_next_program(*, actor: Any, action: Any, next_program: Any) -> Any:
    """The programme's next version (a programme whose previous_version chain reaches the action's
    programme) records that it answers this action."""
    if action.program_id is None:
        raise EvaluationError(_("Tindakan ini tidak terkait program."), field="next_program")
    current, steps = next_program, 0
    while current is not None and steps < 50:
        if current.previous_version_id == action.program_id:
            break
        current, steps = current.previous_version, steps + 1
    else:
        current = None
    if current is None or next_program.pk == action.program_id:
        raise EvaluationError(_("Pilih versi program yang lebih baru dari program ini."), field="next_program")
    with transaction.atomic():
        action.next_program = next_program
        action.save(update_fields=["next_program", "updated_at"])
        audit_log(actor=actor, action="improvement.link_program", instance=action, data={"program": next_program.pk})
    return action


def action_create_needs(
    *, actor: Any, action: Any, kompetensi: Any, year: int, weight: int = 2, gap_size: int = 1
) -> Any:
    """A needs item from the finding, through the needs app's service.
    Targets the batch's participants, else the unit."""
    people = []
    if action.questionnaire_id and action.questionnaire.angkatan_id:
        people = sources.participants_of(action.questionnaire.angkatan)
    if not people and action.unit_kerja_id is None:
        raise EvaluationError(_("Temuan ini tidak punya sasaran (angkatan atau unit)."))
    try:
        item = needs_save(
            actor=actor,
            instansi_id=action.instansi_id,
            kompetensi=kompetensi,
            target_pegawai=people,
            unit_kerja=None if people else action.unit_kerja,
            year=year,
            source="survey",
            weight=weight,
            gap_size=gap_size,
            affected=max(1, len(people)),
            evidence=_("Temuan evaluasi: %(f)s (tindakan perbaikan #%(id)s)")
            % {"f": action.finding[:300], "id": action.pk},
        )
    except DomainError as exc:
        raise EvaluationError(exc.message) from exc
    action.needs_item_ids = [*action.needs_item_ids, item.pk]
    action.save(update_fields=["needs_item_ids", "updated_at"])
    return item
