"""Organisation writes. Rules: unit codes and jabatan codes are unique per instansi (DB constraints);
a unit's parent is in the same instansi and never inside its own subtree (no cycles); `path` and
`depth` are kept by these services only; a jabatan's jenjang belongs to its jenis (DB constraint);
tugas and fungsi rows carry the instansi of their jabatan; a task saved with its id is changed in place,
so the competencies linked to it (competencies.TaskCompetency) stay; every write is audited; each instansi's
uploaded import files are deleted after its `file_retention_days` (1..3650, DB constraint)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Length, Replace, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.constraints import constraint_name, message_for
from apps.core.exceptions import DomainError
from apps.core.services import audit_log, import_files_remove
from apps.organizations import selectors
from apps.organizations.errors import OrganizationError
from apps.organizations.models import JENJANG_BY_JENIS, Instansi, Jabatan, JobFunction, JobTask, UnitKerja


def constraint_error(exc: IntegrityError) -> DomainError:
    """Translate a known constraint violation into an Indonesian message."""
    message = message_for(exc)
    if message is not None:
        return OrganizationError(message, code=constraint_name(exc))
    return OrganizationError(_("Data bertentangan dengan data yang sudah ada."))


def instansi_save(*, actor: Any, instansi: Instansi | None = None, **fields: Any) -> Instansi:
    creating = instansi is None
    instansi = instansi or Instansi()
    for key, value in fields.items():
        setattr(instansi, key, value)
    try:
        with transaction.atomic():
            instansi.save()
            audit_log(
                actor=actor,
                action="instansi.create" if creating else "instansi.update",
                instance=instansi,
                instansi_id=instansi.pk,
            )
    except IntegrityError as exc:
        raise OrganizationError(_("Kode atau nama instansi sudah dipakai.")) from exc
    return instansi


def instansi_retention_set(*, actor: Any, instansi: Instansi, days: int) -> Instansi:
    """The period after which the instansi's uploaded import files and report files are deleted."""
    try:
        with transaction.atomic():
            # From the row, not the instance: a bound ModelForm has already set the new value on it.
            old = Instansi.objects.select_for_update().values_list("file_retention_days", flat=True).get(pk=instansi.pk)
            Instansi.objects.filter(pk=instansi.pk).update(file_retention_days=days)
            audit_log(
                actor=actor,
                action="instansi.retention",
                instance=instansi,
                instansi_id=instansi.pk,
                data={"from": old, "to": days},
            )
    except IntegrityError as exc:
        raise constraint_error(exc) from exc
    instansi.file_retention_days = days
    return instansi


def instansi_switch(*, actor: Any, instansi: Instansi | None) -> None:
    """Superadmin acts on behalf of an instansi (or stops); every switch is recorded."""
    audit_log(
        actor=actor,
        action="instansi.switch" if instansi else "instansi.switch_off",
        instance=instansi,
        instansi_id=instansi.pk if instansi else None,
    )


def _check_parent(unit: UnitKerja, parent: UnitKerja | None) -> None:
    if parent is None:
        return
    if parent.instansi_id != unit.instansi_id:
        raise OrganizationError(_("Unit induk harus berada di instansi yang sama."), code="unit.parent_instansi")
    if unit.pk and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise OrganizationError(_("Unit induk tidak boleh unit itu sendiri atau bawahannya."), code="unit.cycle")


def unit_save(*, actor: Any, instansi_id: int, unit: UnitKerja | None = None, **fields: Any) -> UnitKerja:
    """Saves of one instansi's units run one at a time (lock on the instansi row) and check the
    parent against paths read under that lock: two moves decided on paths read before either ran
    could otherwise put each unit under the other."""
    creating = unit is None
    unit = unit or UnitKerja(instansi_id=instansi_id)
    parent = fields.get("parent", unit.parent if unit.parent_id else None)
    _check_parent(unit, parent)
    for key, value in fields.items():
        setattr(unit, key, value)
    try:
        with transaction.atomic():
            Instansi.objects.select_for_update().only("pk").get(pk=unit.instansi_id)
            ids = [u.pk for u in (unit, parent) if u is not None and u.pk]
            current = {
                pk: (path, depth)
                for pk, path, depth in UnitKerja.objects.filter(pk__in=ids).values_list("pk", "path", "depth")
            }
            unit.path, unit.depth = current.get(unit.pk, ("", 0))
            old_path = unit.path
            if parent is not None:
                parent.path, parent.depth = current[parent.pk]
            _check_parent(unit, parent)
            unit.save()
            new_path = f"{parent.path if parent else '/'}{unit.pk}/"
            depth = new_path.count("/") - 2
            if new_path != old_path:
                UnitKerja.objects.filter(pk=unit.pk).update(path=new_path, depth=depth)
                if old_path:  # re-root the whole subtree in one statement
                    UnitKerja.objects.filter(instansi_id=unit.instansi_id, path__startswith=old_path).exclude(
                        pk=unit.pk
                    ).update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
                    _refresh_depths(unit.instansi_id, new_path)
                unit.path, unit.depth = new_path, depth
            audit_log(actor=actor, action="unit.create" if creating else "unit.update", instance=unit)
    except IntegrityError as exc:
        raise constraint_error(exc) from exc
    return unit


