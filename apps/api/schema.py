"""How the OpenAPI schema describes the token authentication (loaded by ApiConfig.ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "Token API dari menu Administrasi → Token API."}


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail"],
}
COMMON_ERRORS = {
    "400": "Isian atau parameter tidak sah (pesan per kolom di 'errors').",
    "401": "Token tidak ada, tidak dikenal, dicabut atau kedaluwarsa.",
    "403": "Token tidak memiliki cakupan untuk aksi ini.",
    "404": "Data tidak ditemukan di instansi token.",
    "429": "Terlalu banyak permintaan dengan token ini.",
}
CONFLICT = "Mengulang sesuatu yang sudah ada dengan data lain (ID eksternal, pendaftaran, jawaban)."


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every operation documents the error answers every endpoint can
    give (TenantAPIView and rest.exception_handler), all in one shape, so a client (and the schemathesis run in
    the tests) knows them."""
    result.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/") or path == "/api/v1/schema/":
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_ERRORS.items():
                responses.setdefault(code, {"description": description, "content": body})
            if "requestBody" in operation:
                responses.setdefault("409", {"description": CONFLICT, "content": body})
    return result
