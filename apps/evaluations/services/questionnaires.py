"""Questionnaires and their questions (edited only while draft), opening, closing, invitations."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.jobs import enqueue
from apps.core.services import audit_log
from apps.evaluations import scoring, shipped, sources
from apps.evaluations.errors import EvaluationError
from apps.evaluations.models import (
    Invitation,
    Level,
    Phase,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    QuestionnaireTemplate,
)
from apps.evaluations.selectors import (
    incomplete_test_questions,
    questionnaires_for_instansi,
    questions_of,
    sibling_test_for,
    sibling_test_of,
)
from apps.evaluations.services.policy import policy_for

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
                Question(instansi_id=instansi_id, questionnaire=questionnaire, **row)
                for row in _question_rows(template=template, instansi_id=instansi_id, angkatan=angkatan, phase=phase)
            ]
        )
        audit_log(actor=actor, action="questionnaire.create", instance=questionnaire)
    return questionnaire


QUESTION_FIELDS = ("order", "code", "section", "text", "kind", "scope", "choices", "correct", "points", "required")


def _copy(question: Question) -> dict[str, Any]:
    return {name: getattr(question, name) for name in QUESTION_FIELDS}


def _is_shipped_test(template: QuestionnaireTemplate) -> bool:
    return template.level == Level.L2 and template.instansi_id is None and template.code == shipped.L2_CODE


def _question_rows(
    *, template: QuestionnaireTemplate, instansi_id: int, angkatan: Any, phase: str
) -> list[dict[str, Any]]:
    """The questions a new questionnaire starts with. The shipped pre/post test of a batch asks about the
    batch's own course: if the other phase exists its items are copied (pre and post stay identical, with
    the options the admin already wrote), else they are drafted from the programme; the generic bank is
    used only when the programme has neither modules nor target competencies."""
    if _is_shipped_test(template) and angkatan is not None:
        sibling = sibling_test_for(instansi_id, angkatan.pk, phase)
        if sibling is not None:
            return [_copy(q) for q in questions_of(sibling)]
        drafted = _course_drafts(angkatan)
        if drafted:
            return drafted
    return [_copy(q) for q in template.questions.order_by("order", "id")]


def _course_drafts(angkatan: Any) -> list[dict[str, Any]]:
    """One knowledge item per module and per target competency, without options or answer key: the test
    cannot be opened until the admin writes them (questionnaire_open)."""
    modules, targets = sources.course_outline(angkatan)
    rows: list[tuple[str, str, str]] = []
    for n, (title, description) in enumerate(modules, start=1):
        goal = " ".join(description.split())[:300]
        text = (shipped.L2_MODULE_ITEM_WITH_GOAL if goal else shipped.L2_MODULE_ITEM).format(title=title, goal=goal)
        rows.append((f"L2.MOD.{n}", shipped.L2_MODULE_SECTION, text))
    for n, (name, level) in enumerate(targets, start=1):
        rows.append(
            (f"L2.KOMP.{n}", shipped.L2_COMPETENCY_SECTION, shipped.L2_COMPETENCY_ITEM.format(name=name, level=level))
        )
    return [
        {
            "order": order,
            "code": code,
            "section": section,
            "text": text[:500],
            "kind": QuestionKind.SINGLE,
            "scope": "once",
            "choices": [],
            "correct": None,
            "points": 1,
            "required": True,
        }
        for order, (code, section, text) in enumerate(rows, start=1)
    ]


def _require_draft(questionnaire: Questionnaire) -> None:
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise EvaluationError(_("Pertanyaan hanya dapat diubah selama kuesioner masih draf."))


def _checked_key(*, kind: str, choices: list[list[str]], correct: Any) -> Any:
    """The answer key to store (None when none is given), or EvaluationError naming the field."""
    values = {c[0] for c in choices}
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(choices) < 2:
        raise EvaluationError(_("Pertanyaan pilihan membutuhkan minimal dua pilihan."), field="choices")
    if correct in (None, "", []):
        return None
    given = set(correct) if isinstance(correct, list) else {correct}
    if not given <= values:
        raise EvaluationError(_("Kunci jawaban harus salah satu pilihan."), field="correct")
    if kind == QuestionKind.SINGLE and len(given) != 1:
        raise EvaluationError(_("Pilihan tunggal hanya punya satu kunci jawaban."), field="correct")
    return correct


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
    correct = _checked_key(kind=kind, choices=choices, correct=correct)
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


def question_update(
    *,
    actor: Any,
    question: Question,
    text: str,
    kind: str,
    scope: str = "once",
    section: str = "",
    choices: list[list[str]] | None = None,
    correct: Any = None,
    points: int = 1,
    required: bool = True,
) -> Question:
    """Rewrite a draft question (the way to complete the items drafted for a pre/post test). In a test the
    same question of the batch's other phase changes with it while that one is still a draft, so pre and
    post keep asking the same thing. The code stays: answers and results are keyed by it."""
    questionnaire = question.questionnaire
    _require_draft(questionnaire)
    if questionnaire.level == Level.SKM and question.code in scoring.SKM_CODES:
        raise EvaluationError(_("Unsur SKM resmi U1–U9 tidak dapat diubah."))
    choices = choices or []
    values = {
        "text": text,
        "kind": kind,
        "scope": scope,
        "section": section,
        "choices": choices,
        "correct": _checked_key(kind=kind, choices=choices, correct=correct),
        "points": points,
        "required": required,
    }
    with transaction.atomic():
        sibling = sibling_test_of(questionnaire)
        targets = [question.pk]
        if sibling is not None and sibling.status == QuestionnaireStatus.DRAFT:
            targets += list(questions_of(sibling).filter(code=question.code).values_list("pk", flat=True))
        Question.objects.filter(pk__in=targets).update(**values)
        audit_log(actor=actor, action="question.update", instance=questionnaire, data={"code": question.code})
    question.refresh_from_db()
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
        if incomplete := incomplete_test_questions(q):
            raise EvaluationError(
                _(
                    "Tes belum dapat dibuka: lengkapi pilihan jawaban dan kunci jawaban soal %(codes)s "
                    "(Ubah pada daftar pertanyaan)."
                )
                % {"codes": ", ".join(item.code for item in incomplete)}
            )
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
        enqueue("apps.evaluations.tasks.send_survey_invitations", questionnaire_id=q.pk)
    return len(created)


def invitations_sync_open(*, instansi_id: int) -> int:
    """Invite late additions to every open questionnaire of an instansi (the daily job); safe to repeat."""
    open_questionnaires = questionnaires_for_instansi(instansi_id).filter(status=QuestionnaireStatus.OPEN)
    return sum(invitations_sync(questionnaire=q) for q in open_questionnaires)
