"""Catalog writes. Rules:
- A programme's jalur follows from its bentuk (FORM_PATH; DB constraint program_form_matches_path).
- Total JP (`learning_hours`) is an integer, computed here, never typed freely when it can be
  derived: from the modules' JP when the bentuk counts "JP of the programme", else from the JP
  conversion rule in force × the quantity (days, sessions, visits, assignments, minutes ÷ 45);
  the rule version used is stored on the programme (rules 14, 16). Every training has ≥ 1 JP;
  pendidikan (tugas/izin belajar) may have 0 (domain.md §6).
- Leadership training (Latsar, PKP, PKA, PKN) needs a LAN-accredited penyelenggara (domain.md §8).
- Published programmes are not edited in place: a change makes a new version (copy with change note,
  `previous_version`), publishing it archives the one it replaces.
- National programmes and directory rows (instansi NULL) are kept by the superadmin; national
  programmes are always shared.
- Angkatan: end ≥ start, seats ≥ 1 and ≥ seats already taken, the registration window closes on or
  before the start day, sessions fall inside the batch dates; a classroom batch names its venue, an
  online one its link. Angkatan and their sessions belong to one instansi.
- Sessions are edited in place: an existing session keeps its id when its date, time or topic
  changes, so the attendance recorded for it (enrollments, cascading on the session) survives.
  Removing a session that has attendance records needs the admin's explicit confirmation, and the
  records deleted with it are counted in the audit event.
- Every write is audited; nothing is half-saved (one transaction per service).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.catalog import selectors
from apps.catalog.models import (
    FORM_PATH,
    LEADERSHIP_FORMS,
    Angkatan,
    AngkatanSession,
    AngkatanStatus,
    ConversionUnit,
    Modality,
    Narasumber,
    Path,
    Penyelenggara,
    Program,
    ProgramCompetency,
    ProgramMaterial,
    ProgramModule,
    ProgramStatus,
    Visibility,
)
from apps.catalog.session_records import session_record_counts
from apps.core.exceptions import DomainError
from apps.core.services import audit_log


class CatalogError(DomainError):
    default_code = "catalog.invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


@dataclass(frozen=True)
class ModuleSpec:
    title: str
    learning_hours: int
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class SessionSpec:
    """One session as the admin wants it. `id` names an existing session of the batch, which is
    then changed in place (its attendance stays); no `id` creates one. `row` is the number the
    admin sees on the form, so a refusal names the row they typed."""

    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    topic: str
    narasumber: Narasumber | None = None
    online_link: str = ""
    id: int | None = None
    row: int | None = None


SESSION_FIELDS = ("date", "start_time", "end_time", "topic", "narasumber", "online_link")


@dataclass(frozen=True)
class CompetencySpec:
    kompetensi: Any
    target_level: int


def _join(values: Any) -> str:
    items = [str(v) for v in (values or []) if str(v)]
    return f",{','.join(items)}," if items else ""


# --------------------------------------------------------------------------- penyelenggara / narasumber


def penyelenggara_save(
    *, actor: Any, instansi_id: int | None, penyelenggara: Penyelenggara | None = None, **fields: Any
) -> Penyelenggara:
    start, end = fields.get("mou_start"), fields.get("mou_end")
    if start and end and end < start:
        raise CatalogError(_("Tanggal akhir MoU tidak boleh sebelum tanggal mulainya."), field="mou_end")
    creating = penyelenggara is None
    obj = penyelenggara or Penyelenggara(instansi_id=instansi_id)
    for name, value in fields.items():
        setattr(obj, name, value)
    try:
        with transaction.atomic():
            obj.save()
            audit_log(actor=actor, action="catalog.penyelenggara." + ("create" if creating else "update"), instance=obj)
    except IntegrityError as exc:
        raise CatalogError(_("Penyelenggara dengan nama ini sudah ada."), field="name") from exc
    return obj


def narasumber_save(
    *, actor: Any, instansi_id: int | None, narasumber: Narasumber | None = None, **fields: Any
) -> Narasumber:
    creating = narasumber is None
    obj = narasumber or Narasumber(instansi_id=instansi_id)
    for name, value in fields.items():
        setattr(obj, name, value)
    with transaction.atomic():
        obj.save()
        audit_log(actor=actor, action="catalog.narasumber." + ("create" if creating else "update"), instance=obj)
    return obj


def narasumber_record_rating(*, narasumber_id: int, average: Any, count: int) -> None:
    """Called by the evaluations app with the L1 trainer score; catalog never reads evaluations."""
    Narasumber.objects.filter(pk=narasumber_id).update(rating_avg=average, rating_count=count)


# --------------------------------------------------------------------------- programs


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
            raise CatalogError(
                _("JP modul ke-%(n)s harus bilangan bulat positif.") % {"n": index}, field="modules_text"
            )
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


PROGRAM_TRANSITIONS: dict[tuple[str, str], str] = {
    (ProgramStatus.DRAFT, "publish"): ProgramStatus.PUBLISHED,
    (ProgramStatus.DRAFT, "archive"): ProgramStatus.ARCHIVED,
    (ProgramStatus.PUBLISHED, "archive"): ProgramStatus.ARCHIVED,
    (ProgramStatus.ARCHIVED, "publish"): ProgramStatus.PUBLISHED,
}


def program_set_status(*, actor: Any, program: Program, action: str) -> Program:
    """Publish or archive. Publishing a newer version archives the published one it replaces, so
    the catalog never shows two versions of one programme."""
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        target = PROGRAM_TRANSITIONS.get((locked.status, action))
        if target is None:
            raise CatalogError(_("Aksi tidak diizinkan untuk status program ini."), code="catalog.invalid_transition")
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
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
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


# --------------------------------------------------------------------------- angkatan


def _check_angkatan(instansi_id: int, fields: dict[str, Any], sessions: list[SessionSpec], taken: int) -> None:
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise CatalogError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="end_date")
    seats = fields.get("seats_total")
    if seats is None or seats < 1:
        raise CatalogError(_("Kuota peserta minimal 1 orang."), field="seats_total")
    if seats < taken:
        raise CatalogError(
            _("Kuota tidak boleh lebih kecil dari kursi yang sudah terisi (%(n)s).") % {"n": taken}, field="seats_total"
        )
    opens, closes = fields.get("registration_opens"), fields.get("registration_closes")
    if closes and start and closes > start:
        raise CatalogError(
            _("Pendaftaran harus ditutup paling lambat pada tanggal mulai angkatan."), field="registration_closes"
        )
    if opens and closes and closes < opens:
        raise CatalogError(_("Pendaftaran ditutup sebelum dibuka."), field="registration_closes")
    modality = fields.get("modality")
    if modality in (Modality.TATAP_MUKA, Modality.BLENDED) and not (fields.get("venue") or "").strip():
        raise CatalogError(_("Kelas tatap muka atau blended wajib mencantumkan tempat."), field="venue")
    if modality == Modality.DARING_SINKRON and not (fields.get("online_link") or "").strip():
        raise CatalogError(_("Kelas daring sinkron wajib mencantumkan tautan daring."), field="online_link")
    program = fields.get("program")
    if program is not None and not (
        program.instansi_id == instansi_id
        or (program.visibility == Visibility.SHARED and program.status == ProgramStatus.PUBLISHED)
    ):
        raise CatalogError(_("Program tidak tersedia untuk instansi ini."), field="program")
    if program is not None and program.status == ProgramStatus.ARCHIVED:
        raise CatalogError(_("Program sudah diarsipkan; pilih versi yang berlaku."), field="program")
    for index, session in enumerate(sessions, start=1):
        row = session.row or index
        if start and end and not (start <= session.date <= end):
            raise CatalogError(_("Sesi ke-%(n)s berada di luar tanggal angkatan.") % {"n": row}, field="sessions")
        if session.end_time <= session.start_time:
            raise CatalogError(_("Jam selesai sesi ke-%(n)s harus setelah jam mulai.") % {"n": row}, field="sessions")
        if session.narasumber is not None and session.narasumber.instansi_id not in (None, instansi_id):
            raise CatalogError(_("Narasumber sesi ke-%(n)s tidak dikenal.") % {"n": row}, field="sessions")


class SessionRemovalNotConfirmed(CatalogError):
    """Removing these sessions would delete attendance; the admin has to say so explicitly."""

    default_code = "catalog.session_removal_not_confirmed"

    def __init__(self, message: str, *, counts: dict[int, int]) -> None:
        super().__init__(message, field="confirm_session_removal")
        self.counts = counts


def _plan_sessions(
    *, existing: list[AngkatanSession], sessions: list[SessionSpec], remove_ids: set[int]
) -> tuple[list[SessionSpec], list[AngkatanSession], dict[int, int]]:
    """(the batch's sessions after the save, rows to remove, id → row number on the form).

    Existing sessions are numbered in their stored order, which is the order the form lists them in;
    a session neither sent nor removed stays as it is and is checked again against the new dates."""
    by_id = {s.pk: s for s in existing}
    rows = {s.pk: n for n, s in enumerate(existing, start=1)}
    sent: set[int] = set()
    for index, spec in enumerate(sessions, start=1):
        if spec.id is None:
            continue
        if spec.id not in by_id:
            raise CatalogError(
                _("Sesi ke-%(n)s bukan milik angkatan ini; muat ulang halaman lalu coba lagi.")
                % {"n": spec.row or index},
                field="sessions",
            )
        if spec.id in sent:
            raise CatalogError(_("Sesi ke-%(n)s terkirim dua kali.") % {"n": spec.row or index}, field="sessions")
        sent.add(spec.id)
    unknown = remove_ids - set(by_id)
    if unknown:
        raise CatalogError(
            _("Sesi yang akan dihapus bukan milik angkatan ini; muat ulang halaman lalu coba lagi."), field="sessions"
        )
    kept = [
        SessionSpec(
            id=s.pk,
            row=rows[s.pk],
            date=s.date,
            start_time=s.start_time,
            end_time=s.end_time,
            topic=s.topic,
            narasumber=s.narasumber,
            online_link=s.online_link,
        )
        for s in existing
        if s.pk not in sent and s.pk not in remove_ids
    ]
    final = [spec for spec in sessions if spec.id not in remove_ids] + kept
    removed = [s for s in existing if s.pk in remove_ids]
    return final, removed, rows


def _removal_message(removed: list[AngkatanSession], rows: dict[int, int], counts: dict[int, int]) -> str:
    return " ".join(
        _("Sesi ke-%(n)s (%(date)s) memiliki %(count)s catatan kehadiran. Centang konfirmasi untuk menghapusnya.")
        % {"n": rows[s.pk], "date": date_format(s.date, "j M"), "count": counts[s.pk]}
        for s in removed
        if counts.get(s.pk)
    )


def _write_sessions(
    *, actor: Any, angkatan: Angkatan, final: list[SessionSpec], removed: list[AngkatanSession], counts: dict[int, int]
) -> dict[str, int]:
    """Remove, change in place, then create, in that order (a freed slot can be reused at once)."""
    for session in removed:
        if counts.get(session.pk):
            audit_log(
                actor=actor,
                action="catalog.session.delete_with_attendance",
                instance=angkatan,
                data={
                    "session_id": session.pk,
                    "date": session.date.isoformat(),
                    "topic": session.topic,
                    "attendance_deleted": counts[session.pk],
                },
            )
    if removed:
        AngkatanSession.objects.filter(angkatan=angkatan, pk__in=[s.pk for s in removed]).delete()
    current = {s.pk: s for s in AngkatanSession.objects.filter(angkatan=angkatan, pk__in=[f.id for f in final if f.id])}
    changed: list[AngkatanSession] = []
    for spec in final:
        row = current.get(spec.id) if spec.id else None
        if row is None:
            continue
        values = {name: getattr(spec, name) for name in SESSION_FIELDS}
        if any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    if changed:
        AngkatanSession.objects.bulk_update(changed, list(SESSION_FIELDS), batch_size=1000)
    created = AngkatanSession.objects.bulk_create(
        (
            AngkatanSession(
                instansi_id=angkatan.instansi_id,
                angkatan=angkatan,
                **{name: getattr(spec, name) for name in SESSION_FIELDS},
            )
            for spec in final
            if spec.id is None
        ),
        batch_size=1000,
    )
    return {"sessions_created": len(created), "sessions_changed": len(changed), "sessions_removed": len(removed)}


def angkatan_save(
    *,
    actor: Any,
    instansi_id: int,
    angkatan: Angkatan | None = None,
    sessions: list[SessionSpec] | None = None,
    remove_session_ids: Iterable[int] = (),
    confirm_session_removal: bool = False,
    **fields: Any,
) -> Angkatan:
    """Create or update a batch and its sessions. `sessions` are changed in place (with `id`) or
    created (without); `remove_session_ids` are deleted, and when they carry attendance only with
    `confirm_session_removal` (else SessionRemovalNotConfirmed, with the counts). Sessions not
    named stay. `seats_taken` is never set here: only the enrollments services move it, under a row lock."""
    if instansi_id is None:
        raise CatalogError(_("Pilih instansi terlebih dahulu."))
    fields.pop("seats_taken", None)
    remove_ids = set(remove_session_ids)
    creating = angkatan is None
    obj = angkatan or Angkatan(instansi_id=instansi_id, created_by_id=getattr(actor, "pk", None))
    try:
        with transaction.atomic():
            existing: list[AngkatanSession] = []
            if not creating:
                # Lock the batch, then its sessions: two admins saving at once see each other's rows,
                # and the seat counter written back is the one enrollments last set.
                obj.seats_taken = (
                    Angkatan.objects.select_for_update().values_list("seats_taken", flat=True).get(pk=obj.pk)
                )
                existing = list(
                    AngkatanSession.objects.select_for_update(of=("self",))
                    .select_related("narasumber")
                    .filter(angkatan=obj)
                    .order_by("date", "start_time", "id")
                )
            final, removed, rows = _plan_sessions(
                existing=existing, sessions=list(sessions or []), remove_ids=remove_ids
            )
            _check_angkatan(instansi_id, fields, final, obj.seats_taken if not creating else 0)
            counts = session_record_counts(s.pk for s in removed)
            if counts and not confirm_session_removal:
                raise SessionRemovalNotConfirmed(_removal_message(removed, rows, counts), counts=counts)
            for name, value in fields.items():
                setattr(obj, name, value)
            obj.region = (obj.region or "").strip()
            obj.save()
            summary = _write_sessions(actor=actor, angkatan=obj, final=final, removed=removed, counts=counts)
            summary["attendance_deleted"] = sum(counts.values())
            audit_log(
                actor=actor,
                action="catalog.angkatan." + ("create" if creating else "update"),
                instance=obj,
                data=summary,
            )
    except IntegrityError as exc:
        raise CatalogError(_("Kode angkatan sudah dipakai di instansi ini."), field="code") from exc
    return obj


ANGKATAN_TRANSITIONS: dict[tuple[str, str], str] = {
    (AngkatanStatus.PLANNED, "open"): AngkatanStatus.OPEN,
    (AngkatanStatus.PLANNED, "cancel"): AngkatanStatus.CANCELLED,
    (AngkatanStatus.OPEN, "close"): AngkatanStatus.FULL,
    (AngkatanStatus.OPEN, "start"): AngkatanStatus.RUNNING,
    (AngkatanStatus.OPEN, "cancel"): AngkatanStatus.CANCELLED,
    (AngkatanStatus.FULL, "open"): AngkatanStatus.OPEN,
    (AngkatanStatus.FULL, "start"): AngkatanStatus.RUNNING,
    (AngkatanStatus.FULL, "cancel"): AngkatanStatus.CANCELLED,
    (AngkatanStatus.RUNNING, "finish"): AngkatanStatus.FINISHED,
}


def angkatan_set_status(*, actor: Any, angkatan: Angkatan, action: str) -> Angkatan:
    with transaction.atomic():
        locked = Angkatan.objects.select_for_update().get(pk=angkatan.pk)
        target = ANGKATAN_TRANSITIONS.get((locked.status, action))
        if target is None:
            raise CatalogError(_("Aksi tidak diizinkan untuk status angkatan ini."), code="catalog.invalid_transition")
        if target == AngkatanStatus.OPEN and locked.program.status != ProgramStatus.PUBLISHED:
            raise CatalogError(_("Terbitkan programnya dulu sebelum membuka pendaftaran."))
        old_status = locked.status
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor, action=f"catalog.angkatan.{action}", instance=locked, data={"from": old_status, "to": target}
        )
    return locked
