"""Reads of the API app. The endpoints read other apps' rows only through those apps' `*_for_instansi`
selectors (a token has an instansi, not a user), so the tenant filter is written once, in its own app."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from apps.api.models import ApiCallLog, ApiCompletion, ApiToken, CalendarFeed, hash_secret
from apps.catalog.selectors import angkatan_for_instansi, programs_published_for_instansi, sessions_for_instansi
from apps.core import rls
from apps.core.tenancy import scope
from apps.employees.nip import normalize_nip
from apps.employees.selectors import active_pegawai_for_instansi
from apps.enrollments.selectors import ACTIVE_STATUSES as ENROLLMENT_ACTIVE_STATUSES
from apps.enrollments.selectors import certificate_by_code, enrollments_for_instansi, ledger_for_instansi
from apps.evaluations.models import Level, QuestionnaireStatus
from apps.evaluations.results import l2_result, likert_mean_of
from apps.evaluations.selectors import (
    invitations_for_instansi,
    questionnaires_for_instansi,
    responses_count_by_questionnaire,
)
from apps.mentoring.models import SessionStatus
from apps.mentoring.selectors import pairs_for_instansi


def tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    """The tokens of the user's instansi, newest first (admins only: the views check the role)."""
    return scope(ApiToken.objects.select_related("created_by"), user).order_by("-created_at", "-id")


def token_by_secret(secret: str) -> ApiToken | None:
    """The token a presented secret belongs to, in any instansi: authentication runs before any instansi is
    known. Looked up by the secret's hash, so the secret itself never reaches the database."""
    return ApiToken.objects.filter(key_hash=hash_secret(secret)).first()


def api_programs(instansi_id: int) -> QuerySet:
    return programs_published_for_instansi(instansi_id).select_related("penyelenggara").order_by("code", "id")


def api_batches(instansi_id: int) -> QuerySet:
    return angkatan_for_instansi(instansi_id).order_by("start_date", "id")


def api_pegawai(instansi_id: int) -> QuerySet:
    return (
        active_pegawai_for_instansi(instansi_id)
        .select_related("unit_kerja", "jabatan")
        .only("id", "nip", "name", "unit_kerja__name", "jabatan__name")
        .order_by("name", "id")
    )


def api_certificate(instansi_id: int, code: str) -> Any:
    """The public verification's lookup (same normalisation), limited to the token's own instansi."""
    certificate = certificate_by_code(code.strip().upper().replace("-", ""))
    if certificate is None or certificate.instansi_id != instansi_id:
        return None
    return certificate


def api_pegawai_by_nip(instansi_id: int, nip: str) -> Any:
    return active_pegawai_for_instansi(instansi_id).select_related("instansi").filter(nip=normalize_nip(nip)).first()


def api_completion_by_external_id(instansi_id: int, external_id: str) -> ApiCompletion | None:
    return (
        ApiCompletion.objects.filter(instansi_id=instansi_id, external_id=external_id)
        .select_related("pegawai", "ledger_entry")
        .first()
    )


def api_session(instansi_id: int, session_id: int) -> Any:
    return sessions_for_instansi(instansi_id).select_related("angkatan__instansi").filter(pk=session_id).first()


def api_batch(instansi_id: int, batch_id: int) -> Any:
    return angkatan_for_instansi(instansi_id).select_related("instansi", "program").filter(pk=batch_id).first()


def api_enrolments(instansi_id: int, *, batch_id: int | None = None, status: str = "", nip: str = "") -> QuerySet:
    # Prefetched, not joined: under row-level security the joins' policies (shared programmes) turn the first page
    # into a join of every enrolment (126 ms on the province); alone, it walks enr_recent_idx (0.2 ms).
    qs = enrollments_for_instansi(instansi_id).prefetch_related("angkatan__program", "pegawai")
    if batch_id is not None:
        qs = qs.filter(angkatan_id=batch_id)
    if status:
        qs = qs.filter(status=status)
    if nip:
        qs = qs.filter(pegawai__nip=normalize_nip(nip))
    return qs.order_by("-created_at", "-id")


def api_ledger(instansi_id: int, *, year: int | None = None, nip: str = "") -> QuerySet:
    qs = ledger_for_instansi(instansi_id).select_related("pegawai")
    if year is not None:
        qs = qs.filter(year=year)
    if nip:
        qs = qs.filter(pegawai__nip=normalize_nip(nip))
    return qs.order_by("pegawai__name", "credited_on", "id")


def api_surveys(instansi_id: int) -> QuerySet:
    """Open questionnaires of the instansi (the ones that can be answered now)."""
    return questionnaires_for_instansi(instansi_id).filter(status=QuestionnaireStatus.OPEN).order_by("-id")


