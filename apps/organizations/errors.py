"""Domain errors of instansi, unit kerja and jabatan, each with a stable code and an Indonesian message."""

from apps.core.exceptions import DomainError


class OrganizationError(DomainError):
    default_code = "organization.invalid"
