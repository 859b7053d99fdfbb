"""Reads of the API app. The endpoints read other apps' rows only through those apps' `*_for_instansi`
selectors (a token has an instansi, not a user), so the tenant filter is written once, in its own app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.api.models import ApiToken, hash_secret
from apps.catalog.selectors import angkatan_for_instansi, programs_published_for_instansi
from apps.core.tenancy import scope
from apps.employees.selectors import active_pegawai_for_instansi
from apps.enrollments.selectors import certificate_by_code


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
