"""Domain errors of accounts and memberships, each with a stable code and an Indonesian message."""

from apps.core.exceptions import DomainError


class AccountError(DomainError):
    default_code = "account.invalid"
