"""Responses: saved whole or not at all, anonymous ones without respondent or invitation."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import audit_log
from apps.enrollments.services import post_test_score_record
from apps.evaluations import scoring
from apps.evaluations.errors import AlreadyAnswered, EvaluationError, SurveyClosed
from apps.evaluations.models import (
    Answer,
    AnsweredMarker,
    Invitation,
    Level,
    Phase,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    Response,
)
from apps.evaluations.selectors import Item, items_of
from apps.evaluations.services.markers import marker_key


def _clean_value(item: Item, raw: Any) -> tuple[int | None, str, list[str]]:
    """Typed value of one answer or EvaluationError naming the field; empty → (None, "", [])."""
    q = item.question
    if raw in (None, "", []):
        if q.required:
            raise EvaluationError(_("Pertanyaan ini wajib dijawab."), field=item.field)
        return None, "", []
    if q.kind in (QuestionKind.LIKERT4, QuestionKind.LIKERT5):
        try:
            value = int(raw)
        except (TypeError, ValueError) as exc:
            raise EvaluationError(_("Pilih salah satu nilai yang tersedia."), field=item.field) from exc
        if not 1 <= value <= (q.scale or 0):
            raise EvaluationError(_("Nilai harus antara 1 dan %(n)s.") % {"n": q.scale}, field=item.field)
        return value, "", []
    allowed = {str(c[0]) for c in q.choices}
    if q.kind == QuestionKind.SINGLE:
        if str(raw) not in allowed:
            raise EvaluationError(_("Pilih salah satu pilihan yang tersedia."), field=item.field)
        return None, str(raw), []
    if q.kind == QuestionKind.MULTIPLE:
        picked = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]
        if not set(picked) <= allowed:
            raise EvaluationError(_("Pilih dari pilihan yang tersedia."), field=item.field)
        return None, "", sorted(set(picked))
    text = str(raw).strip()
    if len(text) > 2000:
        raise EvaluationError(_("Isian paling banyak 2000 karakter."), field=item.field)
    return None, text, []


def response_submit(
    *,
    questionnaire: Questionnaire,
    values: Mapping[str, Any],
    invitation: Invitation | None = None,
    respondent: Any = None,
    profile: Mapping[str, str] | None = None,
    actor: Any = None,
) -> Response:
    """Validate every answer, then save the response, its answers and the answered marker in one
    transaction, or nothing."""
    today = timezone.localdate()
    items = items_of(questionnaire)
    cleaned: list[tuple[Item, int | None, str, list[str]]] = []
    errors: list[EvaluationError] = []
    for item in items:
        try:
            cleaned.append((item, *_clean_value(item, values.get(item.field))))
        except EvaluationError as exc:
            errors.append(exc)
    if errors:
        raise errors[0]
    with transaction.atomic():
        q = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if (
            q.status != QuestionnaireStatus.OPEN
            or (q.closes_on and q.closes_on < today)
            or (q.opens_on and q.opens_on > today)
        ):
            raise SurveyClosed(_("Survei ini sudah ditutup atau belum dibuka."))
        if invitation is not None:
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk, questionnaire=q)
            key = marker_key(q, invitation.pk)
            if AnsweredMarker.objects.filter(questionnaire=q, key=key).exists():
                raise AlreadyAnswered(_("Anda sudah mengisi kuesioner ini."))
        elif q.level != Level.SKM:
            raise EvaluationError(_("Kuesioner ini hanya dapat diisi melalui undangan."))
        score = None
        if q.level == Level.L2:
            answers_for_score = {it.question.pk: (choices or text) for it, _v, text, choices in cleaned}
            keyed = {it.question.pk: it.question for it, *_rest in cleaned if it.question.correct is not None}
            score = scoring.auto_score(
                answers_for_score,
                {pk: qq.correct for pk, qq in keyed.items()},
                {pk: qq.points for pk, qq in keyed.items()},
            )
        complete = True
        if q.level == Level.SKM:
            by_code = {it.question.code: v for it, v, _t, _c in cleaned if it.target_kind == ""}
            complete = scoring.is_complete_skm(by_code)
        anonymous = q.anonymous
        response = Response.objects.create(
            instansi_id=q.instansi_id,
            questionnaire=q,
            respondent=None if anonymous else (respondent or (invitation.pegawai if invitation else None)),
            subject=None if anonymous else (invitation.subject if invitation else None),
            submitted_on=today,
            score=score,
            complete=complete,
            profile=dict(profile or {}) if q.level == Level.SKM else {},
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    instansi_id=q.instansi_id,
                    response=response,
                    questionnaire=q,
                    question=it.question,
                    narasumber_id=it.target_id if it.target_kind == "narasumber" else None,
                    module_id=it.target_id if it.target_kind == "module" else None,
                    kompetensi_id=it.target_id if it.target_kind == "kompetensi" else None,
                    value_int=value,
                    value_text=text,
                    value_choices=choices,
                )
                for it, value, text, choices in cleaned
                if value is not None or text or choices
            ]
        )
        if invitation is not None:
            AnsweredMarker.objects.create(id=uuid.uuid4(), questionnaire=q, key=marker_key(q, invitation.pk))
            if not anonymous:
                Invitation.objects.filter(pk=invitation.pk).update(answered=True)
                audit_log(actor=actor, action="questionnaire.answer", instance=q)
        if (
            q.level == Level.L2
            and q.phase == Phase.POST
            and q.angkatan_id
            and response.respondent_id
            and score is not None
        ):
            # Domain.md §8: the post-test score decides kelulusan, in the same transaction as the answers.
            post_test_score_record(pegawai_id=response.respondent_id, angkatan_id=q.angkatan_id, score=score)
    return response
