"""Certificates: numbers from a locked per-instansi-per-year counter (rule 23), random verification
codes, PDFs rendered in the background."""

from __future__ import annotations

import secrets
from base64 import b32encode
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Angkatan
from apps.core.jobs import enqueue
from apps.core.services import audit_log, snapshot
from apps.enrollments import selectors
from apps.enrollments.errors import CertificateError, ReasonRequired
from apps.enrollments.models import Certificate, CertificateCounter, Enrollment, EnrollmentStatus, JPLedgerEntry
from apps.enrollments.pdf import render_certificate
from apps.enrollments.services.common import _require_admin_of, local_today
from apps.enrollments.services.completion import ledger_reverse
from apps.enrollments.workflow import record_event

S = EnrollmentStatus


def _verification_code() -> str:
    """80 random bits in base32 (16 characters, no padding): short enough for a QR and a URL."""
    return b32encode(secrets.token_bytes(10)).decode("ascii")


def certificate_issue(*, actor: Any, enrollment: Enrollment) -> Certificate:
    _require_admin_of(actor, enrollment.instansi_id)
    if enrollment.status != S.COMPLETED:
        raise CertificateError(_("Sertifikat hanya untuk peserta yang lulus."))
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        raise CertificateError(_("Sertifikat untuk peserta ini sudah diterbitkan."))
    instansi = enrollment.angkatan.instansi
    year = local_today(instansi).year
    with transaction.atomic():
        CertificateCounter.objects.bulk_create(
            [CertificateCounter(instansi_id=instansi.pk, year=year)], ignore_conflicts=True
        )
        counter = CertificateCounter.objects.select_for_update().get(instansi_id=instansi.pk, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        number = f"{counter.last:04d}/STTPP/{instansi.code.upper()}/{year}"
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    instansi_id=instansi.pk,
                    enrollment=enrollment,
                    year=year,
                    sequence=counter.last,
                    number=number,
                    verification_code=_verification_code(),
                    issued_at=timezone.now(),
                    issued_by=actor,
                )
        except IntegrityError as exc:
            raise CertificateError(_("Sertifikat untuk peserta ini sudah diterbitkan.")) from exc
        audit_log(
            actor=actor,
            action="certificate.issue",
            instance=certificate,
            before=dict.fromkeys(["enrollment", "number", "issued_at"]),
        )
        record_event(
            enrollment=enrollment,
            action="certificate",
            actor=actor,
            from_status=enrollment.status,
            to_status=enrollment.status,
            note=number,
        )
        enqueue("apps.enrollments.tasks.render_certificate_pdf", certificate_id=certificate.pk)
    return certificate


def certificates_issue_for_angkatan(*, actor: Any, angkatan: Angkatan) -> int:
    _require_admin_of(actor, angkatan.instansi_id)
    issued = 0
    for enrollment in (
        Enrollment.objects.select_related("angkatan__instansi", "pegawai")
        .filter(angkatan=angkatan, status=S.COMPLETED, certificate__isnull=True)
        .order_by("pegawai__name", "id")
    ):
        certificate_issue(actor=actor, enrollment=enrollment)
        issued += 1
    return issued


def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """A revoked certificate no longer proves the training, so its JP are withdrawn in the same transaction
    (a reversing ledger entry): either both happen or neither. Locks: Certificate, then the ledger entry."""
    _require_admin_of(actor, certificate.instansi_id)
    if not reason.strip():
        raise ReasonRequired(_("Alasan pencabutan wajib diisi."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise CertificateError(_("Sertifikat ini sudah dicabut."))
        before = snapshot(locked, ["revoked_at", "revoked_reason", "revoked_by"])
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason.strip()
        locked.revoked_by = actor
        locked.pdf = ""  # re-rendered with the revocation stamp
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "pdf"])
        audit_log(actor=actor, action="certificate.revoke", instance=locked, before=before)
        enqueue("apps.enrollments.tasks.render_certificate_pdf", certificate_id=locked.pk)
        enrollment = Enrollment.objects.get(pk=locked.enrollment_id)
        credit = (
            JPLedgerEntry.objects.select_for_update(of=("self",))
            .filter(enrollment_id=enrollment.pk, reverses__isnull=True, reversal__isnull=True)
            .first()
        )
        note = reason.strip()
        if credit is not None and credit.jp > 0:
            ledger_reverse(actor=actor, entry=credit, reason=note)
            note += " " + _("(%(jp)s JP ditarik)") % {"jp": credit.jp}
        record_event(
            enrollment=enrollment,
            action="certificate_revoke",
            actor=actor,
            from_status=enrollment.status,
            to_status=enrollment.status,
            note=note,
        )
    return locked


def certificate_pdf_ensure(*, certificate_id: int) -> Certificate:
    """Render and store the PDF once; a retried task finds it there."""
    certificate = selectors.certificate_for_render(certificate_id)
    if certificate.pdf:
        return certificate
    data = render_certificate(certificate)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if not locked.pdf:
            locked.pdf.save(f"sertifikat-{locked.verification_code}.pdf", ContentFile(data), save=True)
    certificate.pdf = locked.pdf
    return certificate
