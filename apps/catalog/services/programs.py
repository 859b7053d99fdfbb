"""Programmes: JP computed, versions instead of edits once published, materials."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import selectors
from apps.catalog.errors import CatalogError
from apps.catalog.models import (
    FORM_PATH,
    LEADERSHIP_FORMS,
    ConversionUnit,
    Path,
    Program,
    ProgramCompetency,
    ProgramMaterial,
    ProgramModule,
    ProgramStatus,
    Visibility,
)
from apps.catalog.services.specs import CompetencySpec, ModuleSpec, _join
from apps.catalog.workflow import PROGRAM_MACHINE
from apps.core.services import audit_log


def compute_learning_hours(
    *,
    instansi_id: int | None,
    form: str,
    modules: list[ModuleSpec],
    stated_hours: int | None,
    jp_quantity: int | None,
    is_international: bool,
    on: datetime.date | None = None,
) -> tuple[int, Any]:
    """(JP, rule used). See the module docstring."""
    day = on or timezone.localdate()
    rule = selectors.conversion_rule_for(instansi_id=instansi_id, form=form, on=day)
    module_total = sum(m.learning_hours for m in modules)
    if FORM_PATH.get(form) == Path.PENDIDIKAN:
        return 0, rule
    if rule is None or rule.unit == ConversionUnit.PROGRAM:
        base = module_total or (stated_hours or 0)
        if rule is not None:
            return rule.compute_jp(0, programme_jp=base, international=is_international), rule
        return base, None
    if not jp_quantity or jp_quantity < 1:
        raise CatalogError(
            _("Isi jumlah %(unit)s (bilangan bulat positif) untuk menghitung JP bentuk ini.")
            % {"unit": rule.get_unit_display()},
            field="jp_quantity",
        )
    return rule.compute_jp(jp_quantity, international=is_international), rule


def _search_text(program: Program) -> str:
    parts = [
        program.code,
        program.title,
        program.description,
        program.objectives,
        program.get_form_display(),
        program.get_path_display(),
        program.penyelenggara.name if program.penyelenggara_id else "",
    ]
    return " ".join(str(p) for p in parts if p)[:4000]


def _check_program(instansi_id: int | None, fields: dict[str, Any]) -> None:
    form = fields.get("form")
    if form not in FORM_PATH:
        raise CatalogError(_("Bentuk pengembangan tidak dikenal."), field="form")
    provider = fields.get("penyelenggara")
    if provider is not None and provider.instansi_id not in (None, instansi_id):
        raise CatalogError(_("Penyelenggara harus milik instansi ini atau direktori nasional."), field="penyelenggara")
    if form in LEADERSHIP_FORMS and (provider is None or not provider.is_lan_accredited):
        raise CatalogError(
            _("Pelatihan kepemimpinan hanya boleh diselenggarakan oleh penyelenggara terakreditasi LAN."),
            field="penyelenggara",
        )
    low, high = fields.get("min_rank_order"), fields.get("max_rank_order")
    if low and high and high < low:
        raise CatalogError(_("Golongan tertinggi tidak boleh di bawah golongan terendah."), field="max_rank_order")
    for person in fields.get("narasumber") or []:
        if person.instansi_id not in (None, instansi_id):
            raise CatalogError(_("Narasumber harus milik instansi ini atau direktori nasional."), field="narasumber")


def program_save(
    *,
    actor: Any,
    instansi_id: int | None,
    program: Program | None = None,
    modules: list[ModuleSpec] | None = None,
    competencies: list[CompetencySpec] | None = None,
    **fields: Any,
) -> Program:
    """Create or update a draft programme with its modules and target competencies."""
    if program is not None and program.status != ProgramStatus.DRAFT:
        raise CatalogError(
            _("Program yang sudah terbit atau diarsipkan tidak diubah langsung; buat versi baru."),
            code="catalog.program_not_draft",
        )
    modules = list(modules or [])
    for index, module in enumerate(modules, start=1):
        if not isinstance(module.learning_hours, int) or module.learning_hours < 1:
            raise CatalogError(_("JP modul ke-%(n)s harus bilangan bulat positif.") % {"n": index}, field="modules")
    _check_program(instansi_id, fields)
    narasumber = fields.pop("narasumber", None)
    jenis = fields.pop("eligible_jenis_jabatan", None)
    types = fields.pop("eligible_employment_types", None)
    stated = fields.pop("learning_hours", None)
    hours, rule = compute_learning_hours(
        instansi_id=instansi_id,
        form=fields["form"],
        modules=modules,
        stated_hours=stated,
        jp_quantity=fields.get("jp_quantity"),
        is_international=bool(fields.get("is_international")),
    )
    if FORM_PATH[fields["form"]] != Path.PENDIDIKAN and hours < 1:
        raise CatalogError(
            _("Total JP harus bilangan bulat positif: isi modul dengan JP-nya atau isi total JP."),
            field="learning_hours",
        )
    creating = program is None
    obj = program or Program(instansi_id=instansi_id, created_by_id=getattr(actor, "pk", None))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.path = FORM_PATH[obj.form]
    obj.learning_hours = hours
    obj.conversion_rule = rule
    if instansi_id is None:
        obj.visibility = Visibility.SHARED
    if jenis is not None:
        obj.eligible_jenis_jabatan = _join(jenis)
    if types is not None:
        obj.eligible_employment_types = _join(types)
    obj.search_text = _search_text(obj)
    try:
        with transaction.atomic():
            obj.save()
            if not creating:
                obj.modules.all().delete()
            ProgramModule.objects.bulk_create(
                ProgramModule(
                    instansi_id=obj.instansi_id,
                    program=obj,
                    order=i,
                    title=m.title,
                    description=m.description,
                    learning_hours=m.learning_hours,
                )
                for i, m in enumerate(modules, start=1)
            )
            if competencies is not None:
                obj.competencies.all().delete()
                ProgramCompetency.objects.bulk_create(
                    ProgramCompetency(
                        instansi_id=obj.instansi_id, program=obj, kompetensi=c.kompetensi, target_level=c.target_level
                    )
                    for c in competencies
                )
            if narasumber is not None:
                obj.narasumber.set(narasumber)
            audit_log(
                actor=actor,
                action="catalog.program." + ("create" if creating else "update"),
                instance=obj,
                data={"version": obj.version, "jp": obj.learning_hours},
            )
    except IntegrityError as exc:
        raise CatalogError(_("Kode program dengan versi ini sudah ada."), field="code") from exc
    return obj


def program_set_status(*, actor: Any, program: Program, action: str, system: bool = False) -> Program:
    """Publish or archive. Publishing a newer version archives the published one it replaces, so
    the catalog never shows two versions of one programme. `system=True`: a move without a signed-in admin
    (the demo seed, an import job acting for the admin who started it)."""
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        target = PROGRAM_MACHINE.check(locked.status, action, actor, system=system)
        if target == ProgramStatus.PUBLISHED:
            if locked.path != Path.PENDIDIKAN and locked.learning_hours < 1:
                raise CatalogError(_("Program tanpa JP tidak dapat diterbitkan."))
            if Program.objects.filter(previous_version=locked).exists():
                raise CatalogError(_("Sudah ada versi yang lebih baru; terbitkan versi terbaru."))
            older = locked.previous_version_id
            while older:
                Program.objects.filter(pk=older, status=ProgramStatus.PUBLISHED).update(
                    status=ProgramStatus.ARCHIVED, updated_at=timezone.now()
                )
                older = Program.objects.filter(pk=older).values_list("previous_version_id", flat=True).first()
        old_status = locked.status
        PROGRAM_MACHINE.move(locked, action=action, actor=actor, system=system)
        audit_log(
            actor=actor, action=f"catalog.program.{action}", instance=locked, data={"from": old_status, "to": target}
        )
    return locked


def program_new_version(*, actor: Any, program: Program, change_note: str) -> Program:
    """Copy a programme into a new draft version (modules, materials, narasumber, competencies),
    keeping why it changed. Only the latest version can be copied, so history stays a line."""
    note = (change_note or "").strip()
    if not note:
        raise CatalogError(_("Tuliskan catatan perubahan: apa yang berubah dan mengapa."), field="change_note")
    with transaction.atomic():
        source = Program.objects.select_for_update().get(pk=program.pk)
        if Program.objects.filter(previous_version=source).exists():
            raise CatalogError(_("Versi ini sudah memiliki versi lebih baru; salin versi terbaru."))
        copy = Program.objects.get(pk=source.pk)
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.version = source.version + 1
        copy.previous_version = source
        copy.change_note = note
        copy.status = ProgramStatus.DRAFT
        copy.created_by_id = getattr(actor, "pk", None)
        copy.save()
        ProgramModule.objects.bulk_create(
            ProgramModule(
                instansi_id=m.instansi_id,
                program=copy,
                order=m.order,
                title=m.title,
                description=m.description,
                learning_hours=m.learning_hours,
            )
            for m in source.modules.all()
        )
        ProgramMaterial.objects.bulk_create(
            ProgramMaterial(
                instansi_id=m.instansi_id,
                program=copy,
                order=m.order,
                title=m.title,
                kind=m.kind,
                file=m.file.name,
                url=m.url,
            )
            for m in source.materials.all()
        )
        ProgramCompetency.objects.bulk_create(
            ProgramCompetency(
                instansi_id=c.instansi_id, program=copy, kompetensi_id=c.kompetensi_id, target_level=c.target_level
            )
            for c in source.competencies.all()
        )
        copy.narasumber.set(source.narasumber.all())
        audit_log(
            actor=actor,
            action="catalog.program.new_version",
            instance=copy,
            data={"from_id": source.pk, "version": copy.version, "note": note[:500]},
        )
    return copy


def material_add(
    *, actor: Any, program: Program, title: str, kind: str, file: Any = None, url: str = ""
) -> ProgramMaterial:
    if kind == "file" and not file:
        raise CatalogError(_("Pilih berkas materi."), field="file")
    if kind == "link" and not url:
        raise CatalogError(_("Isi tautan materi."), field="url")
    with transaction.atomic():
        order = program.materials.count() + 1
        material = ProgramMaterial(
            instansi_id=program.instansi_id,
            program=program,
            order=order,
            title=title,
            kind=kind,
            url=url if kind == "link" else "",
        )
        if kind == "file":
            material.file = file
        material.save()
        audit_log(actor=actor, action="catalog.material.create", instance=program, data={"title": title})
    return material


def material_delete(*, actor: Any, program: Program, material_id: int) -> None:
    with transaction.atomic():
        deleted, _rows = ProgramMaterial.objects.filter(program=program, pk=material_id).delete()
        if deleted:
            audit_log(actor=actor, action="catalog.material.delete", instance=program, data={"id": material_id})
