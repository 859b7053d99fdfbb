"""XLSX/CSV import of programmes and angkatan through the core importer registry. The columns are
the same as the exports (exports.py), so an exported file can be edited and imported back into
another instansi. Every row is validated first (same checks as the services); nothing is saved
unless every row is valid, then each row goes through the service inside the import transaction."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.catalog import selectors, services
from apps.catalog.forms import parse_modules
from apps.catalog.models import (
    FORM_PATH,
    Angkatan,
    Form,
    FundingSource,
    Modality,
    Path,
    Program,
    ProgramStatus,
    Visibility,
)
from apps.core.imports import Column, Row, RowError, formula_errors, parse_date
from apps.core.roles import ADMINS

YES = {"ya", "y", "yes", "true", "1"}
NO = {"tidak", "t", "no", "false", "0", ""}


def _choice(value: str, choices: Any) -> str | None:
    text = value.strip().lower()
    for code, label in choices:
        if text in (str(code).lower(), str(label).lower()):
            return code
    return None


def _int(text: str) -> int | None:
    text = text.replace(".", "").replace(" ", "") if text else ""
    return int(text) if text.isdigit() else None


class ProgramImporter:
    kind = "katalog_program"
    label = gettext_lazy("Program katalog")
    permission_roles = frozenset(ADMINS)
    columns = (
        Column("kode", gettext_lazy("Kode program"), example="TEK-PP-01"),
        Column("judul", gettext_lazy("Judul"), example="Pelayanan Prima di Puskesmas"),
        Column("bentuk", gettext_lazy("Bentuk"), help=", ".join(Form.values), example="teknis"),
        Column("moda", gettext_lazy("Moda"), help=", ".join(Modality.values), example="tatap_muka"),
        Column("visibilitas", gettext_lazy("Visibilitas"), required=False, help="private / shared", example="private"),
        Column("penyelenggara", gettext_lazy("Penyelenggara"), required=False, example="BPSDM Provinsi"),
        Column("deskripsi", gettext_lazy("Deskripsi"), required=False, example=""),
        Column("tujuan", gettext_lazy("Tujuan pembelajaran"), required=False, example=""),
        Column(
            "modul",
            gettext_lazy("Modul"),
            required=False,
            help=gettext_lazy("'Judul | JP' dipisah titik koma"),
            example="Etika pelayanan | 4; Standar pelayanan | 6",
        ),
        Column("total_jp", gettext_lazy("Total JP"), required=False, help=gettext_lazy("bila tanpa modul")),
        Column("jumlah_satuan", gettext_lazy("Jumlah satuan konversi"), required=False, example=""),
        Column("status", gettext_lazy("Status"), required=False, help="draft / published", example="draft"),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):
        header = {c.key: str(c.header) for c in self.columns}
        providers = {p.name.lower(): p for p in selectors.penyelenggara_for_instansi(instansi_id)}
        existing = set(Program.objects.filter(instansi_id=instansi_id).values_list("code", flat=True))
        seen: dict[str, int] = {}
        errors: list[RowError] = []
        prepared: list[dict[str, Any]] = []
        for row in rows:
            row_errors = formula_errors(row, self.columns)

            def err(key: str, message: str, row=row, row_errors=row_errors) -> None:
                row_errors.append(RowError(row.number, header[key], message))

            code, title = row.text("kode"), row.text("judul")
            if not code or len(code) > 40:
                err("kode", _("Kode wajib diisi, maksimal 40 karakter."))
            elif code in existing:
                err("kode", _("Kode program sudah ada di instansi ini."))
            elif code in seen:
                err("kode", _("Kode ganda di berkas (sama dengan baris %(r)s).") % {"r": seen[code]})
            seen.setdefault(code, row.number)
            if not title or len(title) > 250:
                err("judul", _("Judul wajib diisi, maksimal 250 karakter."))
            form = _choice(row.text("bentuk"), Form.choices)
            if form is None:
                err("bentuk", _("Bentuk tidak dikenal."))
            modality = _choice(row.text("moda"), Modality.choices)
            if modality is None:
                err("moda", _("Moda tidak dikenal."))
            visibility = _choice(row.text("visibilitas") or "private", Visibility.choices)
            if visibility is None:
                err("visibilitas", _("Isi private atau shared."))
            provider = None
            if row.text("penyelenggara"):
                provider = providers.get(row.text("penyelenggara").lower())
                if provider is None:
                    err("penyelenggara", _("Penyelenggara tidak dikenal."))
            try:
                modules = parse_modules(row.text("modul").replace(";", "\n"))
            except forms.ValidationError as exc:
                modules = []
                err("modul", " ".join(exc.messages))
            total_text, qty_text = row.text("total_jp"), row.text("jumlah_satuan")
            stated, qty = _int(total_text), _int(qty_text)
            if total_text and (stated is None or stated < 1):
                err("total_jp", _("JP harus bilangan bulat positif."))
            if qty_text and (qty is None or qty < 1):
                err("jumlah_satuan", _("Jumlah satuan harus bilangan bulat positif."))
            status = _choice(row.text("status") or "draft", ProgramStatus.choices)
            if status not in (ProgramStatus.DRAFT, ProgramStatus.PUBLISHED):
                err("status", _("Isi draft atau published."))
            fields = {
                "code": code,
                "title": title,
                "form": form,
                "modality": modality,
                "visibility": visibility,
                "penyelenggara": provider,
                "description": row.text("deskripsi"),
                "objectives": row.text("tujuan"),
                "learning_hours": stated,
                "jp_quantity": qty,
            }
            if form is not None and not row_errors:
                try:
                    services._check_program(instansi_id, fields)
                    hours, _rule = services.compute_learning_hours(
                        instansi_id=instansi_id,
                        form=form,
                        modules=modules,
                        stated_hours=stated,
                        jp_quantity=qty,
                        is_international=False,
                    )
                    if FORM_PATH[form] != Path.PENDIDIKAN and hours < 1:
                        err("total_jp", _("Total JP harus bilangan bulat positif: isi modul atau total JP."))
                except services.CatalogError as exc:
                    key = {"penyelenggara": "penyelenggara", "jp_quantity": "jumlah_satuan"}.get(
                        exc.field or "", "bentuk"
                    )
                    err(key, exc.message)
            errors.extend(row_errors)
            prepared.append({"fields": fields, "modules": modules, "status": status})
        progress(len(rows))
        return errors, prepared

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: list[dict[str, Any]]) -> int:
        actor = SimpleNamespace(pk=actor_id)
        for item in prepared:
            program = services.program_save(
                actor=actor, instansi_id=instansi_id, modules=item["modules"], **item["fields"]
            )
            if item["status"] == ProgramStatus.PUBLISHED:
                # on behalf of the admin who started the import (checked then): the job has only their id
                services.program_set_status(actor=actor, program=program, action="publish", system=True)
        return len(prepared)


class AngkatanImporter:
    kind = "katalog_angkatan"
    label = gettext_lazy("Angkatan pelatihan")
    permission_roles = frozenset(ADMINS)
    columns = (
        Column("kode", gettext_lazy("Kode angkatan"), example="TEK-PP-01-2026-1"),
        Column("kode_program", gettext_lazy("Kode program"), example="TEK-PP-01"),
        Column("nama", gettext_lazy("Nama angkatan"), example="Pelayanan Prima Angkatan I"),
        Column("mulai", gettext_lazy("Tanggal mulai"), help="YYYY-MM-DD", example="2026-03-02"),
        Column("selesai", gettext_lazy("Tanggal selesai"), help="YYYY-MM-DD", example="2026-03-05"),
        Column("buka_pendaftaran", gettext_lazy("Pendaftaran dibuka"), required=False, example="2026-02-01"),
        Column("tutup_pendaftaran", gettext_lazy("Pendaftaran ditutup"), required=False, example="2026-02-25"),
        Column("moda", gettext_lazy("Moda"), help=", ".join(Modality.values), example="tatap_muka"),
        Column("tempat", gettext_lazy("Tempat"), required=False, example="Aula BKPSDM"),
        Column("alamat", gettext_lazy("Alamat tempat"), required=False, example=""),
        Column("wilayah", gettext_lazy("Wilayah"), required=False, example="Kadia"),
        Column("tautan", gettext_lazy("Tautan daring"), required=False, example=""),
        Column("kuota", gettext_lazy("Kuota"), example="30"),
        Column("daftar_tunggu", gettext_lazy("Kuota daftar tunggu"), required=False, example="5"),
        Column("biaya", gettext_lazy("Biaya per peserta (Rp)"), required=False, example="1500000"),
        Column("sumber_dana", gettext_lazy("Sumber dana"), required=False, help=", ".join(FundingSource.values)),
        Column("persetujuan_atasan", gettext_lazy("Perlu persetujuan atasan"), required=False, help="ya / tidak"),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):
        header = {c.key: str(c.header) for c in self.columns}
        programs: dict[str, Program] = {}
        candidates = Program.objects.filter(
            Q(instansi_id=instansi_id) | Q(visibility=Visibility.SHARED, status=ProgramStatus.PUBLISHED)
        ).exclude(status=ProgramStatus.ARCHIVED)
        for program in candidates.order_by("code", "version"):
            programs[program.code] = program  # the latest version wins
        existing = set(Angkatan.objects.filter(instansi_id=instansi_id).values_list("code", flat=True))
        seen: dict[str, int] = {}
        errors: list[RowError] = []
        prepared: list[dict[str, Any]] = []
        for row in rows:
            row_errors = formula_errors(row, self.columns)

            def err(key: str, message: str, row=row, row_errors=row_errors) -> None:
                row_errors.append(RowError(row.number, header[key], message))

            code = row.text("kode")
            if not code or len(code) > 40:
                err("kode", _("Kode wajib diisi, maksimal 40 karakter."))
            elif code in existing:
                err("kode", _("Kode angkatan sudah dipakai di instansi ini."))
            elif code in seen:
                err("kode", _("Kode ganda di berkas (sama dengan baris %(r)s).") % {"r": seen[code]})
            seen.setdefault(code, row.number)
            program = programs.get(row.text("kode_program"))
            if program is None:
                err("kode_program", _("Program tidak dikenal atau tidak tersedia untuk instansi ini."))
            name = row.text("nama")
            if not name or len(name) > 200:
                err("nama", _("Nama wajib diisi, maksimal 200 karakter."))
            dates = {}
            for key in ("mulai", "selesai", "buka_pendaftaran", "tutup_pendaftaran"):
                text = row.text(key)
                dates[key] = parse_date(row.values.get(key)) if text else None
                if text and dates[key] is None:
                    err(key, _("Tanggal tidak sah (YYYY-MM-DD atau DD/MM/YYYY)."))
                elif key in ("mulai", "selesai") and not text:
                    err(key, _("Tanggal wajib diisi."))
            modality = _choice(row.text("moda"), Modality.choices)
            if modality is None:
                err("moda", _("Moda tidak dikenal."))
            seats = _int(row.text("kuota"))
            if seats is None or seats < 1:
                err("kuota", _("Kuota peserta minimal 1 orang."))
            waitlist = _int(row.text("daftar_tunggu") or "0")
            if waitlist is None:
                err("daftar_tunggu", _("Isi bilangan bulat ≥ 0."))
            cost = _int(row.text("biaya") or "0")
            if cost is None:
                err("biaya", _("Biaya harus bilangan bulat Rupiah ≥ 0."))
            funding = _choice(row.text("sumber_dana") or "apbd", FundingSource.choices)
            if funding is None:
                err("sumber_dana", _("Sumber dana tidak dikenal."))
            approval_text = row.text("persetujuan_atasan").lower() or "ya"
            if approval_text not in YES | NO:
                err("persetujuan_atasan", _("Isi ya atau tidak."))
            link = row.text("tautan")
            if link and not link.startswith(("https://", "http://")):
                err("tautan", _("Tautan harus diawali https://."))
            fields = {
                "program": program,
                "code": code,
                "name": name,
                "start_date": dates.get("mulai"),
                "end_date": dates.get("selesai"),
                "registration_opens": dates.get("buka_pendaftaran"),
                "registration_closes": dates.get("tutup_pendaftaran"),
                "modality": modality,
                "venue": row.text("tempat")[:200],
                "venue_address": row.text("alamat")[:250],
                "region": row.text("wilayah")[:100],
                "online_link": link,
                "seats_total": seats,
                "waitlist_size": waitlist or 0,
                "cost_idr": cost or 0,
                "funding_source": funding,
                "requires_atasan_approval": approval_text in YES,
            }
            if not row_errors:
                try:
                    services._check_angkatan(instansi_id, fields, [], 0)
                except services.CatalogError as exc:
                    key = {
                        "end_date": "selesai",
                        "seats_total": "kuota",
                        "registration_closes": "tutup_pendaftaran",
                        "venue": "tempat",
                        "online_link": "tautan",
                        "program": "kode_program",
                    }.get(exc.field or "", "kode")
                    err(key, exc.message)
            errors.extend(row_errors)
            prepared.append(fields)
        progress(len(rows))
        return errors, prepared

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: list[dict[str, Any]]) -> int:
        actor = SimpleNamespace(pk=actor_id)
        for fields in prepared:
            services.angkatan_save(actor=actor, instansi_id=instansi_id, **fields)
        return len(prepared)
