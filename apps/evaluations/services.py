"""Evaluation writes. Rules:
- a questionnaire copies its template's questions; questions change only while it is a draft;
- an SKM questionnaire belongs to a service unit, is always anonymous and gets a public token;
- an invitation is answered at most once: an AnsweredMarker keyed by HMAC(secret, salt, invitation)
  closes it. Anonymous responses store no respondent, no invitation and only the day, and no audit
  row names the respondent, so no page or export can trace an answer back (design: anonymity);
- a response is saved whole or not at all (one transaction, invitation row locked);
- SKM responses are `complete` only with U1–U9 answered 1–4 (rule 26); L2 responses are scored 0–100;
- L3 follow-ups are created at completion + the instansi's configured months (rule 25) and
  reminded until answered or closed."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import secrets
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import DomainError
from apps.core.jobs import enqueue
from apps.core.services import audit_log
from apps.evaluations import scoring, sources
from apps.evaluations.models import (
    Answer,
    AnsweredMarker,
    EvaluationPolicy,
    Invitation,
    Level,
    Phase,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    QuestionnaireTemplate,
    Response,
)
from apps.evaluations.selectors import Item, items_of

logger = logging.getLogger(__name__)


class EvaluationError(DomainError):
    default_code = "evaluation.invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class AlreadyAnswered(EvaluationError):
    default_code = "evaluation.already_answered"


class SurveyClosed(EvaluationError):
    default_code = "evaluation.closed"


# --------------------------------------------------------------------------- policy


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, clamped to the month's end (31 May − 3 months = 28/29 Feb)."""
    import calendar

    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def policy_for(instansi_id: int) -> EvaluationPolicy:
    policy = EvaluationPolicy.objects.filter(instansi_id=instansi_id).first()
    return policy or EvaluationPolicy(instansi_id=instansi_id)


# --------------------------------------------------------------------------- questionnaires

TARGET_OF_LEVEL = {
    Level.L1: "angkatan",
    Level.L2: "angkatan",
    Level.L3_ALUMNI: "angkatan",
    Level.L3_ATASAN: "angkatan",
    Level.SKM: "unit_kerja",
    Level.MENTORING: "mentoring_program_id",
}


def questionnaire_create(
    *,
    actor: Any,
    instansi_id: int,
    template: QuestionnaireTemplate,
    title: str = "",
    angkatan: Any = None,
    unit_kerja: Any = None,
    mentoring_program_id: int | None = None,
    phase: str = "",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    min_group_size: int = scoring.MIN_GROUP_SIZE,
    pass_score: int = 70,
) -> Questionnaire:
    level = template.level
    target = TARGET_OF_LEVEL[Level(level)]
    given = {"angkatan": angkatan, "unit_kerja": unit_kerja, "mentoring_program_id": mentoring_program_id}
    if given[target] in (None, ""):
        labels = {
            "angkatan": _("Pilih angkatan untuk kuesioner ini."),
            "unit_kerja": _("Pilih unit layanan untuk survei kepuasan masyarakat."),
            "mentoring_program_id": _("Pilih program mentoring untuk kuesioner ini."),
        }
        raise EvaluationError(labels[target], field=target)
    for name, value in given.items():
        if name != target and value not in (None, ""):
            raise EvaluationError(_("Kuesioner ini hanya untuk satu sasaran."), field=name)
        if value is not None and name != "mentoring_program_id" and value.instansi_id != instansi_id:
            raise EvaluationError(_("Sasaran tidak ditemukan."), field=name)
    if target == "mentoring_program_id" and not any(
        p.pk == mentoring_program_id for p in sources.mentoring_programs(instansi_id)
    ):
        raise EvaluationError(_("Program mentoring tidak ditemukan."), field="mentoring_program_id")
    if level == Level.L2 and phase not in (Phase.PRE, Phase.POST):
        raise EvaluationError(_("Pilih tahap: pre-test atau post-test."), field="phase")
    if level != Level.L2:
        phase = ""
    if opens_on and closes_on and closes_on < opens_on:
        raise EvaluationError(_("Tanggal ditutup tidak boleh sebelum tanggal dibuka."), field="closes_on")
    if template.instansi_id not in (None, instansi_id):
        raise EvaluationError(_("Templat tidak ditemukan."), field="template")
    if not title:
        target_name = str(angkatan or unit_kerja or _("program mentoring"))
        title = f"{template.name} — {target_name}" + (f" ({Phase(phase).label})" if phase else "")
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            instansi_id=instansi_id,
            template=template,
            title=title[:200],
            level=level,
            phase=phase,
            angkatan=angkatan,
            unit_kerja=unit_kerja,
            mentoring_program_id=mentoring_program_id,
            anonymous=template.anonymous or level == Level.SKM,
            min_group_size=max(1, min_group_size),
            pass_score=pass_score,
            opens_on=opens_on,
            closes_on=closes_on,
            period_start=period_start,
            period_end=period_end,
            public_token=secrets.token_urlsafe(18) if level == Level.SKM else "",
            salt=secrets.token_hex(16),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        Question.objects.bulk_create(
            [
                Question(
                    instansi_id=instansi_id,
                    questionnaire=questionnaire,
                    order=q.order,
                    code=q.code,
                    section=q.section,
                    text=q.text,
                    kind=q.kind,
                    scope=q.scope,
                    choices=q.choices,
                    correct=q.correct,
                    points=q.points,
                    required=q.required,
                )
                for q in template.questions.order_by("order", "id")
            ]
        )
        audit_log(actor=actor, action="questionnaire.create", instance=questionnaire)
    return questionnaire


