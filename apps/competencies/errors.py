"""Domain errors of the competency dictionary and SKJ rows, each with a stable code and an Indonesian message."""

from apps.core.exceptions import DomainError


class CompetencyError(DomainError):
    default_code = "competency.invalid"
