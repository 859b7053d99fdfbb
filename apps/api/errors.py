"""Domain errors of the API app, each with a stable code and an Indonesian message."""

from __future__ import annotations

from apps.core.exceptions import DomainError


class InvalidToken(DomainError):
    """A token request the rules refuse (no name, unknown scope, expiry in the past)."""

    default_code = "api.token_invalid"


class Conflict(DomainError):
    """The request repeats an id already used for something else (answered 409)."""

    default_code = "api.conflict"


class FieldRefused(DomainError):
    """A value in the request names nothing the token's instansi has (answered 400 on that field)."""

    default_code = "api.field_refused"

    def __init__(self, message: str, *, field: str, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class FeedRefused(DomainError):
    """A calendar address request the rules refuse (one already exists, none to revoke)."""

    default_code = "api.calendar_feed_refused"