def _require_draft(questionnaire: Questionnaire) -> None:
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise EvaluationError(_("Pertanyaan hanya dapat diubah selama kuesioner masih draf."))


def question_add(
    *,
    actor: Any,
    questionnaire: Questionnaire,
    code: str,
    text: str,
    kind: str,
    scope: str = "once",
    section: str = "",
    choices: list[list[str]] | None = None,
    correct: Any = None,
    points: int = 1,
    required: bool = True,
) -> Question:
    _require_draft(questionnaire)
    if questionnaire.level == Level.SKM and code.upper() in scoring.SKM_CODES:
        raise EvaluationError(_("Kode U1–U9 dicadangkan untuk unsur SKM resmi."), field="code")
    choices = choices or []
    values = {c[0] for c in choices}
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(choices) < 2:
        raise EvaluationError(_("Pertanyaan pilihan membutuhkan minimal dua pilihan."), field="choices")
    if correct not in (None, "", []):
        given = set(correct) if isinstance(correct, list) else {correct}
        if not given <= values:
            raise EvaluationError(_("Kunci jawaban harus salah satu pilihan."), field="correct")
        if kind == QuestionKind.SINGLE and len(given) != 1:
            raise EvaluationError(_("Pilihan tunggal hanya punya satu kunci jawaban."), field="correct")
    else:
        correct = None
    last = questionnaire.questions.order_by("-order").values_list("order", flat=True).first() or 0
    try:
        with transaction.atomic():
            question = Question.objects.create(
                instansi_id=questionnaire.instansi_id,
                questionnaire=questionnaire,
                order=last + 1,
                code=code,
                section=section,
                text=text,
                kind=kind,
                scope=scope,
                choices=choices,
                correct=correct,
                points=points,
                required=required,
            )
            audit_log(actor=actor, action="question.add", instance=questionnaire, data={"code": code})
    except IntegrityError as exc:
        raise EvaluationError(_("Kode pertanyaan sudah dipakai di kuesioner ini."), field="code") from exc
    return question


def question_delete(*, actor: Any, question: Question) -> None:
    questionnaire = question.questionnaire
    _require_draft(questionnaire)
    if questionnaire.level == Level.SKM and question.code in scoring.SKM_CODES:
        raise EvaluationError(_("Unsur SKM resmi U1–U9 tidak dapat dihapus."))
    with transaction.atomic():
        audit_log(actor=actor, action="question.delete", instance=questionnaire, data={"code": question.code})
        question.delete()


def questionnaire_open(*, actor: Any, questionnaire: Questionnaire) -> Questionnaire:
    """Open for answers and invite the target group; invitations are mailed after commit."""
    with transaction.atomic():
        q = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if q.status == QuestionnaireStatus.OPEN:
            return q
        if not q.questions.exists():
            raise EvaluationError(_("Kuesioner belum memiliki pertanyaan."))
        q.status = QuestionnaireStatus.OPEN
        if q.opens_on is None:
            q.opens_on = timezone.localdate()
        q.save(update_fields=["status", "opens_on", "updated_at"])
        audit_log(actor=actor, action="questionnaire.open", instance=q)
        invitations_sync(questionnaire=q)
    return q


