"""Parsing of enrolment input, with Indonesian messages. Saving happens in services."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Form as TrainingForm
from apps.enrollments.models import ExternalTraining

ALLOWED_CERT_EXT = (".pdf", ".jpg", ".jpeg", ".png")
MAX_CERT_BYTES = 5 * 1024 * 1024


class RequestForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivasi"),
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mengapa pelatihan ini Anda perlukan untuk pekerjaan Anda (minimal 20 karakter)."),
        error_messages={
            "required": _("Motivasi wajib diisi."),
            "min_length": _("Motivasi terlalu singkat; tulis minimal %(limit_value)d karakter."),
        },
    )
    needs_item = forms.ModelChoiceField(
        label=_("Kebutuhan pengembangan yang dilayani"),
        queryset=None,
        required=False,
        empty_label=_("— tidak ada / lainnya —"),
    )
    need_reference = forms.CharField(
        label=_("Kebutuhan atau sasaran IDP yang dilayani (uraian)"),
        max_length=250,
        required=False,
        help_text=_("Misalnya kesenjangan kompetensi atau sasaran pada IDP Anda."),
    )

    def __init__(self, *args, needs_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs_item"].queryset = needs_qs
        self.fields["needs_item"].label_from_instance = lambda n: f"{n.kompetensi.code} {n.kompetensi.name} ({n.year})"
        if not needs_qs.exists():
            del self.fields["needs_item"]


class DecisionForm(forms.Form):
    DECISIONS = [("approve", _("Setujui")), ("reject", _("Tolak"))]
    decision = forms.ChoiceField(label=_("Keputusan"), choices=DECISIONS)
    note = forms.CharField(
        label=_("Catatan / alasan"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Alasan penolakan wajib diisi."))
        return data


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Alasan pembatalan"), max_length=1000, required=False)


class VerifyForm(forms.Form):
    DECISIONS = [("verify", _("Verifikasi")), ("reject", _("Tolak"))]
    decision = forms.ChoiceField(label=_("Keputusan"), choices=DECISIONS, initial="verify")
    override = forms.BooleanField(label=_("Izinkan melebihi batas 24 JP PPPK"), required=False)
    note = forms.CharField(
        label=_("Alasan (wajib untuk penolakan atau izin)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        note = (data.get("note") or "").strip()
        if data.get("decision") == "reject" and not note:
            self.add_error("note", _("Alasan penolakan wajib diisi."))
        if data.get("override") and not note:
            self.add_error("note", _("Alasan izin BKPSDM wajib diisi."))
        return data


class NominateForm(forms.Form):
    # Stays a select (unlike PegawaiNipField elsewhere): only an atasan nominates, and the choices are
    # their own direct reports (team_of), a handful of people, picked by name.
    pegawai = forms.ModelChoiceField(label=_("Pegawai"), queryset=None, empty_label=_("— pilih pegawai —"))
    angkatan = forms.ModelChoiceField(label=_("Angkatan"), queryset=None, empty_label=_("— pilih angkatan —"))
    note = forms.CharField(label=_("Alasan nominasi"), max_length=1000, required=False)
    override_reason = forms.CharField(
        label=_("Alasan izin melebihi 24 JP (khusus PPPK, admin)"), max_length=1000, required=False
    )

    def __init__(self, *args, pegawai_qs, angkatan_qs, show_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = pegawai_qs
        self.fields["pegawai"].label_from_instance = lambda p: f"{p.name} — {p.jabatan or ''}"
        self.fields["angkatan"].queryset = angkatan_qs
        self.fields["angkatan"].label_from_instance = lambda a: (
            f"{a.program.title} · {a.name} ({a.start_date:%d-%m-%Y})"
        )
        if not show_override:
            del self.fields["override_reason"]


class BulkNominateForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Saya yakin menominasikan semua pegawai hasil filter ini"),
        error_messages={"required": _("Centang konfirmasi untuk melanjutkan.")},
    )


class CompletionRuleForm(forms.Form):
    min_attendance_percent = forms.IntegerField(label=_("Kehadiran minimal (%)"), min_value=0, max_value=100)
    passing_score = forms.IntegerField(
        label=_("Nilai lulus post-test"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Kosongkan bila program ini tidak memakai post-test."),
    )


class ScoresForm(forms.Form):
    """One optional 0–100 score per participant: field `score_<enrollment id>`."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"score_{row.pk}"] = forms.IntegerField(
                label=row.pegawai.name,
                min_value=0,
                max_value=100,
                required=False,
                initial=row.final_score,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "max-width:6rem"}),
            )

    def scores(self) -> dict[int, int | None]:
        return {row.pk: self.cleaned_data.get(f"score_{row.pk}") for row in self.rows}

    def bound_rows(self):
        """(row, name, value, errors) without widget rendering: 1,000 widgets rendered through
        templates cost seconds, plain inputs in the page template cost milliseconds."""
        out = []
        for row in self.rows:
            name = f"score_{row.pk}"
            if self.is_bound:
                value = self.data.get(name, "")
                errors = self.errors.get(name, [])
            else:
                value = "" if row.final_score is None else row.final_score
                errors = []
            out.append((row, name, value, errors))
        return out


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(label=_("Hadir"), coerce=int, required=False, choices=())

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(r.pk, r.pegawai.name) for r in rows]
        self.fields["present"].error_messages["invalid_choice"] = _("Peserta tidak dikenal: %(value)s.")


