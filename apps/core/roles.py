"""Roles: the one home of `Role` and the named role sets every app checks against.

Stored roles come from Membership rows; derived roles (atasan from Pegawai.atasan, mentor from
mentoring pairs) come from providers that higher apps register in AppConfig.ready(), so core never
imports them. No other module spells a role as a string (apps/core/tests/test_architecture.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.figures import cached


class Role(models.TextChoices):
    SUPERADMIN = "superadmin", _("Superadmin")
    ADMIN_BKPSDM = "admin_bkpsdm", _("Admin BKPSDM")
    SUPERVISOR = "supervisor", _("Atasan")
    EMPLOYEE = "employee", _("Pegawai")
    MENTOR = "mentor", _("Mentor")


#: Roles a Membership row may hold; the others are derived.
STORED_ROLES = (Role.SUPERADMIN, Role.ADMIN_BKPSDM, Role.EMPLOYEE, Role.MENTOR)
#: Manage the data of an instansi: its BKPSDM staff, and the platform operator acting for it.
ADMINS = frozenset({Role.ADMIN_BKPSDM, Role.SUPERADMIN})
#: The platform operator only.
PLATFORM = frozenset({Role.SUPERADMIN})
#: BKPSDM staff only (the platform operator may read but these acts are the agency's own).
BKPSDM = frozenset({Role.ADMIN_BKPSDM})
#: Every ASN with an account, as a learner.
LEARNERS = frozenset({Role.EMPLOYEE, Role.SUPERVISOR})
#: People who act on someone else's development: an atasan for a team, a mentor for mentees.
GUIDES = frozenset({Role.SUPERVISOR, Role.MENTOR})
#: Everyone inside an instansi who is not its administrator.
MEMBERS = frozenset({Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR})

RoleProvider = Callable[[Any], set[str]]
_PROVIDERS: list[RoleProvider] = []


def register_role_provider(provider: RoleProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def derived_roles(user: Any) -> set[str]:
    """The roles a user holds through data (atasan of an active report, mentor in a running programme). They
    change only with their instansi's data, so they are a cached figure of it per user and day: two
    queries less on every signed-in request."""

    def compute() -> frozenset[str]:
        found: set[str] = set()
        for provider in _PROVIDERS:
            found |= provider(user)
        return frozenset(found)

    home = getattr(user, "home_instansi_id", None)
    if home is None:
        return set(compute())
    return set(cached("roles", home, compute, vary=(user.pk, timezone.localdate())))
