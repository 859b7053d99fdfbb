"""Certificate PDF: HTML rendered by WeasyPrint, with a QR code (segno, inline SVG) pointing to the
public verification page. Fonts are the system's; nothing is fetched from the network."""

from __future__ import annotations

import io
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from apps.core.links import absolute_url


def verification_url(certificate: Any) -> str:
    return absolute_url(reverse("enrollments:verify_certificate", args=[certificate.verification_code]))


def qr_svg(data: str) -> str:
    import segno

    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=4, border=0, xmldecl=False, svgns=True, dark="#1f2937")
    return buffer.getvalue().decode("utf-8")


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def certificate_context(certificate: Any) -> dict[str, Any]:
    enrollment = certificate.enrollment
    angkatan = enrollment.angkatan
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "instansi": certificate.instansi,
        "pegawai": enrollment.pegawai,
        "angkatan": angkatan,
        "program": angkatan.program,
        "jp": enrollment.ledger_entry.jp if hasattr(enrollment, "ledger_entry") else angkatan.program.learning_hours,
        "code_display": format_code(certificate.verification_code),
        "verify_url": url,
        "lookup_url": absolute_url(reverse("enrollments:verify_lookup")),
        "qr": qr_svg(url),
    }


def render_certificate(certificate: Any) -> bytes:
    from weasyprint import HTML

    with translation.override("id"), timezone.override(ZoneInfo(certificate.instansi.timezone)):
        html = render_to_string("enrollments/certificate_pdf.html", certificate_context(certificate))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
