"""The base view of every endpoint: it runs the handler inside its token's instansi (row-level security) and
logs the call.

Why the view and not the middleware: DRF authenticates inside the view, after `RowLevelSecurityMiddleware`
has already let the request through as anonymous, so the view itself switches the connection to the tenant
role once the token is known."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from apps.api import services
from apps.api.authentication import ApiTokenAuthentication, HasScope, IsApiClient, TokenRateThrottle
from apps.api.errors import FieldRefused
from apps.core import rls
from apps.core.exceptions import DomainError
from apps.enrollments.errors import AttendanceRowsInvalid


class TenantAPIView(APIView):
    """Base of every endpoint: token authentication, scope check, per-token rate limit, the handler run
    inside `rls.tenant_context(token.instansi_id)`, and one ApiCallLog row per call."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsApiClient, HasScope]
    throttle_classes = [TokenRateThrottle]
    write_scope: str | None = None

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles
        self._tenant.enter_context(rls.tenant_context(request.user.instansi_id))

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with contextlib.ExitStack() as self._tenant:
            response = super().dispatch(request, *args, **kwargs)
            response.render()  # serialising inside the block: any lazy query stays bound to the instansi
            token = getattr(request, "api_token", None)
            if token is not None:
                services.call_log_write(
                    token=token, method=request.method, path=request.path, status=response.status_code
                )
        return response


def _default_message(exc: exceptions.APIException) -> str | None:
    """Indonesian for DRF's own English messages (its catalogue is not loaded, see settings INSTALLED_APPS)."""
    if isinstance(exc, exceptions.Throttled):
        return _("Terlalu banyak permintaan dengan token ini. Coba lagi dalam %(wait)s detik.") % {
            "wait": int(exc.wait or 1)
        }
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Metode ini tidak diizinkan di alamat ini.")
    messages = {
        exceptions.NotFound: _("Data tidak ditemukan."),
        exceptions.NotAuthenticated: _("Token API diperlukan: kirim header 'Authorization: Bearer <token>'."),
        exceptions.AuthenticationFailed: _("Token tidak dikenal."),
        exceptions.PermissionDenied: _("Akses ditolak."),
        exceptions.ParseError: _("Isi permintaan tidak dapat dibaca."),
        exceptions.UnsupportedMediaType: _("Jenis isi permintaan tidak didukung; kirim JSON."),
        exceptions.NotAcceptable: _("Format jawaban yang diminta tidak tersedia; API ini menjawab JSON."),
    }
    return messages.get(type(exc))


CONFLICTS = ("api.conflict", "enrollment.duplicate", "evaluation.already_answered", "jp.duplicate_credit")


def _flatten(detail: Any, path: str = "") -> list[dict[str, Any]]:
    """DRF's nested {field: [messages]} as rows {"field": "records[2].nip", "message": …}."""
    if isinstance(detail, dict):
        return [row for key, value in detail.items() for row in _flatten(value, _path(path, key))]
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [{"field": path or "non_field_errors", "message": str(item)} for item in detail]
        return [row for index, item in enumerate(detail) for row in _flatten(item, f"{path}[{index}]")]
    return [{"field": path or "non_field_errors", "message": str(detail)}]


def _path(path: str, key: Any) -> str:
    if isinstance(key, int):  # a ListField's rows
        return f"{path}[{key}]"
    if key == "non_field_errors":
        return path
    return f"{path}.{key}" if path else str(key)


def _error(status: int, message: str, code: str, errors: list[dict[str, Any]] | None = None) -> Response:
    body: dict[str, Any] = {"detail": message, "code": code}
    if errors:
        body["errors"] = errors
    return Response(body, status=status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    """DRF's handler, with its default messages in Indonesian; a message the code chose stays as it is. A
    refused body and a rule of the domain answer {"detail", "code", "errors": [{"field", "message"}]}: 400, or
    409 when the request repeats something that already exists."""
    if isinstance(exc, exceptions.ValidationError):
        return _error(400, _("Isian tidak sah; lihat daftar kesalahan."), "invalid", _flatten(exc.detail))
    if isinstance(exc, AttendanceRowsInvalid):
        rows = [{"field": f"records[{index}].{field}", "message": message} for index, field, message in exc.rows]
        return _error(400, exc.message, exc.code, rows)
    if isinstance(exc, FieldRefused):
        return _error(400, exc.message, exc.code, [{"field": exc.field, "message": exc.message}])
    if isinstance(exc, DomainError):
        return _error(409 if exc.code in CONFLICTS else 400, exc.message, exc.code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, exceptions.Throttled | exceptions.MethodNotAllowed) or (
        isinstance(exc, exceptions.APIException) and str(exc.detail) == str(exc.default_detail)
    ):
        message = _default_message(exc)
        if message is not None:
            exc.detail = ErrorDetail(message, code=exc.default_code)
    return drf_exception_handler(exc, context)
