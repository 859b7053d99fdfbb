"""Version 1 of the REST API: read endpoints, each scoped to the token's instansi through the owning app's
selectors (and by row-level security behind them, see rest.TenantAPIView)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from apps.api import selectors
from apps.api.rest import TenantAPIView
from apps.api.serializers import BatchSerializer, CertificateSerializer, PegawaiSerializer, ProgramSerializer


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class _List(TenantAPIView, ListAPIView):
    pagination_class = Pages

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "instansi_id": self.request.user.instansi_id}


class ProgramList(_List):
    """Published programs in the instansi's catalog: its own and the shared (national) ones."""

    serializer_class = ProgramSerializer

    def get_queryset(self) -> Any:
        return selectors.api_programs(self.request.user.instansi_id)


class BatchList(_List):
    """Every angkatan of the instansi, by start date: dates, mode, seats and status."""

    serializer_class = BatchSerializer

    def get_queryset(self) -> Any:
        return selectors.api_batches(self.request.user.instansi_id)


class PegawaiList(_List):
    """Active pegawai of the instansi, limited to id, NIP, name, unit kerja and jabatan."""

    serializer_class = PegawaiSerializer

    def get_queryset(self) -> Any:
        return selectors.api_pegawai(self.request.user.instansi_id)


class CertificateVerify(TenantAPIView):
    """Check a certificate of the instansi by its verification code (as printed, dashes allowed)."""

    @extend_schema(responses=CertificateSerializer)
    def get(self, request: Any, code: str) -> Response:
        certificate = selectors.api_certificate(request.user.instansi_id, code)
        if certificate is None:
            raise Http404(_("Kode verifikasi tidak ditemukan."))
        enrollment = certificate.enrollment
        program = enrollment.angkatan.program
        data = {
            "number": certificate.number,
            "verification_code": certificate.verification_code,
            "valid": certificate.revoked_at is None,
            "revoked_at": certificate.revoked_at,
            "pegawai_name": enrollment.pegawai.name,
            "nip_masked": enrollment.pegawai.nip_masked,
            "program_title": program.title,
            "start_date": enrollment.angkatan.start_date,
            "end_date": enrollment.angkatan.end_date,
            "learning_hours": program.learning_hours,
            "issuer": certificate.instansi.name,
        }
        return Response(CertificateSerializer(data).data)
