"""Version 1 of the REST API: read endpoints, each scoped to the token's instansi through the owning app's
selectors (and by row-level security behind them, see rest.TenantAPIView)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from apps.api import selectors, services
from apps.api.errors import FieldRefused
from apps.api.models import ApiScope
from apps.api.rest import TenantAPIView
from apps.api.serializers import (
    AttendanceInSerializer,
    AttendanceResultSerializer,
    BatchSerializer,
    CertificateSerializer,
    CompletionInSerializer,
    CompletionSerializer,
    EnrolmentCreatedSerializer,
    EnrolmentInSerializer,
    EnrolmentSerializer,
    EvaluationSummarySerializer,
    LedgerEntrySerializer,
    PegawaiSerializer,
    ProgramSerializer,
    SurveyDetailSerializer,
    SurveyResponseInSerializer,
    SurveyResponseSerializer,
    SurveySerializer,
)
from apps.enrollments.models import EnrollmentStatus
from apps.evaluations.selectors import items_of


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = _("Halaman ini tidak ada.")


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


# --------------------------------------------------------------------------- reads added with the writes


class EnrolmentList(_List):
    """Enrolments of the instansi, newest first; filter with ?batch=<id>, ?status=<status>, ?nip=<nip>."""

    serializer_class = EnrolmentSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("batch", int, description=_("ID angkatan")),
            OpenApiParameter("status", str, enum=EnrollmentStatus.values, description=_("Status pendaftaran")),
            OpenApiParameter("nip", str, description=_("NIP pegawai")),
        ]
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        params = self.request.query_params
        status = _text_param(params, "status")
        if status and status not in EnrollmentStatus.values:
            raise FieldRefused(_("Status tidak dikenal."), field="status")
        return selectors.api_enrolments(
            self.request.user.instansi_id,
            batch_id=_int_param(params, "batch"),
            status=status,
            nip=_text_param(params, "nip"),
        )


class LedgerList(_List):
    """The JP ledger of the instansi (every credit and withdrawal); filter with ?year=<year>, ?nip=<nip>."""

    serializer_class = LedgerEntrySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description=_("Tahun JP")),
            OpenApiParameter("nip", str, description=_("NIP pegawai")),
        ]
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.api_ledger(
            self.request.user.instansi_id, year=_int_param(params, "year"), nip=_text_param(params, "nip")
        )


class BatchEvaluation(TenantAPIView):
    """Evaluation summary of one batch: L1 reaction mean (hidden below the minimum group size) and L2 gain."""

    @extend_schema(responses={200: EvaluationSummarySerializer})
    def get(self, request: Any, pk: int) -> Response:
        if selectors.api_batch(request.user.instansi_id, pk) is None:
            raise Http404(_("Angkatan tidak ditemukan."))
        data = selectors.api_batch_evaluation(request.user.instansi_id, pk)
        return Response(EvaluationSummarySerializer(data).data)


class SurveyList(_List):
    """Open questionnaires of the instansi that a system can collect answers for."""

    serializer_class = SurveySerializer

    def get_queryset(self) -> Any:
        return selectors.api_surveys(self.request.user.instansi_id)


# --------------------------------------------------------------------------- writes


class CompletionCreate(TenantAPIView):
    """A course completed on an e-learning platform: its JP are credited once per `external_id`. Sending the
    same completion again answers 200 with the first; the same id with other data answers 409."""

    write_scope = ApiScope.COMPLETIONS

    @extend_schema(
        request=CompletionInSerializer,
        responses={201: CompletionSerializer, 200: CompletionSerializer},
    )
    def post(self, request: Any) -> Response:
        data = validated(CompletionInSerializer, request)
        row, created = services.completion_record(client=request.user, data=data)
        return Response(CompletionSerializer(row).data, status=201 if created else 200)


class AttendanceCreate(TenantAPIView):
    """Attendance of one session for the participants named by NIP (all rows valid or none saved)."""

    write_scope = ApiScope.ATTENDANCE

    @extend_schema(request=AttendanceInSerializer, responses={200: AttendanceResultSerializer})
    def post(self, request: Any) -> Response:
        data = validated(AttendanceInSerializer, request)
        saved = services.attendance_record(
            client=request.user,
            session_id=data["session"],
            marks=[(mark["nip"], mark["present"]) for mark in data["records"]],
        )
        return Response(AttendanceResultSerializer({"session": data["session"], "saved": saved}).data)


class EnrolmentCreate(EnrolmentList):
    """GET: the list above. POST: a request for a seat on a pegawai's behalf; it goes to the atasan (or
    BKPSDM) exactly as the pegawai's own request would."""

    write_scope = ApiScope.ENROLMENTS

    @extend_schema(request=EnrolmentInSerializer, responses={201: EnrolmentCreatedSerializer})
    def post(self, request: Any) -> Response:
        data = validated(EnrolmentInSerializer, request)
        created = services.enrolment_request(
            client=request.user, batch_id=data["batch"], nip=data["nip"], motivation=data["motivation"]
        )
        enrollment = selectors.api_enrolments(request.user.instansi_id).get(pk=created.pk)
        enrollment.warnings = [str(w) for w in getattr(created, "warnings", [])]
        return Response(EnrolmentCreatedSerializer(enrollment).data, status=201)


class SurveyDetail(TenantAPIView):
    """GET: a questionnaire and its questions (the keys of `answers`). POST: one respondent's answers."""

    write_scope = ApiScope.SURVEYS

    def _survey(self, request: Any, pk: int) -> Any:
        survey = selectors.api_survey(request.user.instansi_id, pk)
        if survey is None:
            raise Http404(_("Kuesioner tidak ditemukan."))
        return survey

    @extend_schema(responses={200: SurveyDetailSerializer})
    def get(self, request: Any, pk: int) -> Response:
        survey = self._survey(request, pk)
        survey.api_items = items_of(survey)
        return Response(SurveyDetailSerializer(survey).data)

    @extend_schema(
        request=SurveyResponseInSerializer,
        responses={201: SurveyResponseSerializer},
    )
    def post(self, request: Any, pk: int) -> Response:
        survey = self._survey(request, pk)
        data = validated(SurveyResponseInSerializer, request)
        response = services.survey_answer(
            client=request.user, questionnaire=survey, nip=data["nip"], answers=data["answers"]
        )
        return Response(SurveyResponseSerializer(response).data, status=201)


def validated(serializer_class: Any, request: Any) -> dict[str, Any]:
    """The request body checked by its input serializer; a refusal becomes the API's 400 (rest.exception_handler)."""
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _text_param(params: Any, name: str) -> str:
    raw = params.get(name, "")
    if "\x00" in raw or len(raw) > 100:
        raise FieldRefused(_("Nilai tidak sah."), field=name)
    return raw


def _int_param(params: Any, name: str) -> int | None:
    raw = params.get(name, "")
    if raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise FieldRefused(_("Harus bilangan bulat."), field=name)
    return int(raw)


@csrf_exempt  # changes nothing, and a client's POST to a wrong address should read this answer, not a CSRF page
def unknown_address(request: Any, rest: str = "") -> JsonResponse:
    """Any other address under /api/v1/ (a path no endpoint matches, such as a negative id): JSON, like every
    other answer of the API, not the site's HTML page."""
    return JsonResponse({"detail": str(_("Alamat API tidak dikenal.")), "code": "not_found"}, status=404)
