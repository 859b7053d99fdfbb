"""Roles. Stored roles come from Membership rows; derived roles (atasan from Pegawai.atasan, mentor
from mentoring pairs) come from providers that higher apps register in AppConfig.ready(), so this
app never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERADMIN = "superadmin", _("Superadmin")
    ADMIN_BKPSDM = "admin_bkpsdm", _("Admin BKPSDM")
    SUPERVISOR = "supervisor", _("Atasan")
    EMPLOYEE = "employee", _("Pegawai")
    MENTOR = "mentor", _("Mentor")


STORED_ROLES = (Role.SUPERADMIN, Role.ADMIN_BKPSDM, Role.EMPLOYEE, Role.MENTOR)

RoleProvider = Callable[[Any], set[str]]
_PROVIDERS: list[RoleProvider] = []


def register_role_provider(provider: RoleProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def derived_roles(user: Any) -> set[str]:
    found: set[str] = set()
    for provider in _PROVIDERS:
        found |= provider(user)
    return found