class CodeGenerateForm(forms.Form):
    valid_hours = forms.IntegerField(
        label=_("Berlaku sampai (jam setelah sesi)"), min_value=1, max_value=24 * 14, initial=72
    )


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Kode presensi"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}),
        error_messages={"required": _("Kode presensi wajib diisi.")},
    )


class ExternalTrainingForm(forms.ModelForm):
    form = forms.ChoiceField(label=_("Bentuk"), choices=TrainingForm.choices)

    class Meta:
        model = ExternalTraining
        fields = [
            "title",
            "provider",
            "form",
            "is_international",
            "start_date",
            "end_date",
            "jp_claimed",
            "certificate_number",
            "certificate_file",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_certificate_file(self):
        upload = self.cleaned_data.get("certificate_file")
        if upload is None:
            return upload
        if not upload.name.lower().endswith(ALLOWED_CERT_EXT):
            raise forms.ValidationError(_("Berkas sertifikat harus PDF, JPG atau PNG."))
        if upload.size > MAX_CERT_BYTES:
            raise forms.ValidationError(_("Berkas sertifikat terlalu besar; batasnya 5 MB."))
        head = upload.read(8)
        upload.seek(0)
        if not (head.startswith(b"%PDF") or head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG")):
            raise forms.ValidationError(_("Isi berkas bukan PDF, JPG atau PNG yang sah."))
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        if end and end > timezone.localdate():
            self.add_error("end_date", _("Pelatihan yang dilaporkan harus sudah selesai."))
        jp = data.get("jp_claimed")
        if jp is not None and jp < 1:
            self.add_error("jp_claimed", _("JP minimal 1."))
        return data


class ExternalDecisionForm(forms.Form):
    DECISIONS = [("approve", _("Setujui")), ("reject", _("Tolak"))]
    decision = forms.ChoiceField(label=_("Keputusan"), choices=DECISIONS)
    jp_approved = forms.IntegerField(label=_("JP disetujui"), min_value=1, max_value=500, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=1000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Alasan penolakan wajib diisi."))
        return data


CERTIFICATE_CODE = re.compile(r"[A-Z2-7]{16}")


class CertificateCodeForm(forms.Form):
    """The public lookup: the 16-character code printed under the QR (base32, shown in groups of four).
    Spaces, dashes and lower case are forgiven, because people copy it from paper."""

    kode = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=40,
        help_text=_("16 huruf dan angka yang tercetak di bawah kode QR sertifikat, mis. ABCD-EFGH-JKLM-2345."),
        error_messages={
            "required": _("Ketik kode verifikasi yang tercetak pada sertifikat."),
            "max_length": _("Kode verifikasi terlalu panjang; kode terdiri dari 16 huruf dan angka."),
        },
    )

    def clean_kode(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["kode"]).upper()
        if not CERTIFICATE_CODE.fullmatch(code):
            raise forms.ValidationError(
                _("Kode verifikasi terdiri dari 16 huruf (A–Z) dan angka (2–7), mis. ABCD-EFGH-JKLM-2345.")
            )
        return code


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Alasan pencabutan wajib diisi.")},
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)

    def year_or_current(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year


EXPORT_MAX_YEARS = 1  # a period export is built in the request, so it spans no more than the yearly export


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class JPExportForm(forms.Form):
    """The period of the training-history export: a ledger year (the default, this year), or a range of
    credited days (training end dates), both ends inclusive. A bad range exports nothing."""

    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    date_from = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tanggal 'dari' tidak sah.")},
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tanggal 'sampai' tidak sah.")},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if self.errors:
            return data
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Isi kedua tanggal, dari dan sampai, atau kosongkan keduanya."))
        if start is not None and end is not None:
            if start > end:
                raise forms.ValidationError(_("Tanggal 'dari' harus sebelum atau sama dengan tanggal 'sampai'."))
            if end >= _years_after(start, EXPORT_MAX_YEARS):
                raise forms.ValidationError(
                    _("Rentang paling lama %(n)s tahun; bagi ekspor menjadi beberapa periode.")
                    % {"n": EXPORT_MAX_YEARS}
                )
        return data

    def between(self) -> tuple[datetime.date, datetime.date] | None:
        """(from, to) when a range was given; call after is_valid()."""
        if self.cleaned_data.get("date_from") is None:
            return None
        return self.cleaned_data["date_from"], self.cleaned_data["date_to"]

    def year_or_current(self) -> int:
        return self.cleaned_data.get("year") or timezone.localdate().year


UNTRAINED_ACTION_LIMIT = 5000  # "semua hasil filter" acts on at most this many pegawai at once


class UntrainedSelectionForm(forms.Form):
    """The rows of the 'belum pelatihan' list an action applies to: the ticked ones, or every row of the
    current filter. Ticked ids are checked against that list (the caller's instansi only): an id outside it
    makes the whole request invalid, so nothing is done for anyone."""

    pegawai = forms.ModelMultipleChoiceField(
        label=_("Pegawai"),
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": _("Sebagian pegawai yang dipilih tidak ada di daftar ini; muat ulang halaman."),
            "invalid_pk_value": _("Pilihan pegawai tidak sah."),
        },
    )
    all_filtered = forms.BooleanField(
        label=_("Semua pegawai hasil filter (bukan hanya yang dicentang)"), required=False
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["pegawai"].queryset = rows

    def clean(self):
        data = super().clean()
        if not data.get("all_filtered") and not data.get("pegawai") and not self.has_error("pegawai"):
            raise forms.ValidationError(_("Pilih minimal satu pegawai, atau centang semua pegawai hasil filter."))
        return data

    def pegawai_ids(self) -> list[int]:
        if self.cleaned_data.get("all_filtered"):
            return list(self.rows.values_list("pk", flat=True)[:UNTRAINED_ACTION_LIMIT])
        return [p.pk for p in self.cleaned_data["pegawai"]]


class UntrainedNominateForm(UntrainedSelectionForm):
    angkatan = forms.ModelChoiceField(
        label=_("Angkatan tujuan"),
        queryset=None,
        error_messages={
            "required": _("Pilih angkatan tujuan nominasi."),
            "invalid_choice": _("Angkatan tidak tersedia untuk nominasi."),
        },
    )

    def __init__(self, *args, angkatan_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["angkatan"].queryset = angkatan_choices
