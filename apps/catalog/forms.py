"""Catalog forms. Curriculum modules, target competencies and a batch's sessions are row editors
(formsets on the shared base in core.forms): one row per item, the error on its row, extra
empty rows and a "Tambah baris" button that work on a phone and without JavaScript. Modules may also
be pasted as 'Judul modul | JP' lines (parse_modules, which the programme importer uses too).
Sessions are an inline formset, one row per session carrying its id, so a session keeps its identity
(and its attendance) when its date or time changes."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import (
    Angkatan,
    AngkatanSession,
    MaterialKind,
    Narasumber,
    Penyelenggara,
    Program,
)
from apps.catalog.services import CompetencySpec, ModuleSpec, SessionSpec
from apps.competencies.models import LEVEL_CHOICES
from apps.core.forms import ROW_FORMSET, RowFormSetMixin, columns
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


MODULE_COLUMNS = {"title": "col-12 col-md-6", "learning_hours": "col-4 col-md-2", "description": "col-8 col-md-4"}


class ModuleRowForm(forms.Form):
    title = forms.CharField(
        label=_("Judul modul"), max_length=250, error_messages={"required": _("Tulis judul modulnya.")}
    )
    learning_hours = forms.IntegerField(
        label=_("JP"),
        min_value=1,
        max_value=999,
        error_messages={
            "required": _("Isi JP modul ini."),
            "invalid": _("JP harus bilangan bulat positif."),
            "min_value": _("JP harus bilangan bulat positif."),
            "max_value": _("JP satu modul paling banyak 999."),
        },
    )
    description = forms.CharField(label=_("Uraian (opsional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns(self, MODULE_COLUMNS)


class BaseModuleFormSet(RowFormSetMixin, forms.BaseFormSet):
    row_label = _("Modul")

    def modules(self) -> list[ModuleSpec]:
        return [
            ModuleSpec(title=d["title"], learning_hours=d["learning_hours"], description=d.get("description") or "")
            for d in (form.cleaned_data for _n, form in self.kept_forms())
        ]


class CompetencyRowForm(forms.Form):
    kompetensi = forms.ModelChoiceField(
        queryset=None,
        label=_("Kompetensi"),
        error_messages={
            "required": _("Pilih kompetensinya."),
            "invalid_choice": _("Pilih kompetensi yang ada di kamus."),
        },
    )
    target_level = forms.TypedChoiceField(
        label=_("Level sasaran"),
        choices=[("", "—"), *LEVEL_CHOICES],
        coerce=int,
        error_messages={
            "required": _("Pilih level sasaran 1–5."),
            "invalid_choice": _("Level harus bilangan bulat 1–5."),
        },
    )

    def __init__(self, *args: Any, kompetensi: Any = None, kompetensi_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kompetensi"]
        field.queryset = kompetensi
        field.choices = kompetensi_choices  # one query for the whole editor, not one per row
        columns(self, {"kompetensi": "col-12 col-md-9", "target_level": "col-6 col-md-3"})


class BaseCompetencyFormSet(RowFormSetMixin, forms.BaseFormSet):
    row_label = _("Kompetensi")

    def __init__(self, *args: Any, kompetensi: Any = None, **kwargs: Any) -> None:
        choices = [("", "---------"), *((k.pk, f"{k.code} · {k.name}") for k in kompetensi)]
        kwargs["form_kwargs"] = {"kompetensi": kompetensi, "kompetensi_choices": choices}
        super().__init__(*args, **kwargs)

    def clean_rows(self) -> None:
        first_row: dict[int, int] = {}
        for number, form in self.kept_forms():
            chosen = form.cleaned_data["kompetensi"]
            if chosen.pk in first_row:
                form.add_error(
                    "kompetensi", _("Kompetensi ini sudah ada di baris ke-%(n)s.") % {"n": first_row[chosen.pk]}
                )
            first_row.setdefault(chosen.pk, number)

    def competencies(self) -> list[CompetencySpec]:
        return [
            CompetencySpec(kompetensi=form.cleaned_data["kompetensi"], target_level=form.cleaned_data["target_level"])
            for _n, form in self.kept_forms()
        ]


ModuleFormSet = forms.formset_factory(ModuleRowForm, formset=BaseModuleFormSet, **ROW_FORMSET)
CompetencyFormSet = forms.formset_factory(CompetencyRowForm, formset=BaseCompetencyFormSet, **ROW_FORMSET)


def program_row_formsets(data: Any, program: Program | None, *, kompetensi: Any) -> tuple[Any, Any]:
    """The module and target-competency editors of the programme form, filled with the stored rows."""
    modules, competencies = [], []
    if program is not None:
        modules = [
            {"title": m.title, "learning_hours": m.learning_hours, "description": m.description}
            for m in program.modules.all()
        ]
        competencies = [
            {"kompetensi": c.kompetensi_id, "target_level": c.target_level} for c in program.competencies.all()
        ]
    return (
        ModuleFormSet(data, prefix="modul", initial=modules),
        CompetencyFormSet(data, prefix="kompetensi", initial=competencies, kompetensi=kompetensi),
    )


class ProgramForm(forms.ModelForm):
    modules_text = forms.CharField(
        label=_("Tempel modul dari teks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Opsional. Satu modul per baris: 'Judul modul | JP', mis. 'Etika pelayanan | 4'. "
            "Baris ini ditambahkan setelah baris modul di atas."
        ),
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
            "narasumber",
            "eligible_jenis_jabatan",
            "eligible_employment_types",
            "min_rank_order",
            "max_rank_order",
            "prerequisites",
            "l3_after_months",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "narasumber": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, penyelenggara=None, narasumber=None, national=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penyelenggara"].queryset = penyelenggara.order_by("name")
        self.fields["narasumber"].queryset = narasumber.order_by("name")
        self.fields["narasumber"].required = False
        for name in ("min_rank_order", "max_rank_order"):
            self.fields[name].widget.attrs.update({"min": 1, "max": 17})
        self.fields["learning_hours"].widget.attrs.update({"min": 1})
        self.fields["jp_quantity"].widget.attrs.update({"min": 1})
        self.fields["l3_after_months"].widget.attrs.update({"min": 1, "max": 12})
        if national:
            self.fields.pop("visibility")
        program = self.instance
        if program.pk and not self.is_bound:
            self.initial["eligible_jenis_jabatan"] = program.jenis_list
            self.initial["eligible_employment_types"] = program.employment_type_list
            self.initial["learning_hours"] = program.learning_hours if not program.modules.all() else None

    def clean_modules_text(self):
        self.pasted_modules = parse_modules(self.cleaned_data.get("modules_text", ""))
        return self.cleaned_data.get("modules_text", "")

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

    def clean_l3_after_months(self):
        value = self.cleaned_data.get("l3_after_months")
        if value is not None and not 1 <= value <= 12:
            raise forms.ValidationError(_("Evaluasi pasca pelatihan dibuka 1–12 bulan setelah angkatan selesai."))
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
        data.pop("modules_text", None)
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
    confirm_session_removal = forms.BooleanField(
        label=_("Ya, hapus sesi beserta catatan kehadirannya"),
        required=False,
        help_text=_("Catatan kehadiran sesi yang dihapus ikut terhapus dan tidak dapat dikembalikan."),
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
        ]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "registration_opens": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "registration_closes": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs.order_by("title", "-version")
        self.fields["program"].label_from_instance = lambda p: f"{p.title} (v{p.version}, {p.learning_hours} JP)"
        self.fields["seats_total"].widget.attrs.update({"min": 1})
        self.fields["cost_idr"].widget.attrs.update({"min": 0, "step": 1000})

    def clean_seats_total(self):
        value = self.cleaned_data.get("seats_total")
        if value is not None and value < 1:
            raise forms.ValidationError(_("Kuota peserta minimal 1 orang."))
        return value

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
        data.pop("confirm_session_removal", None)
        return data


SESSION_COLUMNS = {
    "date": "col-12 col-sm-4",
    "start_time": "col-6 col-sm-4",
    "end_time": "col-6 col-sm-4",
    "topic": "col-12",
    "narasumber": "col-12 col-md-6",
    "online_link": "col-12 col-md-6",
}


class SessionForm(forms.ModelForm):
    online_link = forms.URLField(label=_("tautan daring"), required=False, assume_scheme="https")

    class Meta:
        model = AngkatanSession
        fields = ["date", "start_time", "end_time", "topic", "narasumber", "online_link"]
        widgets = {
            "date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, narasumber=None, narasumber_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["narasumber"]
        field.queryset = narasumber
        if narasumber_choices is not None:
            field.choices = narasumber_choices  # one query for the whole formset, not one per row
        field.required = False
        columns(self, SESSION_COLUMNS)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            # Here as well as in the service: it keeps Django's English constraint message off the row.
            self.add_error("end_time", _("Jam selesai harus setelah jam mulai."))
        return data


class BaseSessionFormSet(RowFormSetMixin, forms.BaseInlineFormSet):
    """Rows are numbered as the admin sees them ("Sesi ke-N"); the service gets specs, never saves
    through the formset, so every write stays in one transaction with the batch."""

    row_label = _("Sesi")
    delete_label = _("Hapus sesi ini")

    def __init__(self, *args, narasumber=None, **kwargs):
        choices = [("", "---------"), *((n.pk, n.name) for n in narasumber.order_by("name"))]
        kwargs["form_kwargs"] = {"narasumber": narasumber, "narasumber_choices": choices}
        # The stored order, which is also how the service numbers existing sessions in its messages.
        kwargs.setdefault(
            "queryset", AngkatanSession.objects.select_related("narasumber").order_by("date", "start_time", "id")
        )
        super().__init__(*args, **kwargs)

    def session_specs(self) -> list[SessionSpec]:
        specs: list[SessionSpec] = []
        for number, form in enumerate(self.forms, start=1):
            if self._should_delete_form(form) or (form.instance.pk is None and not form.has_changed()):
                continue
            data = form.cleaned_data
            specs.append(
                SessionSpec(
                    id=form.instance.pk,
                    row=number,
                    date=data["date"],
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    topic=data["topic"],
                    narasumber=data.get("narasumber"),
                    online_link=data.get("online_link") or "",
                )
            )
        return specs

    def removed_session_ids(self) -> list[int]:
        return [form.instance.pk for form in self.forms if form.instance.pk and self._should_delete_form(form)]


SessionFormSet = forms.inlineformset_factory(
    Angkatan,
    AngkatanSession,
    form=SessionForm,
    formset=BaseSessionFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=200,
    validate_max=True,
)
