"""Domain errors of the API app, each with a stable code and an Indonesian message."""

from __future__ import annotations

from apps.core.exceptions import DomainError


class InvalidToken(DomainError):
    """A token request the rules refuse (no name, unknown scope, expiry in the past)."""

    default_code = "api.token_invalid"


class FeedRefused(DomainError):
    """A calendar address request the rules refuse (one already exists, none to revoke)."""

    default_code = "api.calendar_feed_refused"
