"""Catalog forms. Curriculum modules, sessions and target competencies are typed one per line
(like uraian tugas in organizations), which works on a phone and without JavaScript; the parsers
below turn them into service specs with an Indonesian error naming the line."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import (
    Angkatan,
    MaterialKind,
    Narasumber,
    Penyelenggara,
    Program,
)
from apps.catalog.services import CompetencySpec, ModuleSpec, SessionSpec
from apps.employees.models import EmploymentType
from apps.organizations.models import JenisJabatan

DATE = {"type": "date"}


class PenyelenggaraForm(forms.ModelForm):
    website = forms.URLField(label=_("situs web"), required=False, assume_scheme="https")

    class Meta:
        model = Penyelenggara
        fields = [
            "name",
            "kind",
            "is_lan_accredited",
            "contact_name",
            "contact_email",
            "contact_phone",
            "address",
            "website",
            "mou_number",
            "mou_start",
            "mou_end",
            "is_active",
        ]
        widgets = {
            "mou_start": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "mou_end": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("mou_start"), data.get("mou_end")
        if start and end and end < start:
            self.add_error("mou_end", _("Tanggal akhir MoU tidak boleh sebelum tanggal mulainya."))
        return data


class NarasumberForm(forms.ModelForm):
    class Meta:
        model = Narasumber
        fields = ["name", "expertise", "institution", "is_widyaiswara", "email", "phone", "is_active"]


LINE_SPLIT = re.compile(r"\s*\|\s*")


def parse_modules(text: str) -> list[ModuleSpec]:
    """'Judul modul | JP | uraian (opsional)' per line."""
    modules: list[ModuleSpec] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = LINE_SPLIT.split(line.strip())
        if len(parts) < 2 or not parts[0]:
            raise forms.ValidationError(
                _("Baris %(n)s: tulis 'Judul modul | JP', mis. 'Etika pelayanan | 4'.") % {"n": number}
            )
        if not re.fullmatch(r"\d+", parts[1]) or int(parts[1]) < 1:
            raise forms.ValidationError(_("Baris %(n)s: JP harus bilangan bulat positif.") % {"n": number})
        modules.append(
            ModuleSpec(title=parts[0][:250], learning_hours=int(parts[1]), description=" | ".join(parts[2:]))
        )
    return modules


def parse_competencies(text: str, kompetensi_qs: Any) -> list[CompetencySpec]:
    """'KODE | level' per line, e.g. 'M.05 | 3'."""
    wanted: list[tuple[int, str, str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = LINE_SPLIT.split(line.strip())
        if len(parts) != 2 or not re.fullmatch(r"[1-5]", parts[1]):
            raise forms.ValidationError(
                _("Baris %(n)s: tulis 'kode kompetensi | level 1–5', mis. 'M.05 | 3'.") % {"n": number}
            )
        wanted.append((number, parts[0], parts[1]))
    by_code = {k.code.upper(): k for k in kompetensi_qs.filter(code__in=[w[1] for w in wanted])}
    by_code.update({k.code.upper(): k for k in kompetensi_qs.filter(code__in=[w[1].upper() for w in wanted])})
    specs: list[CompetencySpec] = []
    seen: set[int] = set()
    for number, code, level in wanted:
        kompetensi = by_code.get(code.upper())
        if kompetensi is None:
            raise forms.ValidationError(_("Baris %(n)s: kompetensi '%(c)s' tidak dikenal.") % {"n": number, "c": code})
        if kompetensi.pk in seen:
            raise forms.ValidationError(_("Baris %(n)s: kompetensi ditulis dua kali.") % {"n": number})
        seen.add(kompetensi.pk)
        specs.append(CompetencySpec(kompetensi=kompetensi, target_level=int(level)))
    return specs


TIME_RANGE = re.compile(r"^(\d{1,2})[.:](\d{2})\s*[-–]\s*(\d{1,2})[.:](\d{2})$")


def parse_sessions(text: str, narasumber_qs: Any) -> list[SessionSpec]:
    """'YYYY-MM-DD | 08:00-12:00 | Topik | Nama narasumber (opsional) | tautan (opsional)' per line."""
    sessions: list[SessionSpec] = []
    people = {n.name.strip().lower(): n for n in narasumber_qs}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = LINE_SPLIT.split(line.strip())
        if len(parts) < 3:
            raise forms.ValidationError(_("Baris %(n)s: tulis 'YYYY-MM-DD | 08:00-12:00 | Topik'.") % {"n": number})
        try:
            day = datetime.date.fromisoformat(parts[0])
        except ValueError as exc:
            raise forms.ValidationError(_("Baris %(n)s: tanggal tidak sah (YYYY-MM-DD).") % {"n": number}) from exc
        match = TIME_RANGE.match(parts[1])
        try:
            start = datetime.time(int(match.group(1)), int(match.group(2))) if match else None
            end = datetime.time(int(match.group(3)), int(match.group(4))) if match else None
        except ValueError:
            start = end = None
        if start is None or end is None:
            raise forms.ValidationError(_("Baris %(n)s: jam tidak sah, mis. 08:00-12:00.") % {"n": number})
        if end <= start:
            raise forms.ValidationError(_("Baris %(n)s: jam selesai harus setelah jam mulai.") % {"n": number})
        person = None
        if len(parts) > 3 and parts[3]:
            person = people.get(parts[3].strip().lower())
            if person is None:
                raise forms.ValidationError(
                    _("Baris %(n)s: narasumber '%(p)s' tidak ditemukan.") % {"n": number, "p": parts[3]}
                )
        link = parts[4] if len(parts) > 4 else ""
        if link and not link.startswith(("https://", "http://")):
            raise forms.ValidationError(_("Baris %(n)s: tautan harus diawali https://.") % {"n": number})
        sessions.append(
            SessionSpec(
                date=day, start_time=start, end_time=end, topic=parts[2][:250], narasumber=person, online_link=link
            )
        )
    return sessions


class ProgramForm(forms.ModelForm):
    modules_text = forms.CharField(
        label=_("Modul kurikulum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Satu modul per baris: 'Judul modul | JP'. Total JP dihitung dari modul."),
    )
    competencies_text = forms.CharField(
        label=_("Kompetensi sasaran"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris: 'kode kompetensi | level sasaran 1–5', mis. 'M.05 | 3'."),
    )
    eligible_jenis_jabatan = forms.MultipleChoiceField(
        label=_("Jenis jabatan sasaran"),
        choices=JenisJabatan.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila terbuka untuk semua."),
    )
    eligible_employment_types = forms.MultipleChoiceField(
        label=_("Jenis kepegawaian sasaran"),
        choices=EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila terbuka untuk semua."),
    )
    learning_hours = forms.IntegerField(
        label=_("Total JP (bila tanpa modul)"),
        required=False,
        help_text=_("Untuk bentuk yang JP-nya dinyatakan program (mis. e-learning) dan tidak berisi modul."),
    )

    class Meta:
        model = Program
        fields = [
            "code",
            "title",
            "form",
            "modality",
            "visibility",
            "penyelenggara",
            "description",
            "objectives",
            "modules_text",
            "learning_hours",
            "jp_quantity",
            "is_international",
            "competencies_text",
            "narasumber",
            "eligible_jenis_jabatan",
            "eligible_employment_types",
            "min_rank_order",
            "max_rank_order",
            "prerequisites",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "narasumber": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, penyelenggara=None, narasumber=None, kompetensi=None, national=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kompetensi_qs = kompetensi
        self.fields["penyelenggara"].queryset = penyelenggara.order_by("name")
        self.fields["narasumber"].queryset = narasumber.order_by("name")
        self.fields["narasumber"].required = False
        for name in ("min_rank_order", "max_rank_order"):
            self.fields[name].widget.attrs.update({"min": 1, "max": 17})
        self.fields["learning_hours"].widget.attrs.update({"min": 1})
        self.fields["jp_quantity"].widget.attrs.update({"min": 1})
        if national:
            self.fields.pop("visibility")
        program = self.instance
        if program.pk and not self.is_bound:
            self.initial["modules_text"] = "\n".join(f"{m.title} | {m.learning_hours}" for m in program.modules.all())
            self.initial["competencies_text"] = "\n".join(
                f"{c.kompetensi.code} | {c.target_level}" for c in program.competencies.all()
            )
            self.initial["eligible_jenis_jabatan"] = program.jenis_list
            self.initial["eligible_employment_types"] = program.employment_type_list
            self.initial["learning_hours"] = program.learning_hours if not program.modules.all() else None

    def clean_modules_text(self):
        self.modules = parse_modules(self.cleaned_data.get("modules_text", ""))
        return self.cleaned_data.get("modules_text", "")

    def clean_competencies_text(self):
        self.competencies = parse_competencies(self.cleaned_data.get("competencies_text", ""), self.kompetensi_qs)
        return self.cleaned_data.get("competencies_text", "")

    def clean_learning_hours(self):
        value = self.cleaned_data.get("learning_hours")
        if value is not None and value < 1:
            raise forms.ValidationError(_("JP harus bilangan bulat positif."))
        return value

    def clean_jp_quantity(self):
        value = self.cleaned_data.get("jp_quantity")
        if value is not None and value < 1:
            raise forms.ValidationError(_("Jumlah satuan harus bilangan bulat positif."))
        return value

    def clean(self):
        data = super().clean()
        low, high = data.get("min_rank_order"), data.get("max_rank_order")
        for name, value in (("min_rank_order", low), ("max_rank_order", high)):
            if value is not None and not 1 <= value <= 17:
                self.add_error(name, _("Urutan golongan harus 1–17."))
        if low and high and high < low:
            self.add_error("max_rank_order", _("Golongan tertinggi tidak boleh di bawah golongan terendah."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in ("modules_text", "competencies_text"):
            data.pop(key, None)
        data["narasumber"] = list(data.get("narasumber") or [])
        return data


class NewVersionForm(forms.Form):
    change_note = forms.CharField(
        label=_("Catatan perubahan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang berubah dan mengapa (mis. hasil evaluasi: sesi baru, narasumber baru)."),
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Judul materi"), max_length=250)
    kind = forms.ChoiceField(label=_("Jenis"), choices=MaterialKind.choices)
    file = forms.FileField(label=_("Berkas"), required=False)
    url = forms.URLField(label=_("Tautan"), required=False, assume_scheme="https")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas terlalu besar; batasnya 20 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == MaterialKind.FILE and not data.get("file"):
            self.add_error("file", _("Pilih berkas materi."))
        if data.get("kind") == MaterialKind.LINK and not data.get("url"):
            self.add_error("url", _("Isi tautan materi."))
        return data


class AngkatanForm(forms.ModelForm):
    online_link = forms.URLField(label=_("tautan daring"), required=False, assume_scheme="https")
    sessions_text = forms.CharField(
        label=_("Jadwal sesi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Satu sesi per baris: 'YYYY-MM-DD | 08:00-12:00 | Topik | Nama narasumber (opsional) | tautan (opsional)'."
        ),
    )

    class Meta:
        model = Angkatan
        fields = [
            "program",
            "code",
            "name",
            "start_date",
            "end_date",
            "registration_opens",
            "registration_closes",
            "modality",
            "venue",
            "venue_address",
            "region",
            "online_link",
            "seats_total",
            "waitlist_size",
            "cost_idr",
            "funding_source",
            "requires_atasan_approval",
            "sessions_text",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "registration_opens": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "registration_closes": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }

    def __init__(self, *args, programs=None, narasumber=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.narasumber_qs = narasumber
        self.fields["program"].queryset = programs.order_by("title", "-version")
        self.fields["program"].label_from_instance = lambda p: f"{p.title} (v{p.version}, {p.learning_hours} JP)"
        self.fields["seats_total"].widget.attrs.update({"min": 1})
        self.fields["cost_idr"].widget.attrs.update({"min": 0, "step": 1000})
        angkatan = self.instance
        if angkatan.pk and not self.is_bound:
            self.initial["sessions_text"] = "\n".join(
                " | ".join(
                    x
                    for x in (
                        f"{s.date:%Y-%m-%d}",
                        f"{s.start_time:%H:%M}-{s.end_time:%H:%M}",
                        s.topic,
                        s.narasumber.name if s.narasumber_id else "",
                        s.online_link,
                    )
                )
                for s in angkatan.sessions.all()
            )

    def clean_seats_total(self):
        value = self.cleaned_data.get("seats_total")
        if value is not None and value < 1:
            raise forms.ValidationError(_("Kuota peserta minimal 1 orang."))
        return value

    def clean_sessions_text(self):
        self.sessions = parse_sessions(self.cleaned_data.get("sessions_text", ""), self.narasumber_qs)
        return self.cleaned_data.get("sessions_text", "")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        if closes and start and closes > start:
            self.add_error(
                "registration_closes", _("Pendaftaran harus ditutup paling lambat pada tanggal mulai angkatan.")
            )
        if opens and closes and closes < opens:
            self.add_error("registration_closes", _("Pendaftaran ditutup sebelum dibuka."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("sessions_text", None)
        return data
