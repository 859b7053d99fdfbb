"""Domain errors of needs, plans and IDPs, each with a stable code and an Indonesian message."""

from __future__ import annotations

from apps.core.exceptions import DomainError


class NeedsError(DomainError):
    default_code = "needs.invalid"


class PlanError(NeedsError):
    default_code = "needs.plan"


class IdpError(NeedsError):
    default_code = "needs.idp"
