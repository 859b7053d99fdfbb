"""Dictionary and SKJ writes. Rules (domain.md §4, §12 rules 6, 10, 33):
- national competencies (instansi NULL) are changed only by the superadmin; manajerial and sosial kultural
  competencies are always national (DB constraint); codes are unique per instansi and among national ones;
- an SKJ has at most one row per competency (DB constraint), levels are integers 1–5 (DB constraint), and
  once it has any row it contains M.01–M.08 and S.01: every write fills the missing ones at the default
  level from the DefaultLevelRule in force (instansi rule before the national one), and they cannot be removed;
- SKJ rows, task links and copies stay inside the jabatan's instansi; every write is audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.competencies.errors import CompetencyError
from apps.competencies.models import (
    DefaultLevelRule,
    Kompetensi,
    KompetensiKind,
    LevelDescriptor,
    SKJItem,
    TaskCompetency,
)
from apps.competencies.selectors import default_level_for, kompetensi_for_instansi, mandatory_kompetensi
from apps.core import figures
from apps.core.constraints import constraint_name, message_for
from apps.core.roles import Role
from apps.core.services import audit_log


def _constraint_error(exc: IntegrityError) -> CompetencyError:
    message = message_for(exc)
    if message is not None:
        return CompetencyError(message, code=constraint_name(exc))
    return CompetencyError(_("Data bertentangan dengan data yang sudah ada."))


def check_level(level: Any) -> int:
    """Levels are integers 1–5 (rule 6, 7); anything else is refused with one clear message."""
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        try:
            number = int(str(level).strip())
        except (TypeError, ValueError):
            number = 0
        if str(level).strip() != str(number) or not 1 <= number <= 5:
            raise CompetencyError(_("Level harus bilangan bulat 1–5."), code="competency.level")
        return number
    return level


# ---- dictionary -------------------------------------------------------------------------------------


def kompetensi_save(
    *,
    actor: Any,
    instansi_id: int | None,
    kompetensi: Kompetensi | None = None,
    levels: Sequence[tuple[str, str]] | None = None,
    **fields: Any,
) -> Kompetensi:
    """Create or change a competency; `levels` (description, indicators) × up to 5 replace its descriptors."""
    creating = kompetensi is None
    if creating:
        if instansi_id is None and not actor.has_role(Role.SUPERADMIN):
            raise CompetencyError(_("Hanya superadmin yang boleh menambah kompetensi nasional."))
        kompetensi = Kompetensi(instansi_id=instansi_id)
    elif kompetensi.instansi_id is None and not actor.has_role(Role.SUPERADMIN):
        raise CompetencyError(_("Kompetensi nasional hanya dapat diubah oleh superadmin."))
    for key, value in fields.items():
        setattr(kompetensi, key, value)
    if kompetensi.instansi_id is not None and kompetensi.kind != KompetensiKind.TEKNIS:
        raise CompetencyError(
            _("Instansi hanya dapat menambah kompetensi teknis; manajerial dan sosial kultural bersifat nasional."),
            code="competency.kind",
        )
    try:
        with transaction.atomic():
            kompetensi.save()
            if levels is not None:
                for number, (description, indicators) in enumerate(levels, start=1):
                    if not description.strip():
                        LevelDescriptor.objects.filter(kompetensi=kompetensi, level=number).delete()
                        continue
                    LevelDescriptor.objects.update_or_create(
                        kompetensi=kompetensi,
                        level=number,
                        defaults={"description": description.strip(), "indicators": indicators.strip()},
                    )
            audit_log(
                actor=actor,
                action="kompetensi.create" if creating else "kompetensi.update",
                instance=kompetensi,
                instansi_id=kompetensi.instansi_id,
            )
    except IntegrityError as exc:
        raise _constraint_error(exc) from exc
    return kompetensi


# ---- SKJ --------------------------------------------------------------------------------------------


def default_level(*, jabatan: Any, on: datetime.date | None = None) -> int:
    rule = default_level_for(
        instansi_id=jabatan.instansi_id, jenis=jabatan.jenis, jenjang=jabatan.jenjang, on=on or timezone.localdate()
    )
    if rule is None:
        raise CompetencyError(
            _("Belum ada aturan level bawaan untuk jenis jabatan ini; tambahkan di Aturan level bawaan SKJ."),
            code="competency.no_default_rule",
        )
    return rule.level


def _ensure_mandatory(*, jabatan: Any, level: int | None = None) -> list[str]:
    """Add the missing M.01–M.08/S.01 rows at the default level; returns the codes added."""
    present = set(SKJItem.objects.filter(jabatan=jabatan).values_list("kompetensi__code", flat=True))
    missing = [k for k in mandatory_kompetensi() if k.code not in present]
    if not missing:
        return []
    if level is None:
        level = default_level(jabatan=jabatan)
    SKJItem.objects.bulk_create(
        SKJItem(instansi_id=jabatan.instansi_id, jabatan=jabatan, kompetensi=k, required_level=level) for k in missing
    )
    figures.mark_changed(jabatan.instansi_id)  # bulk writes send no signal (apps/core/figures.py)
    return [k.code for k in missing]


def skj_fill_defaults(*, actor: Any, jabatan: Any) -> list[str]:
    with transaction.atomic():
        added = _ensure_mandatory(jabatan=jabatan)
        if added:
            audit_log(actor=actor, action="skj.defaults", instance=jabatan, data={"added": added})
    return added


def skj_row_set(*, actor: Any, jabatan: Any, kompetensi: Kompetensi, level: Any) -> SKJItem:
    """Add a competency to the SKJ or change its required level."""
    level = check_level(level)
    if not kompetensi_for_instansi(jabatan.instansi_id).filter(pk=kompetensi.pk).exists():
        raise CompetencyError(_("Kompetensi tidak dikenal di instansi ini."), code="competency.unknown")
    try:
        with transaction.atomic():
            item, created = SKJItem.objects.update_or_create(
                jabatan=jabatan,
                kompetensi=kompetensi,
                defaults={"instansi_id": jabatan.instansi_id, "required_level": level},
            )
            _ensure_mandatory(jabatan=jabatan)
            audit_log(
                actor=actor,
                action="skj.add" if created else "skj.change",
                instance=jabatan,
                data={"kompetensi": kompetensi.code, "level": level},
            )
    except IntegrityError as exc:
        raise _constraint_error(exc) from exc
    return item


def skj_levels_update(*, actor: Any, jabatan: Any, levels: dict[int, Any]) -> int:
    """Change several required levels at once ({item_id: level}); all or nothing."""
    checked = {int(pk): check_level(level) for pk, level in levels.items()}
    items = {i.pk: i for i in SKJItem.objects.filter(jabatan=jabatan, pk__in=list(checked))}
    if len(items) != len(checked):
        raise CompetencyError(_("Baris SKJ tidak ditemukan."), code="competency.skj_row")
    changed = [i for pk, i in items.items() if i.required_level != checked[pk]]
    for item in changed:
        item.required_level = checked[item.pk]
    with transaction.atomic():
        if changed:
            SKJItem.objects.bulk_update(changed, ["required_level"])
            figures.mark_changed(jabatan.instansi_id)  # bulk writes send no signal (apps/core/figures.py)
            audit_log(
                actor=actor,
                action="skj.change",
                instance=jabatan,
                data={"levels": {i.kompetensi_id: i.required_level for i in changed}},
            )
    return len(changed)


def skj_row_remove(*, actor: Any, item: SKJItem) -> None:
    if item.kompetensi.is_mandatory:
        raise CompetencyError(
            _("Kompetensi %(code)s wajib ada di setiap SKJ dan tidak dapat dihapus.") % {"code": item.kompetensi.code},
            code="competency.mandatory",
        )
    with transaction.atomic():
        TaskCompetency.objects.filter(task__jabatan_id=item.jabatan_id, kompetensi_id=item.kompetensi_id).delete()
        item.delete()
        audit_log(
            actor=actor,
            action="skj.remove",
            instance=item.jabatan,
            data={"kompetensi": item.kompetensi.code},
        )


def skj_copy(*, actor: Any, target: Any, source: Any) -> int:
    """Replace the target's SKJ by the source's (a similar jabatan of the same instansi)."""
    if source.instansi_id != target.instansi_id:
        raise CompetencyError(_("Jabatan sumber harus dari instansi yang sama."), code="competency.copy_instansi")
    if source.pk == target.pk:
        raise CompetencyError(_("Pilih jabatan lain sebagai sumber."), code="competency.copy_self")
    rows = list(SKJItem.objects.filter(jabatan=source).values_list("kompetensi_id", "required_level"))
    if not rows:
        raise CompetencyError(_("Jabatan sumber belum memiliki SKJ."), code="competency.copy_empty")
    with transaction.atomic():
        kept = [k for k, _level in rows]
        TaskCompetency.objects.filter(task__jabatan=target).exclude(kompetensi_id__in=kept).delete()
        SKJItem.objects.filter(jabatan=target).delete()
        SKJItem.objects.bulk_create(
            SKJItem(instansi_id=target.instansi_id, jabatan=target, kompetensi_id=k, required_level=level)
            for k, level in rows
        )
        figures.mark_changed(target.instansi_id)  # bulk writes send no signal (apps/core/figures.py)
        _ensure_mandatory(jabatan=target)
        audit_log(actor=actor, action="skj.copy", instance=target, data={"from": source.pk, "rows": len(rows)})
    return len(rows)


def skj_import_rows(*, instansi_id: int, rows: Iterable[tuple[Any, int, int]], defaults: dict[int, int]) -> int:
    """Upsert validated (jabatan, kompetensi_id, level) rows and complete each jabatan's mandatory rows with
    `defaults[jabatan_id]`. Called inside the importer's transaction."""
    rows = list(rows)
    pairs = {(j.pk, k) for j, k, _level in rows}
    jabatan_ids = {j for j, _k in pairs}
    existing = {
        (i.jabatan_id, i.kompetensi_id): i
        for i in SKJItem.objects.filter(instansi_id=instansi_id, jabatan_id__in=jabatan_ids)
    }
    to_update, to_create = [], []
    for jabatan, kompetensi_id, level in rows:
        item = existing.get((jabatan.pk, kompetensi_id))
        if item is None:
            to_create.append(
                SKJItem(instansi_id=instansi_id, jabatan=jabatan, kompetensi_id=kompetensi_id, required_level=level)
            )
        elif item.required_level != level:
            item.required_level = level
            to_update.append(item)
    SKJItem.objects.bulk_create(to_create, batch_size=1000)
    SKJItem.objects.bulk_update(to_update, ["required_level"], batch_size=1000)
    figures.mark_changed(instansi_id)  # bulk writes send no signal (apps/core/figures.py)
    mandatory = list(mandatory_kompetensi())
    have = set(
        SKJItem.objects.filter(instansi_id=instansi_id, jabatan_id__in=jabatan_ids).values_list(
            "jabatan_id", "kompetensi_id"
        )
    )
    filler = [
        SKJItem(instansi_id=instansi_id, jabatan_id=j, kompetensi=k, required_level=defaults[j])
        for j in jabatan_ids
        for k in mandatory
        if (j, k.pk) not in have
    ]
    SKJItem.objects.bulk_create(filler, batch_size=1000)
    figures.mark_changed(instansi_id)  # bulk writes send no signal (apps/core/figures.py)
    return len(rows)


