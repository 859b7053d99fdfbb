"""Individual development plans (IDP).

One IDP per pegawai per year with 1–5 goals, each on a competency (ideally one of their gaps); activities
hang off goals. The pegawai edits it while draft; the direct atasan agrees (event row). Progress is filled
later, by the pegawai or by idp_activities_complete_for_program (called by enrollments on completion)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Form
from apps.core.services import audit_log, changes_since, snapshot
from apps.employees.models import Pegawai
from apps.needs.errors import IdpError
from apps.needs.models import ActivityStatus, IdpActivity, IdpGoal, IdpStatus, IndividualDevelopmentPlan
from apps.needs.selectors import idp_open_activities_for_program
from apps.needs.services.surveys import _check_kompetensi
from apps.needs.workflow import _idp_transition

MAX_GOALS = 5


def _prefixed(prefix: str, changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Changes of a row inside the IDP (a goal, an activity), logged on the IDP: "activity.title"."""
    return {f"{prefix}.{name}": values for name, values in changes.items()}


def idp_create(*, actor: Any, pegawai: Pegawai, year: int) -> Any:
    if pegawai.user_id != actor.pk:
        raise IdpError(_("IDP hanya dapat dibuat oleh pegawai yang bersangkutan."))
    if not 2000 <= year <= 2100:
        raise IdpError(_("Tahun tidak sah."))
    try:
        with transaction.atomic():
            idp = IndividualDevelopmentPlan.objects.create(instansi_id=pegawai.instansi_id, pegawai=pegawai, year=year)
            audit_log(actor=actor, action="idp.create", instance=idp, before={})
    except IntegrityError as exc:
        raise IdpError(_("IDP Anda untuk tahun tersebut sudah ada."), code="needs.idp_dup") from exc
    return idp


def _locked_idp_draft(idp: Any, actor: Any) -> Any:
    locked = IndividualDevelopmentPlan.objects.select_for_update().select_related("pegawai").get(pk=idp.pk)
    if locked.pegawai.user_id != actor.pk:
        raise IdpError(_("Hanya pegawai yang bersangkutan yang mengubah IDP-nya."))
    if locked.status != IdpStatus.DRAFT:
        raise IdpError(_("IDP hanya dapat diubah selama berstatus draf."), code="needs.idp_frozen")
    return locked


def idp_goal_add(
    *, actor: Any, idp: Any, kompetensi: Any, description: str, target_level: int | None = None, needs_item: Any = None
) -> Any:
    if kompetensi is None:
        raise IdpError(_("Pilih kompetensi sasaran."))
    _check_kompetensi(idp.instansi_id, [kompetensi])
    if target_level is not None and not 1 <= int(target_level) <= 5:
        raise IdpError(_("Level harus bilangan bulat 1–5."))
    if needs_item is not None and needs_item.pegawai_id not in (None, idp.pegawai_id):
        raise IdpError(_("Kebutuhan yang dipilih bukan milik pegawai ini."))
    with transaction.atomic():
        idp = _locked_idp_draft(idp, actor)
        if IdpGoal.objects.filter(idp=idp).count() >= MAX_GOALS:
            raise IdpError(_("IDP memuat paling banyak 5 sasaran."), code="needs.idp_goals")
        if IdpGoal.objects.filter(idp=idp, kompetensi=kompetensi).exists():
            raise IdpError(_("Kompetensi ini sudah menjadi sasaran IDP."))
        goal = IdpGoal.objects.create(
            instansi_id=idp.instansi_id,
            idp=idp,
            kompetensi=kompetensi,
            description=description,
            target_level=target_level,
            needs_item=needs_item,
        )
        audit_log(actor=actor, action="idp.goal_add", instance=idp, changes=_prefixed("goal", changes_since(goal, {})))
    return goal


