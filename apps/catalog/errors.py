"""Domain errors of the catalog, each with a stable code and an Indonesian message."""

from __future__ import annotations

from apps.core.exceptions import DomainError


class CatalogError(DomainError):
    default_code = "catalog.invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class SessionRemovalNotConfirmed(CatalogError):
    """Removing these sessions would delete attendance; the admin has to say so explicitly."""

    default_code = "catalog.session_removal_not_confirmed"

    def __init__(self, message: str, *, counts: dict[int, int]) -> None:
        super().__init__(message, field="confirm_session_removal")
        self.counts = counts