# ---- task links -------------------------------------------------------------------------------------


def task_links_set(*, actor: Any, task: Any, kompetensi: Sequence[Kompetensi]) -> int:
    """Replace the competencies linked to one uraian tugas; they must be teknis rows of the jabatan's SKJ."""
    allowed = set(
        SKJItem.objects.filter(jabatan_id=task.jabatan_id, kompetensi__kind=KompetensiKind.TEKNIS).values_list(
            "kompetensi_id", flat=True
        )
    )
    wanted = {k.pk for k in kompetensi}
    if wanted - allowed:
        raise CompetencyError(
            _("Hanya kompetensi teknis yang ada di SKJ jabatan ini yang dapat dikaitkan ke tugas."),
            code="competency.task_link",
        )
    with transaction.atomic():
        TaskCompetency.objects.filter(task=task).exclude(kompetensi_id__in=wanted).delete()
        have = set(TaskCompetency.objects.filter(task=task).values_list("kompetensi_id", flat=True))
        TaskCompetency.objects.bulk_create(
            TaskCompetency(instansi_id=task.instansi_id, task=task, kompetensi_id=k) for k in wanted - have
        )
        audit_log(actor=actor, action="skj.task_links", instance=task, data={"kompetensi": sorted(wanted)})
    return len(wanted)


# ---- reference data ---------------------------------------------------------------------------------


def default_rule_save(
    *, actor: Any, instansi_id: int | None, rule: DefaultLevelRule | None = None, **fields: Any
) -> DefaultLevelRule:
    creating = rule is None
    if instansi_id is None and not actor.has_role(Role.SUPERADMIN):
        raise CompetencyError(_("Aturan nasional hanya dapat diubah oleh superadmin."))
    rule = rule or DefaultLevelRule(instansi_id=instansi_id)
    for key, value in fields.items():
        setattr(rule, key, value)
    rule.level = check_level(rule.level)
    if rule.effective_to and rule.effective_to < rule.effective_from:
        raise CompetencyError(_("Tanggal akhir tidak boleh sebelum tanggal mulai."), code="competency.dates")
    try:
        with transaction.atomic():
            rule.save()
            audit_log(
                actor=actor,
                action="default_level.create" if creating else "default_level.update",
                instance=rule,
                instansi_id=rule.instansi_id,
            )
    except IntegrityError as exc:
        raise _constraint_error(exc) from exc
    return rule
