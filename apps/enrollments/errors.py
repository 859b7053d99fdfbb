"""Domain errors of the enrolment workflow, each with a stable code and an Indonesian message."""

from django.utils.translation import gettext_lazy as _

from apps.core.constraints import register
from apps.core.exceptions import DomainError


class EnrollmentError(DomainError):
    default_code = "enrollment.invalid"


class NotEligible(EnrollmentError):
    default_code = "enrollment.not_eligible"


class RegistrationClosed(EnrollmentError):
    default_code = "enrollment.registration_closed"


class DuplicateRequest(EnrollmentError):
    default_code = "enrollment.duplicate"


class NotYourAtasan(EnrollmentError):
    default_code = "enrollment.not_current_atasan"


class OwnRequest(EnrollmentError):
    default_code = "enrollment.own_request"


class SeatsFull(EnrollmentError):
    default_code = "enrollment.seats_full"


class OverlapBlocked(EnrollmentError):
    default_code = "enrollment.overlap"


class PPPKLimit(EnrollmentError):
    default_code = "enrollment.pppk_limit"


class TooLate(EnrollmentError):
    default_code = "enrollment.too_late"


class ReasonRequired(EnrollmentError):
    default_code = "enrollment.reason_required"


class AttendanceError(EnrollmentError):
    default_code = "attendance.invalid"


class AttendanceRowsInvalid(AttendanceError):
    """Marks sent by another system where some rows are wrong: `rows` = [(index, field, message)]; none saved."""

    default_code = "attendance.rows_invalid"

    def __init__(self, message: str, *, rows: list[tuple[int, str, str]]) -> None:
        super().__init__(message)
        self.rows = rows


class DuplicateCredit(EnrollmentError):
    default_code = "jp.duplicate_credit"


class CertificateError(EnrollmentError):
    default_code = "certificate.invalid"


register(
    {
        "jp_ledger_unique_source": _("Kegiatan ini sudah dikreditkan ke pegawai tersebut."),
        "enrollments_jpledgerentry_enrollment_id_key": _("Kegiatan ini sudah dikreditkan ke pegawai tersebut."),
        "enrollments_jpledgerentry_reverses_id_key": _("JP kegiatan ini sudah ditarik."),
    }
)