def _refresh_depths(instansi_id: int, prefix: str) -> None:
    """depth = number of ids in the path minus one; recomputed for a moved subtree."""
    slashes = Length("path") - Length(_replace_slashes())
    UnitKerja.objects.filter(instansi_id=instansi_id, path__startswith=prefix).update(depth=slashes - 2)


def _replace_slashes():
    return Replace("path", Value("/"), Value(""))


def _check_jabatan(instansi_id: int, jabatan: Jabatan | None, fields: dict[str, Any]) -> None:
    unit = fields.get("unit_kerja")
    if unit is not None and unit.instansi_id != instansi_id:
        raise OrganizationError(_("Unit kerja harus berada di instansi yang sama."), code="jabatan.unit_instansi")
    # A change of only jenis (or only jenjang) is checked against the value already stored.
    jenis = fields.get("jenis", jabatan.jenis if jabatan else None)
    jenjang = fields.get("jenjang", jabatan.jenjang if jabatan else "") or ""
    if jenis is not None:
        allowed = JENJANG_BY_JENIS.get(jenis, ())
        if allowed and jenjang not in allowed:
            raise OrganizationError(_("Jenjang tidak sesuai dengan jenis jabatan."), code="jabatan.jenjang")
        if not allowed and jenjang:
            raise OrganizationError(_("Jenis jabatan ini tidak memiliki jenjang."), code="jabatan.jenjang")


def jabatan_save(
    *,
    actor: Any,
    instansi_id: int,
    jabatan: Jabatan | None = None,
    tasks: Sequence[dict[str, Any]] | None = None,
    functions: Sequence[str] | None = None,
    **fields: Any,
) -> Jabatan:
    """Create or update a jabatan; when `tasks`/`functions` are given they replace the old lists, in their
    order. A task dict may carry the `id` of one of this jabatan's tasks: that task is updated, not replaced."""
    creating = jabatan is None
    _check_jabatan(instansi_id, jabatan, fields)
    jabatan = jabatan or Jabatan(instansi_id=instansi_id)
    for key, value in fields.items():
        setattr(jabatan, key, value)
    try:
        with transaction.atomic():
            jabatan.save()
            if tasks is not None:
                _tasks_replace(jabatan, tasks)
            if functions is not None:
                JobFunction.objects.filter(jabatan=jabatan).delete()
                JobFunction.objects.bulk_create(
                    JobFunction(instansi_id=instansi_id, jabatan=jabatan, order=i, description=f)
                    for i, f in enumerate(functions, start=1)
                )
            audit_log(actor=actor, action="jabatan.create" if creating else "jabatan.update", instance=jabatan)
    except IntegrityError as exc:
        raise constraint_error(exc) from exc
    return jabatan


def _tasks_replace(jabatan: Jabatan, tasks: Sequence[dict[str, Any]]) -> None:
    """Inside jabatan_save's transaction. An id that is not one of this jabatan's tasks (another
    jabatan's, or one removed meanwhile) refuses the whole save instead of touching that row."""
    stored = {t.pk: t for t in JobTask.objects.select_for_update().filter(jabatan=jabatan)}
    kept: list[JobTask] = []
    new: list[JobTask] = []
    for order, row in enumerate(tasks, start=1):
        fields = {"order": order, "description": row["description"], "output": row.get("output") or ""}
        task = stored.pop(row["id"], None) if row.get("id") else None
        if row.get("id") and task is None:
            raise OrganizationError(
                _("Tugas ke-%(n)s sudah tidak ada pada jabatan ini; muat ulang halaman.") % {"n": order},
                code="jabatan.task_unknown",
            )
        if task is None:
            new.append(JobTask(instansi_id=jabatan.instansi_id, jabatan=jabatan, **fields))
            continue
        for name, value in fields.items():
            setattr(task, name, value)
        kept.append(task)
    JobTask.objects.filter(pk__in=list(stored)).delete()
    JobTask.objects.bulk_update(kept, ["order", "description", "output"])
    JobTask.objects.bulk_create(new)


def import_files_expire(*, now: datetime.datetime | None = None) -> int:
    """Per instansi, delete uploaded import files older than its retention period (core owns the jobs,
    this app owns the period). Safe to repeat; returns how many files were removed."""
    now = now or timezone.now()
    return sum(
        import_files_remove(instansi_id=instansi_id, finished_before=now - datetime.timedelta(days=days))
        for instansi_id, days in selectors.instansi_retention_periods()
    )
