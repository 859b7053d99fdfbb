"""Fetch-by-id for dictionary rows: missing and not-yours are both 404. National competencies are read by
all, changed only by the superadmin; an instansi's teknis competencies by its admins."""

from typing import Any

from django.http import Http404

from apps.competencies.models import DefaultLevelRule, Kompetensi
from apps.competencies.selectors import default_rules_visible_to, kompetensi_visible_to, skj_item_of
from apps.core.roles import Role
from apps.organizations.access import get_jabatan_for_user
from apps.organizations.selectors import tasks_of


def can_edit_kompetensi(user: Any, kompetensi: Kompetensi) -> bool:
    if user.has_role(Role.SUPERADMIN):
        return True
    return (
        kompetensi.instansi_id is not None
        and kompetensi.instansi_id == user.instansi_id
        and user.has_role(Role.ADMIN_BKPSDM)
    )


def get_kompetensi_for_user(user: Any, pk: int) -> Kompetensi:
    kompetensi = kompetensi_visible_to(user).filter(pk=pk).first()
    if kompetensi is None:
        raise Http404
    return kompetensi


def get_kompetensi_to_edit(user: Any, pk: int) -> Kompetensi:
    kompetensi = get_kompetensi_for_user(user, pk)
    if not can_edit_kompetensi(user, kompetensi):
        raise Http404
    return kompetensi


def get_jabatan_for_skj(user: Any, pk: int):
    """SKJ pages hang off the jabatan page, so they follow its access (admins of the instansi)."""
    return get_jabatan_for_user(user, pk)


def can_edit_rule(user: Any, rule: DefaultLevelRule) -> bool:
    if user.has_role(Role.SUPERADMIN):
        return True
    return rule.instansi_id is not None and rule.instansi_id == user.instansi_id and user.has_role(Role.ADMIN_BKPSDM)


def get_rule_to_edit(user: Any, pk: int) -> DefaultLevelRule:
    rule = default_rules_visible_to(user).filter(pk=pk).first()
    if rule is None or not can_edit_rule(user, rule):
        raise Http404
    return rule


def get_skj_item_to_edit(user: Any, jabatan_pk: int, pk: int):
    """A row of the SKJ of a jabatan the user may edit; a row of another jabatan is 404."""

    jabatan = get_jabatan_for_skj(user, jabatan_pk)
    item = skj_item_of(jabatan, pk)
    if item is None:
        raise Http404
    return jabatan, item


def get_task_for_skj(user: Any, jabatan_pk: int, pk: int):
    """A task (uraian tugas) of a jabatan the user may edit; a task of another jabatan is 404."""

    jabatan = get_jabatan_for_skj(user, jabatan_pk)
    task = tasks_of(jabatan).filter(pk=pk).first()
    if task is None:
        raise Http404
    return jabatan, task