def questionnaire_close(*, actor: Any, questionnaire: Questionnaire) -> Questionnaire:
    with transaction.atomic():
        q = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        q.status = QuestionnaireStatus.CLOSED
        q.save(update_fields=["status", "updated_at"])
        audit_log(actor=actor, action="questionnaire.close", instance=q)
    return q


def _invitees(q: Questionnaire) -> list[tuple[Any, Any]]:
    """(pegawai invited, subject) pairs for the questionnaire's target group."""
    if q.level in (Level.L1, Level.L2) and q.angkatan_id:
        return [(p, None) for p in sources.participants_of(q.angkatan)]
    if q.level == Level.L3_ALUMNI and q.angkatan_id:
        return [(p, None) for p, _done in sources.alumni_of(q.angkatan)]
    if q.level == Level.L3_ATASAN and q.angkatan_id:
        return [(p.atasan, p) for p, _done in sources.alumni_of(q.angkatan) if p.atasan_id]
    if q.level == Level.MENTORING and q.mentoring_program_id:
        return [(p, None) for p in sources.mentees_of(q.instansi_id, q.mentoring_program_id)]
    return []


def invitations_sync(*, questionnaire: Questionnaire) -> int:
    """Invite everyone in the target group not invited yet; safe to repeat. Returns new invitations."""
    q = questionnaire
    if q.level == Level.SKM or q.status != QuestionnaireStatus.OPEN:
        return 0
    policy = policy_for(q.instansi_id)
    due = q.closes_on or (timezone.localdate() + datetime.timedelta(days=policy.answer_window_days))
    existing = set(Invitation.objects.filter(questionnaire=q).values_list("pegawai_id", "subject_id"))
    new = [
        Invitation(instansi_id=q.instansi_id, questionnaire=q, pegawai=p, subject=s, due_on=due)
        for p, s in _invitees(q)
        if p is not None and p.instansi_id == q.instansi_id and (p.pk, getattr(s, "pk", None)) not in existing
    ]
    created = Invitation.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    if created:
        from apps.evaluations.tasks import send_survey_invitations

        enqueue(send_survey_invitations, questionnaire_id=q.pk)
    return len(created)


# --------------------------------------------------------------------------- answered markers


def marker_key(questionnaire: Questionnaire, invitation_id: int) -> str:
    message = f"{questionnaire.pk}:{questionnaire.salt}:{invitation_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def answered_invitation_ids(invitations: list[Invitation]) -> set[int]:
    """Which of these invitations have been answered (one query per questionnaire involved)."""
    by_q: dict[int, dict[str, int]] = {}
    for inv in invitations:
        by_q.setdefault(inv.questionnaire_id, {})[marker_key(inv.questionnaire, inv.pk)] = inv.pk
    answered: set[int] = set()
    for qid, keys in by_q.items():
        found = AnsweredMarker.objects.filter(questionnaire_id=qid, key__in=list(keys)).values_list("key", flat=True)
        answered.update(keys[k] for k in found)
    return answered


def pending_invitations(user: Any) -> list[Invitation]:
    from apps.evaluations.selectors import invitations_of_user

    invitations = list(invitations_of_user(user)[:50])
    done = answered_invitation_ids(invitations)
    return [inv for inv in invitations if inv.pk not in done]


# --------------------------------------------------------------------------- responses


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
    return response


# --------------------------------------------------------------------------- sending and scheduling


def _due(invitation: Invitation) -> str:
    from django.utils.formats import date_format

    return date_format(invitation.due_on, "j F Y") if invitation.due_on else "-"


def _invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("evaluations:answer", args=[invitation.pk])


def invitations_send(*, questionnaire_id: int) -> int:
    """Mail every unsent invitation of a questionnaire; `sent_at` makes a repeat a no-op."""
    sent = 0
    pending = Invitation.objects.select_related("questionnaire", "pegawai__user").filter(
        questionnaire_id=questionnaire_id, sent_at__isnull=True
    )
    for invitation in pending:
        with transaction.atomic():
            locked = Invitation.objects.select_for_update(skip_locked=True).filter(pk=invitation.pk, sent_at=None)
            if not locked.exists():
                continue
            email = getattr(invitation.pegawai.user, "email", "") if invitation.pegawai.user_id else ""
            if email:
                send_mail(
                    _("Undangan mengisi: %(title)s") % {"title": invitation.questionnaire.title},
                    _("Mohon isi kuesioner berikut sebelum %(due)s:\n%(url)s")
                    % {"due": _due(invitation), "url": _invitation_url(invitation)},
                    None,
                    [email],
                )
            locked.update(sent_at=timezone.now())
            sent += 1
    return sent


