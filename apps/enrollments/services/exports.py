"""Exports of personal data from enrollments: each writes one `personal_data.exported` row (who, what, how
many), and a download of someone else's certificate one personal-data access row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from apps.core.services import CountedRows, personal_data_access_log, personal_data_exported
from apps.enrollments import exports
from apps.enrollments.models import Certificate
from apps.enrollments.services.certificates import certificate_pdf_ensure


def jp_history_workbook(
    *, actor: Any, instansi_id: int, year: int | None = None, between: tuple[date, date] | None = None
) -> bytes:
    """The SIASN training-history file of one instansi for a ledger year, or for `between` (first and last
    credited day, inclusive; the form has checked the range)."""
    counted = CountedRows(exports.rows(instansi_id, year, between=between))
    data = exports.siasn_workbook(instansi_id, year, values=counted)
    period: dict[str, Any] = (
        {"year": year} if between is None else {"date_from": between[0].isoformat(), "date_to": between[1].isoformat()}
    )
    personal_data_exported(
        actor=actor, what="enrollments.jp_history", rows=counted.count, instansi_id=instansi_id, **period
    )
    return data


def untrained_workbook(*, actor: Any, instansi_id: int, pegawai: Iterable[Any], year: int) -> bytes:
    """The 'belum pelatihan' list as filtered on the page."""
    counted = CountedRows(pegawai)
    data = exports.untrained_workbook(counted, year)
    personal_data_exported(
        actor=actor, what="enrollments.untrained", rows=counted.count, instansi_id=instansi_id, year=year
    )
    return data


def certificate_for_download(*, actor: Any, certificate: Certificate) -> Certificate:
    """The certificate with its PDF rendered; reading another person's certificate is logged."""
    if not certificate.pdf:
        certificate = certificate_pdf_ensure(certificate_id=certificate.pk)
    personal_data_access_log(actor=actor, subject=certificate.enrollment.pegawai, purpose="certificate.download")
    return certificate
