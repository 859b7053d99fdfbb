"""Domain errors of pegawai records, each with a stable code and an Indonesian message."""

from apps.core.exceptions import DomainError


class PegawaiError(DomainError):
    default_code = "pegawai.invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field