def reminders_send(*, instansi_id: int, today: datetime.date | None = None) -> int:
    """Remind unanswered invitations every N days, at most M times, while the survey is open."""
    today = today or timezone.localdate()
    policy = policy_for(instansi_id)
    cutoff = timezone.now() - datetime.timedelta(days=policy.reminder_every_days)
    candidates = list(
        Invitation.objects.select_related("questionnaire", "pegawai__user")
        .filter(
            instansi_id=instansi_id,
            questionnaire__status=QuestionnaireStatus.OPEN,
            sent_at__lte=cutoff,
            reminder_count__lt=policy.max_reminders,
            answered=False,
        )
        .exclude(reminded_at__gt=cutoff)
        .exclude(questionnaire__closes_on__lt=today)
    )
    done = answered_invitation_ids(candidates)
    count = 0
    for invitation in candidates:
        if invitation.pk in done:
            continue
        email = getattr(invitation.pegawai.user, "email", "") if invitation.pegawai.user_id else ""
        if email:
            send_mail(
                _("Pengingat: %(title)s") % {"title": invitation.questionnaire.title},
                _("Kuesioner ini belum Anda isi. Batas pengisian %(due)s:\n%(url)s")
                % {"due": _due(invitation), "url": _invitation_url(invitation)},
                None,
                [email],
            )
        Invitation.objects.filter(pk=invitation.pk).update(
            reminded_at=timezone.now(), reminder_count=invitation.reminder_count + 1
        )
        count += 1
    return count


def schedule_followups(*, instansi_id: int, today: datetime.date | None = None) -> list[Questionnaire]:
    """Rule 25: once a batch's completions are `l3_months` old, open its L3 follow-up for the alumni
    and their atasan (one questionnaire each per batch; repeat-safe) and invite late completers."""
    today = today or timezone.localdate()
    policy = policy_for(instansi_id)
    cutoff = months_before(today, policy.l3_months)
    created: list[Questionnaire] = []
    from apps.catalog.selectors import angkatan_for_instansi

    batch_ids = sources.completed_batches(instansi_id, completed_on_or_before=cutoff)
    for angkatan in angkatan_for_instansi(instansi_id).filter(pk__in=batch_ids):
        for level, code in ((Level.L3_ALUMNI, "l3-alumni"), (Level.L3_ATASAN, "l3-atasan")):
            q = Questionnaire.objects.filter(instansi_id=instansi_id, angkatan=angkatan, level=level).first()
            if q is None:
                template = (
                    QuestionnaireTemplate.objects.filter(level=level, is_active=True, instansi_id=instansi_id).first()
                    or QuestionnaireTemplate.objects.filter(code=code, instansi__isnull=True).first()
                )
                if template is None:
                    continue
                q = questionnaire_create(
                    actor=None,
                    instansi_id=instansi_id,
                    template=template,
                    angkatan=angkatan,
                    opens_on=today,
                    closes_on=today + datetime.timedelta(days=policy.answer_window_days),
                )
                q = questionnaire_open(actor=None, questionnaire=q)
                created.append(q)
            elif q.status == QuestionnaireStatus.OPEN:
                invitations_sync(questionnaire=q)
    return created


def close_expired(*, instansi_id: int, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return Questionnaire.objects.filter(
        instansi_id=instansi_id, status=QuestionnaireStatus.OPEN, closes_on__lt=today
    ).update(status=QuestionnaireStatus.CLOSED)


# --------------------------------------------------------------------------- improvement actions


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
    from apps.evaluations.models import ImprovementAction

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
    return action


def action_update(*, actor: Any, action: Any, status: str, result_note: str = "") -> Any:
    from apps.evaluations.models import ActionStatus

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
    """A needs item from the finding, through the needs app's service (not offered without it).
    Targets the batch's participants, else the unit."""
    if not sources.has_needs():
        raise EvaluationError(_("Modul kebutuhan pengembangan belum tersedia."))
    from apps.needs.services import needs_save

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
