"""Reads of organisation data. Every list and lookup starts here, scoped to the user's instansi."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from apps.core.roles import ADMINS, Role
from apps.core.tenancy import scope
from apps.organizations.models import Instansi, Jabatan, JobFunction, JobTask, UnitKerja


def instansi_by_id(instansi_id: int) -> Instansi | None:
    return Instansi.objects.filter(pk=instansi_id).first()


def instansi_visible_to(user: Any) -> QuerySet[Instansi]:
    if user.has_role(Role.SUPERADMIN):
        return Instansi.objects.all()
    return Instansi.objects.filter(pk=user.instansi_id)


def instansi_retention_periods() -> list[tuple[int, int]]:
    """(instansi id, file_retention_days) of every instansi, for the periodic file cleanups (no user)."""
    return list(Instansi.objects.order_by("pk").values_list("pk", "file_retention_days"))


def instansi_list_for_superadmin() -> QuerySet[Instansi]:
    return Instansi.objects.annotate(unit_count=Count("units", distinct=True)).order_by("name")


def can_manage_organization(user: Any) -> bool:
    return user.has_any_role(ADMINS)


def units_visible_to(user: Any) -> QuerySet[UnitKerja]:
    if not can_manage_organization(user):
        return UnitKerja.objects.none()
    return scope(UnitKerja.objects.select_related("parent", "instansi"), user)


def as_unit_choices(qs: QuerySet[UnitKerja]) -> QuerySet[UnitKerja]:
    """Units for a dropdown: tree order and only the columns a label needs. Without this, a
    400-unit instansi built 1,200 model objects (unit, parent, instansi) per page."""
    return qs.select_related(None).only("id", "instansi_id", "name", "path", "depth").order_by("path")


def as_jabatan_choices(qs: QuerySet[Jabatan]) -> QuerySet[Jabatan]:
    return qs.select_related(None).only("id", "instansi_id", "name").order_by("name", "id")


def units_for_instansi(instansi_id: int) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(instansi_id=instansi_id)


def unit_subtree(unit: UnitKerja) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(instansi_id=unit.instansi_id, path__startswith=unit.path)


def unit_tree_rows(qs: QuerySet[UnitKerja]) -> QuerySet[UnitKerja]:
    """Units in tree order (parents before children) with their counts, for the tree list."""
    return qs.annotate(
        jabatan_count=Count("jabatan_set", distinct=True),
    ).order_by("path")


def jabatan_visible_to(user: Any) -> QuerySet[Jabatan]:
    if not can_manage_organization(user):
        return Jabatan.objects.none()
    return scope(Jabatan.objects.select_related("unit_kerja", "instansi"), user)


def jabatan_for_instansi(instansi_id: int) -> QuerySet[Jabatan]:
    return Jabatan.objects.filter(instansi_id=instansi_id)


def jabatan_with_details(qs: QuerySet[Jabatan]) -> QuerySet[Jabatan]:
    return qs.prefetch_related("tasks", "functions")


def tasks_of(jabatan: Jabatan) -> QuerySet[JobTask]:
    return JobTask.objects.filter(instansi_id=jabatan.instansi_id, jabatan=jabatan)


def functions_of(jabatan: Jabatan) -> QuerySet[JobFunction]:
    return JobFunction.objects.filter(instansi_id=jabatan.instansi_id, jabatan=jabatan)


def search_units(qs: QuerySet[UnitKerja], term: str) -> QuerySet[UnitKerja]:
    return qs.filter(Q(name__icontains=term) | Q(code__iexact=term))


# --------------------------------------------------------------------------- lists for the pages


def child_units(user: Any, unit: UnitKerja) -> QuerySet[UnitKerja]:
    return units_visible_to(user).filter(parent=unit).order_by("name")


def jabatan_of_unit(user: Any, unit: UnitKerja) -> QuerySet[Jabatan]:
    return jabatan_visible_to(user).filter(unit_kerja=unit).order_by("name")


def jabatan_list_rows(qs: QuerySet[Jabatan]) -> QuerySet[Jabatan]:
    return qs.order_by("name", "id")


def instansi_by_code(code: str) -> Instansi | None:
    return Instansi.objects.filter(code=code).first()
