"""Domain errors: services raise these with an Indonesian message and a stable code; views show the message."""

from enum import StrEnum


class DomainError(Exception):
    """A rule of the domain refused the operation. `message` is for people, `code` for programs."""

    class Code(StrEnum):
        GENERIC = "domain.error"

    default_code: str = Code.GENERIC

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code or self.default_code


class InvalidTransition(DomainError):
    default_code = "workflow.invalid_transition"


class ImportRejected(DomainError):
    """The whole file was refused (not a real XLSX/CSV, empty, too big, zip bomb)."""

    default_code = "import.rejected"
