"""Goals a pair agrees on."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.mentoring.errors import MentoringError, NotAllowed
from apps.mentoring.models import GoalStatus, MentoringGoal, MentoringPair, PairStatus


def goal_save(*, actor: Any, pair: MentoringPair, goal: MentoringGoal | None = None, **fields: Any) -> MentoringGoal:
    """Mentor or mentee proposes (or edits) a goal; the one who wrote it has agreed to it, the
    other agrees with goal_agree."""
    if actor.pk not in (pair.mentor.pegawai.user_id, pair.mentee.pegawai.user_id):
        raise NotAllowed(_("Hanya mentor atau mentee yang dapat menyusun sasaran."))
    if pair.status != PairStatus.ACTIVE:
        raise MentoringError(_("Sasaran hanya dapat disusun pada pasangan aktif."))
    kompetensi = fields.get("kompetensi")
    if kompetensi is not None and kompetensi.instansi_id not in (None, pair.instansi_id):
        raise MentoringError(_("Kompetensi tidak dikenal di instansi ini."), field="kompetensi")
    goal = goal or MentoringGoal(instansi_id=pair.instansi_id, pair=pair, created_by=actor)
    for key, value in fields.items():
        setattr(goal, key, value)
    goal.agreed_at = None
    goal.created_by = actor
    goal.save()
    return goal


def goal_agree(*, actor: Any, goal: MentoringGoal) -> MentoringGoal:
    pair = goal.pair
    if actor.pk not in (pair.mentor.pegawai.user_id, pair.mentee.pegawai.user_id) or goal.created_by_id == actor.pk:
        raise NotAllowed(_("Sasaran disepakati oleh pihak yang tidak menyusunnya."))
    goal.agreed_at = timezone.now()
    goal.save(update_fields=["agreed_at", "updated_at"])
    return goal


def goal_set_status(*, actor: Any, goal: MentoringGoal, status: str) -> MentoringGoal:
    pair = goal.pair
    if actor.pk != pair.mentor.pegawai.user_id:
        raise NotAllowed(_("Hanya mentor yang menandai sasaran tercapai atau dibatalkan."))
    if status not in GoalStatus.values:
        raise MentoringError(_("Status sasaran tidak dikenal."))
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return goal
