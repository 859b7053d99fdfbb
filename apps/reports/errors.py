"""Domain errors of report jobs and their parameters, each with a stable code and an Indonesian message."""

from apps.core.exceptions import DomainError


class ReportError(DomainError):
    default_code = "report.invalid"


class ReportInputError(DomainError):
    default_code = "report.input"