def api_survey(instansi_id: int, survey_id: int) -> Any:
    return questionnaires_for_instansi(instansi_id).select_related("angkatan").filter(pk=survey_id).first()


def api_invitation(questionnaire: Any, pegawai: Any) -> Any:
    """The pegawai's own invitation to the questionnaire (not one about somebody else)."""
    return (
        invitations_for_instansi(questionnaire.instansi_id)
        .filter(questionnaire=questionnaire, pegawai=pegawai, subject__isnull=True)
        .first()
    )


def api_batch_evaluation(instansi_id: int, angkatan_id: int) -> dict[str, Any]:
    """L1 (mean of the reaction survey's Likert answers, hidden below the questionnaire's minimum group size)
    and L2 (pre/post gain, class figures only, no names) of one batch, computed by evaluations' own results."""
    l1_qs = questionnaires_for_instansi(instansi_id).filter(angkatan_id=angkatan_id, level=Level.L1)
    l1 = None
    floors = dict(l1_qs.values_list("pk", "min_group_size"))
    if floors:
        counts = dict(responses_count_by_questionnaire(l1_qs))
        respondents = sum(counts.values())
        # As on the results page, each questionnaire keeps its own minimum: two small surveys of the same
        # people must not add up to a group large enough to show.
        hidden = any(counts.get(pk, 0) < floor for pk, floor in floors.items())
        mean = None if hidden else likert_mean_of(l1_qs)[0]
        l1 = {"respondents": respondents, "mean": mean, "hidden": hidden}
    gain = l2_result(angkatan_id, instansi_id)
    l2 = None
    if gain is not None:
        l2 = {
            "participants": gain.participants,
            "pre_mean": gain.pre_mean,
            "post_mean": gain.post_mean,
            "gain": gain.gain,
            "normalised": gain.normalised,
            "passing_share": gain.passing_share,
        }
    return {"batch": angkatan_id, "l1": l1, "l2": l2}


# --------------------------------------------------------------------------- private calendar feeds


def feed_active_of(pegawai: Any) -> CalendarFeed | None:
    """The pegawai's active calendar address, if any (the page shows its prefix and last fetch)."""
    return (
        CalendarFeed.objects.filter(instansi_id=pegawai.instansi_id, pegawai_id=pegawai.pk, revoked_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


def feed_by_secret(secret: str) -> CalendarFeed | None:
    """The active feed a presented secret opens, in any instansi: the request carries no user, so no instansi is
    known before this lookup, which runs outside row-level security and by the secret's hash only. A feed whose
    pegawai left (inactive) or whose account was switched off (or unlinked) opens nothing."""
    with rls.unrestricted():
        return (
            CalendarFeed.objects.select_related("instansi", "pegawai")
            .filter(
                key_hash=hash_secret(secret),
                revoked_at__isnull=True,
                pegawai__is_active=True,
                pegawai__user__is_active=True,
            )
            .first()
        )


def feed_angkatan(*, instansi_id: int, pegawai_id: int) -> list[Any]:
    """The batches the pegawai holds or waits for (requested, approved, enrolled, waitlisted), as the old
    signed-in download listed them, with their sessions and narasumber: three queries for any number."""
    held = (
        enrollments_for_instansi(instansi_id)
        .filter(pegawai_id=pegawai_id, status__in=ENROLLMENT_ACTIVE_STATUSES)
        .values("angkatan_id")
    )
    return list(
        angkatan_for_instansi(instansi_id)
        .filter(pk__in=held)
        .annotate(feed_status=Subquery(held.filter(angkatan_id=OuterRef("pk")).values("status")[:1]))
        .prefetch_related("sessions__narasumber")
        .order_by("start_date", "id")
    )


def feed_mentoring_sessions(*, instansi_id: int, pegawai_id: int) -> list[Any]:
    """Mentoring meetings of the pegawai as mentee and as mentor (a disputed log did not happen as written, so
    it is left out), oldest first, each with its pair's programme and people: two queries for any number."""
    pairs = (
        pairs_for_instansi(instansi_id)
        .filter(Q(mentor__pegawai_id=pegawai_id) | Q(mentee__pegawai_id=pegawai_id))
        .select_related("program", "mentor__pegawai", "mentee__pegawai")
        .prefetch_related("sessions")
    )
    # The prefetch sets each session's `pair` to the loaded pair, so reading it costs no query.
    meetings = [s for pair in pairs for s in pair.sessions.all() if s.status != SessionStatus.DISPUTED]
    return sorted(meetings, key=lambda s: (s.date, s.pk))


# --------------------------------------------------------------------------- call log


def call_logs_visible_to(user: Any) -> QuerySet[ApiCallLog]:
    """The calls made with the tokens of the user's instansi, each with its token (admins only: the view checks
    the role). Ordered by the keyset pager, newest first."""
    return scope(ApiCallLog.objects.select_related("token"), user)
