"""Reads of the API app. The endpoints read other apps' rows only through those apps' `*_for_instansi`
selectors (a token has an instansi, not a user), so the tenant filter is written once, in its own app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.api.models import ApiCompletion, ApiToken, hash_secret
from apps.catalog.selectors import angkatan_for_instansi, programs_published_for_instansi, sessions_for_instansi
from apps.core.tenancy import scope
from apps.employees.nip import normalize_nip
from apps.employees.selectors import active_pegawai_for_instansi
from apps.enrollments.selectors import certificate_by_code, enrollments_for_instansi, ledger_for_instansi
from apps.evaluations.models import Level, QuestionnaireStatus
from apps.evaluations.results import l2_result, likert_mean_of
from apps.evaluations.selectors import invitations_for_instansi, questionnaires_for_instansi, responses_of


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
    qs = enrollments_for_instansi(instansi_id).select_related("angkatan__program", "pegawai")
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
    floors = list(l1_qs.values_list("min_group_size", flat=True))
    if floors:
        respondents = responses_of(l1_qs).count()
        hidden = respondents < max(floors)
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