def idp_activity_add(
    *,
    actor: Any,
    idp: Any,
    goal: Any,
    form: str,
    title: str,
    target_date: datetime.date,
    plan_item: Any = None,
    program: Any = None,
) -> Any:
    if goal is None or goal.idp_id != idp.pk:
        raise IdpError(_("Pilih sasaran IDP untuk kegiatan ini."))
    if form not in Form.values:
        raise IdpError(_("Bentuk pengembangan tidak dikenal."))
    if target_date.year not in (idp.year, idp.year + 1):
        raise IdpError(_("Target tanggal harus pada tahun IDP."))
    if plan_item is not None and plan_item.instansi_id != idp.instansi_id:
        raise IdpError(_("Butir rencana tidak dikenal."))
    with transaction.atomic():
        idp = _locked_idp_draft(idp, actor)
        activity = IdpActivity.objects.create(
            instansi_id=idp.instansi_id,
            idp=idp,
            goal=goal,
            form=form,
            title=title,
            target_date=target_date,
            plan_item=plan_item,
            program=program,
        )
        audit_log(
            actor=actor,
            action="idp.activity_add",
            instance=idp,
            changes=_prefixed("activity", changes_since(activity, {})),
        )
    return activity


def idp_submit(*, actor: Any, idp: Any, note: str = "") -> Any:
    goals = IdpGoal.objects.filter(idp=idp).count()
    if not 1 <= goals <= MAX_GOALS:
        raise IdpError(_("IDP harus memuat 1–5 sasaran sebelum diajukan."), code="needs.idp_goals")
    if not IdpActivity.objects.filter(idp=idp).exists():
        raise IdpError(_("Tambahkan minimal satu kegiatan sebelum mengajukan IDP."))
    return _idp_transition(idp_id=idp.pk, action="submit", actor=actor, note=note)


def idp_decide(*, actor: Any, idp: Any, action: str, note: str = "") -> Any:
    """agree / return by the direct atasan; reopen by the pegawai (a change needs a new agreement)."""
    if action not in ("agree", "return", "reopen"):
        raise IdpError(_("Aksi tidak dikenal."))
    return _idp_transition(idp_id=idp.pk, action=action, actor=actor, note=note)  # audited by the machine


def idp_activity_progress(*, actor: Any, activity: Any, done: bool, completed_on: Any, note: str = "") -> Any:
    idp = activity.idp
    if idp.pegawai.user_id != actor.pk:
        raise IdpError(_("Hanya pegawai yang bersangkutan yang mengisi kemajuan."))
    if idp.status != IdpStatus.AGREED:
        raise IdpError(_("Kemajuan diisi setelah IDP disepakati atasan."))
    if done and completed_on is None:
        raise IdpError(_("Isi tanggal selesai."))
    if completed_on and completed_on > timezone.localdate():
        raise IdpError(_("Tanggal selesai tidak boleh di masa depan."))
    before = snapshot(activity, ["status", "completed_on", "progress_note"])
    activity.status = ActivityStatus.DONE if done else ActivityStatus.PLANNED
    activity.completed_on = completed_on if done else None
    activity.progress_note = note
    activity.save(update_fields=["status", "completed_on", "progress_note"])
    changes = _prefixed(f"activity {activity.pk}", changes_since(activity, before))
    audit_log(actor=actor, action="idp.progress", instance=idp, changes=changes)
    return activity


def idp_activities_complete_for_program(
    *, instansi_id: int, pegawai_id: int, program_id: int, completed_on: datetime.date, note: str = ""
) -> int:
    """Hook for the enrollments app: when a pegawai completes a programme, every planned activity of their
    agreed IDPs that names that programme (directly or via its plan item) is marked done. Safe to repeat."""
    ids = list(idp_open_activities_for_program(instansi_id, pegawai_id, program_id).values_list("pk", flat=True))
    if not ids:
        return 0

    return IdpActivity.objects.filter(pk__in=ids, status=ActivityStatus.PLANNED).update(
        status=ActivityStatus.DONE,
        completed_on=completed_on,
        progress_note=note or _("Selesai mengikuti pelatihan."),
    )
