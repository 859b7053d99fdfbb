"""Reads of evaluation data. The only door to questionnaires, responses and results."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.catalog.selectors import (
    angkatan_detail_queryset,
    angkatan_for_instansi,
    angkatan_visible_to,
    programs_editable_by,
)
from apps.core.roles import ADMINS
from apps.core.tenancy import sees_all_instansi
from apps.employees.selectors import pegawai_visible_to
from apps.evaluations.models import (
    ActionStatus,
    IkmBand,
    ImprovementAction,
    Invitation,
    Level,
    Phase,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    QuestionnaireTemplate,
    QuestionScope,
    Response,
)
from apps.evaluations.scoring import DEFAULT_BANDS, Band


def ikm_bands_on(on: datetime.date | None = None) -> tuple[str, tuple[Band, ...]]:
    """The band table in force on `on` (version, bands); the shipped table if none is stored."""
    on = on or timezone.localdate()
    return ikm_band_picker()(on)


def ikm_band_picker() -> Callable[[datetime.date], tuple[str, tuple[Band, ...]]]:
    """Reads every stored band once and answers `ikm_bands_on` for any number of dates in memory (a
    report over many periods)."""
    stored = list(IkmBand.objects.order_by("-effective_from", "-low"))

    def pick(on: datetime.date) -> tuple[str, tuple[Band, ...]]:
        rows = [r for r in stored if r.effective_from <= on and (r.effective_to is None or r.effective_to >= on)]
        return _bands_of(rows)

    return pick


def _bands_of(rows: list[IkmBand]) -> tuple[str, tuple[Band, ...]]:
    if not rows:
        return "default", DEFAULT_BANDS
    version = rows[0].version
    return version, tuple(Band(r.mutu, r.label, r.low, r.high) for r in rows if r.version == version)


# --------------------------------------------------------------------------- questionnaires


Q_RELATED = ("instansi", "angkatan", "angkatan__program", "unit_kerja", "template")


def is_evaluation_admin(user: Any) -> bool:
    return user.has_any_role(ADMINS)


def questionnaires_for_instansi(instansi_id: int) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(instansi_id=instansi_id)


def questionnaires_visible_to(user: Any) -> QuerySet[Questionnaire]:
    """Questionnaires and their results are BKPSDM's; respondents reach theirs via invitations."""
    qs = Questionnaire.objects.select_related(*Q_RELATED)
    if not is_evaluation_admin(user):
        return qs.none()
    if sees_all_instansi(user):
        return qs
    if user.instansi_id is None:
        return qs.none()
    return qs.filter(instansi_id=user.instansi_id)


def templates_visible_to(user: Any) -> QuerySet[QuestionnaireTemplate]:
    qs = QuestionnaireTemplate.objects.filter(is_active=True).order_by("level", "name")
    if not is_evaluation_admin(user):
        return qs.none()
    if sees_all_instansi(user):
        return qs
    return qs.filter(Q(instansi__isnull=True) | Q(instansi_id=user.instansi_id))


def questions_of(questionnaire: Questionnaire) -> QuerySet[Question]:
    return Question.objects.filter(questionnaire=questionnaire).order_by("order", "id")


def questionnaire_by_token(token: str) -> Questionnaire | None:
    if not token:
        return None
    return (
        Questionnaire.objects.select_related("instansi", "unit_kerja").filter(public_token=token, level="skm").first()
    )


def incomplete_test_questions(questionnaire: Questionnaire) -> list[Question]:
    """Choice questions of a pre/post test that cannot be scored yet: fewer than two options or no answer key
    (the items drafted from the programme start that way). Empty for every other level."""
    if questionnaire.level != Level.L2:
        return []
    choice_kinds = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
    return [
        q
        for q in questions_of(questionnaire)
        if q.kind in choice_kinds and (len(q.choices) < 2 or q.correct in (None, "", []))
    ]


def sibling_test_of(questionnaire: Questionnaire) -> Questionnaire | None:
    """The other half of a batch's pre/post pair (same instansi, batch and level, the other phase)."""
    if questionnaire.level != Level.L2 or not questionnaire.angkatan_id:
        return None
    return sibling_test_for(
        questionnaire.instansi_id, questionnaire.angkatan_id, questionnaire.phase, exclude=questionnaire.pk
    )


def sibling_test_for(
    instansi_id: int, angkatan_id: int, phase: str, *, exclude: int | None = None
) -> Questionnaire | None:
    """The L2 test of the batch in the phase other than `phase`, oldest first (pre and post are linked by
    batch and phase only)."""
    qs = questionnaires_for_instansi(instansi_id).filter(angkatan_id=angkatan_id, level=Level.L2).exclude(phase=phase)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("id").first()


@dataclass(frozen=True)
class Item:
    """One thing to answer: a question, or a question about one narasumber/module/competency."""

    question: Question
    field: str
    target_kind: str = ""
    target_id: int | None = None
    target_label: str = ""


def _targets(questionnaire: Questionnaire) -> dict[str, list[tuple[int, str]]]:
    targets: dict[str, list[tuple[int, str]]] = {"narasumber": [], "module": [], "kompetensi": []}
    angkatan = questionnaire.angkatan
    if angkatan is None:
        return targets

    batch = angkatan_detail_queryset(angkatan_for_instansi(questionnaire.instansi_id)).filter(pk=angkatan.pk).first()
    if batch is None:
        return targets
    seen: dict[int, str] = {}
    for session in batch.sessions.all():
        if session.narasumber_id and session.narasumber_id not in seen:
            seen[session.narasumber_id] = session.narasumber.name
    for n in batch.program.narasumber.all():
        seen.setdefault(n.pk, n.name)
    targets["narasumber"] = sorted(seen.items(), key=lambda kv: kv[1])
    targets["module"] = [(m.pk, m.title) for m in batch.program.modules.order_by("order", "id")]
    targets["kompetensi"] = [
        (c.kompetensi_id, f"{c.kompetensi.code} {c.kompetensi.name}")
        for c in batch.program.competencies.select_related("kompetensi").order_by("kompetensi__code")
    ]
    return targets


