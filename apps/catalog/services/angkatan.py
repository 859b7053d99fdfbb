"""Angkatan (batches) and their sessions, edited in place so recorded attendance survives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.catalog.errors import CatalogError, SessionRemovalNotConfirmed
from apps.catalog.models import Angkatan, AngkatanSession, AngkatanStatus, Modality, ProgramStatus, Visibility
from apps.catalog.services.specs import SESSION_FIELDS, SessionSpec
from apps.catalog.session_records import session_record_counts
from apps.catalog.workflow import ANGKATAN_MACHINE
from apps.core.services import audit_log


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


def angkatan_set_status(*, actor: Any, angkatan: Angkatan, action: str) -> Angkatan:
    with transaction.atomic():
        locked = Angkatan.objects.select_for_update().get(pk=angkatan.pk)
        target = ANGKATAN_MACHINE.check(locked.status, action, actor)
        if target == AngkatanStatus.OPEN and locked.program.status != ProgramStatus.PUBLISHED:
            raise CatalogError(_("Terbitkan programnya dulu sebelum membuka pendaftaran."))
        old_status = locked.status
        ANGKATAN_MACHINE.move(locked, action=action, actor=actor)
        audit_log(
            actor=actor, action=f"catalog.angkatan.{action}", instance=locked, data={"from": old_status, "to": target}
        )
    return locked
