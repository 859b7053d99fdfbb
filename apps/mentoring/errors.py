"""Domain errors of mentoring, coaching and project assignments (stable codes, Indonesian messages)."""

from django.utils.translation import gettext_lazy as _

from apps.core.constraints import register
from apps.core.exceptions import DomainError, InvalidTransition


class MentoringError(DomainError):
    default_code = "mentoring.invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class NoConversionRule(MentoringError):
    default_code = "mentoring.no_conversion_rule"


class OverMonthlyCap(MentoringError):
    default_code = "mentoring.over_monthly_cap"


class NotEligibleMentee(MentoringError):
    default_code = "mentoring.mentee_not_eligible"


class MentorAtCapacity(MentoringError):
    default_code = "mentoring.mentor_at_capacity"


class MenteeAlreadyPaired(MentoringError):
    default_code = "mentoring.mentee_already_paired"


class SessionInFuture(MentoringError):
    default_code = "mentoring.session_in_future"


class SessionOutOfPeriod(MentoringError):
    default_code = "mentoring.session_out_of_period"


class DurationNotPositive(MentoringError):
    default_code = "mentoring.duration_not_positive"


class NotAllowed(MentoringError):
    default_code = "mentoring.not_allowed"


__all__ = [
    "DomainError",
    "InvalidTransition",
    "MentoringError",
    "NoConversionRule",
    "OverMonthlyCap",
    "NotEligibleMentee",
    "MentorAtCapacity",
    "MenteeAlreadyPaired",
    "SessionInFuture",
    "SessionOutOfPeriod",
    "DurationNotPositive",
    "NotAllowed",
]


register(
    {
        "mmentor_once_per_program": _("Pegawai ini sudah terdaftar sebagai mentor di program ini."),
        "mmentee_once_per_program": _("Pegawai ini sudah terdaftar sebagai mentee di program ini."),
        "mpair_one_open_per_mentee": _("Mentee ini sudah memiliki pasangan aktif di program ini."),
    }
)
