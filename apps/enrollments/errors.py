"""Domain errors of the enrolment workflow, each with a stable code and an Indonesian message."""

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


class DuplicateCredit(EnrollmentError):
    default_code = "jp.duplicate_credit"


class CertificateError(EnrollmentError):
    default_code = "certificate.invalid"
