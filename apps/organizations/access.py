"""Fetch-by-id for organisation objects: missing and not-yours are both 404."""

from typing import Any

from django.http import Http404

from apps.core.roles import Role
from apps.organizations.models import Instansi, Jabatan, UnitKerja
from apps.organizations.selectors import jabatan_visible_to, units_visible_to


def get_unit_for_user(user: Any, pk: int) -> UnitKerja:
    unit = units_visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def get_jabatan_for_user(user: Any, pk: int) -> Jabatan:
    jabatan = jabatan_visible_to(user).prefetch_related("tasks", "functions").filter(pk=pk).first()
    if jabatan is None:
        raise Http404
    return jabatan


def get_instansi_for_superadmin(user: Any, pk: int) -> Instansi:
    if not user.has_role(Role.SUPERADMIN):
        raise Http404
    instansi = Instansi.objects.filter(pk=pk).first()
    if instansi is None:
        raise Http404
    return instansi


def get_own_instansi(user: Any) -> Instansi:
    """The instansi the user works in (or, for a superadmin, acts for)."""
    instansi = Instansi.objects.filter(pk=user.instansi_id).first() if user.instansi_id else None
    if instansi is None:
        raise Http404
    return instansi