def items_of(questionnaire: Questionnaire) -> list[Item]:
    """The questions expanded per target, in order. Per-target questions with no targets vanish."""
    targets = _targets(questionnaire)
    items: list[Item] = []
    for q in questions_of(questionnaire):
        if q.scope == QuestionScope.ONCE:
            items.append(Item(q, f"q{q.pk}"))
            continue
        for target_id, label in targets.get(q.scope, []):
            items.append(Item(q, f"q{q.pk}_{q.scope[0]}{target_id}", q.scope, target_id, label))
    return items


# --------------------------------------------------------------------------- invitations


def invitations_of_user(user: Any) -> QuerySet[Invitation]:
    """Open invitations addressed to the signed-in pegawai (answered ones filtered by the caller
    through AnsweredMarker, see services.pending_invitations)."""
    if not getattr(user, "pk", None) or user.instansi_id is None:
        return Invitation.objects.none()
    today = timezone.localdate()
    return (
        Invitation.objects.select_related("questionnaire", "questionnaire__angkatan", "subject")
        .filter(
            instansi_id=user.instansi_id,
            pegawai__user=user,
            questionnaire__status=QuestionnaireStatus.OPEN,
        )
        .filter(Q(questionnaire__closes_on__isnull=True) | Q(questionnaire__closes_on__gte=today))
        .filter(Q(questionnaire__opens_on__isnull=True) | Q(questionnaire__opens_on__lte=today))
        .order_by("due_on", "id")
    )


# --------------------------------------------------------------------------- improvement actions


def actions_visible_to(user: Any) -> QuerySet:
    """BKPSDM sees the instansi's actions; an assignee sees the actions assigned to them."""

    qs = ImprovementAction.objects.select_related("assignee", "program", "next_program", "questionnaire", "unit_kerja")
    if sees_all_instansi(user):
        return qs
    if user.instansi_id is None:
        return qs.none()
    qs = qs.filter(instansi_id=user.instansi_id)
    if is_evaluation_admin(user):
        return qs
    return qs.filter(assignee__user=user)


# --------------------------------------------------------------------------- lists for the pages (views refine nothing)


def questionnaire_list_rows(qs: QuerySet[Questionnaire]) -> QuerySet[Questionnaire]:
    return qs.order_by("-created_at", "-id")


def questionnaires_of_angkatan(user: Any, angkatan: Any) -> QuerySet[Questionnaire]:
    return questionnaires_visible_to(user).filter(angkatan=angkatan).order_by("level", "phase", "id")


def l1_questionnaires(qs: QuerySet[Questionnaire]) -> QuerySet[Questionnaire]:

    return qs.filter(level=Level.L1)


def angkatan_with_questionnaires(user: Any) -> QuerySet:
    """Batches of the user's instansi that have questionnaires, newest first."""

    ids = questionnaires_visible_to(user).exclude(angkatan=None).values("angkatan_id")
    return angkatan_visible_to(user).filter(pk__in=ids).order_by("-end_date", "-id")


def action_list_rows(user: Any) -> QuerySet:
    return actions_visible_to(user).order_by("status", "due_on", "id")


def open_actions_assigned_to(user: Any) -> list[Any]:
    """Open or in-progress improvement actions whose penanggung jawab is the user, nearest deadline first."""
    if user.instansi_id is None:
        return []
    return list(
        ImprovementAction.objects.filter(
            instansi_id=user.instansi_id,
            assignee__user=user,
            status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS],
        ).order_by("due_on", "id")
    )


def next_program_choices(user: Any, action: Any) -> QuerySet:

    return programs_editable_by(user).exclude(pk=action.program_id).order_by("-created_at")


def assignee_choices(user: Any) -> QuerySet:

    return pegawai_visible_to(user).filter(is_active=True).order_by("name")


def angkatan_has_post_test(angkatan_id: int) -> bool:
    """A batch whose L2 post-test has been opened (a draft is not yet a test anyone can take)."""
    return (
        Questionnaire.objects.filter(angkatan_id=angkatan_id, level=Level.L2, phase=Phase.POST)
        .exclude(status=QuestionnaireStatus.DRAFT)
        .exists()
    )


def my_test_scores(user: Any) -> QuerySet[Response]:
    """The signed-in pegawai's own scored tests (L2 pre/post), newest first: shown on "Survei saya"."""
    if not getattr(user, "pk", None) or user.instansi_id is None:
        return Response.objects.none()
    return (
        Response.objects.select_related("questionnaire", "questionnaire__angkatan")
        .filter(
            instansi_id=user.instansi_id,
            respondent__user=user,
            questionnaire__level=Level.L2,
            score__isnull=False,
        )
        .order_by("-submitted_on", "-id")
    )


def invitations_for_instansi(instansi_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(instansi_id=instansi_id)


def responses_count_by_questionnaire(questionnaires: QuerySet[Questionnaire]) -> QuerySet:
    """(questionnaire id, responses) pairs; a questionnaire without a response is absent."""
    return (
        Response.objects.filter(questionnaire__in=questionnaires)
        .values("questionnaire_id")
        .annotate(n=Count("id"))
        .values_list("questionnaire_id", "n")
        .order_by()
    )
