"""Needs surveys, their answers, and FGD records."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.competencies.selectors import kompetensi_for_instansi
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.employees.selectors import has_subordinates
from apps.needs.errors import NeedsError
from apps.needs.models import Constraint, FgdSession, Modality, NeedsSurvey, SurveyResponse


def _check_kompetensi(instansi_id: int, kompetensi: list) -> None:
    allowed = set(kompetensi_for_instansi(instansi_id).values_list("pk", flat=True))
    if any(k.pk not in allowed for k in kompetensi):
        raise NeedsError(_("Kompetensi tidak dikenal di instansi ini."))


def survey_save(
    *, actor: Any, instansi_id: int, survey: Any = None, kompetensi: list | None = None, **fields: Any
) -> Any:
    kompetensi = list(kompetensi or [])
    _check_kompetensi(instansi_id, kompetensi)
    if fields["closes_on"] < fields["opens_on"]:
        raise NeedsError(_("Tanggal tutup tidak boleh sebelum tanggal buka."), code="needs.survey_dates")
    creating = survey is None
    survey = survey or NeedsSurvey(instansi_id=instansi_id)
    for key, value in fields.items():
        setattr(survey, key, value)
    with transaction.atomic():
        survey.save()
        survey.kompetensi.set(kompetensi)
        audit_log(actor=actor, action="survey.create" if creating else "survey.update", instance=survey)
    return survey


def survey_answer(
    *, actor: Any, survey: Any, respondent: Pegawai, as_atasan: bool, kompetensi: list, modality: str, **fields: Any
) -> Any:
    """One answer per pegawai per survey (and one more as atasan for their team), only while it is open."""
    today = timezone.localdate()
    if respondent.user_id != actor.pk or respondent.instansi_id != survey.instansi_id:
        raise NeedsError(_("Survei ini bukan untuk Anda."))
    if not survey.opens_on <= today <= survey.closes_on:
        raise NeedsError(_("Survei tidak sedang dibuka."), code="needs.survey_closed")
    if as_atasan and not has_subordinates(actor):
        raise NeedsError(_("Hanya atasan yang dapat menjawab untuk tim."))
    if modality not in Modality.values:
        raise NeedsError(_("Pilih modalitas: tatap muka, daring, atau blended."))
    constraints = list(fields.pop("constraints", []) or [])
    if any(c not in Constraint.values for c in constraints):
        raise NeedsError(_("Kendala tidak dikenal."))
    _check_kompetensi(survey.instansi_id, kompetensi)
    if SurveyResponse.objects.filter(survey=survey, respondent=respondent, as_atasan=as_atasan).exists():
        raise NeedsError(_("Anda sudah menjawab survei ini."), code="needs.survey_dup")
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            instansi_id=survey.instansi_id,
            survey=survey,
            respondent=respondent,
            as_atasan=as_atasan,
            modality=modality,
            constraints=constraints,
            **fields,
        )
        response.kompetensi.set(kompetensi)
        audit_log(actor=actor, action="survey.answer", instance=response)
    return response


def fgd_save(
    *,
    actor: Any,
    instansi_id: int,
    fgd: Any = None,
    participants: list | None = None,
    kompetensi: list | None = None,
    **fields: Any,
) -> Any:
    kompetensi = list(kompetensi or [])
    participants = list(participants or [])
    _check_kompetensi(instansi_id, kompetensi)
    unit = fields.get("unit_kerja")
    if unit is not None and unit.instansi_id != instansi_id:
        raise NeedsError(_("Unit kerja tidak dikenal."))
    if any(p.instansi_id != instansi_id for p in participants):
        raise NeedsError(_("Peserta harus pegawai instansi ini."))
    creating = fgd is None
    fgd = fgd or FgdSession(instansi_id=instansi_id)
    for key, value in fields.items():
        setattr(fgd, key, value)
    with transaction.atomic():
        fgd.save()
        fgd.participants.set(participants)
        fgd.kompetensi.set(kompetensi)
        audit_log(actor=actor, action="fgd.create" if creating else "fgd.update", instance=fgd)
    return fgd
