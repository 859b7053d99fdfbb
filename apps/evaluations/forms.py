"""Forms of evaluations: parsing and Indonesian errors only; saving is in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.employees.forms import PegawaiNipField
from apps.evaluations.models import ActionKind, ActionStatus, Level, Phase, QuestionKind, QuestionScope
from apps.evaluations.selectors import Item

DEFAULT_LIKERT_LABELS = {
    4: ["Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"],
    5: ["1", "2", "3", "4", "5"],
}


def answer_field(item: Item) -> forms.Field:
    q = item.question
    label = q.text if not item.target_label else f"{q.text} — {item.target_label}"
    if q.kind in (QuestionKind.LIKERT4, QuestionKind.LIKERT5):
        scale = q.scale or 4
        labels = [c[1] for c in q.choices] if len(q.choices) == scale else DEFAULT_LIKERT_LABELS[scale]
        return forms.TypedChoiceField(
            label=label,
            choices=[
                (str(i), f"{i} · {labels[i - 1]}" if labels[i - 1] != str(i) else str(i)) for i in range(1, scale + 1)
            ],
            coerce=int,
            required=q.required,
            widget=forms.RadioSelect,
        )
    if q.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(
            label=label, choices=[(str(v), lab) for v, lab in q.choices], required=q.required, widget=forms.RadioSelect
        )
    if q.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            choices=[(str(v), lab) for v, lab in q.choices],
            required=q.required,
            widget=forms.CheckboxSelectMultiple,
        )
    return forms.CharField(label=label, required=q.required, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.field] = answer_field(item)

    def sections(self) -> list[tuple[str, list[Any]]]:
        grouped: list[tuple[str, list[Any]]] = []
        for item in self.items:
            section = item.question.section
            if not grouped or grouped[-1][0] != section:
                grouped.append((section, []))
            grouped[-1][1].append(self[item.field])
        return grouped


AGE_BANDS = [
    ("", _("— tidak diisi —")),
    ("<25", "< 25"),
    ("25-34", "25–34"),
    ("35-44", "35–44"),
    ("45-54", "45–54"),
    ("55+", "≥ 55"),
]
SEXES = [("", _("— tidak diisi —")), ("L", _("Laki-laki")), ("P", _("Perempuan"))]
EDUCATION = [
    ("", _("— tidak diisi —")),
    ("sd", _("SD atau sederajat")),
    ("smp", _("SMP atau sederajat")),
    ("sma", _("SMA/SMK atau sederajat")),
    ("diploma", _("Diploma")),
    ("s1", _("S1")),
    ("s2", _("S2 atau lebih")),
]
OCCUPATION = [
    ("", _("— tidak diisi —")),
    ("pns", _("PNS/TNI/Polri")),
    ("swasta", _("Pegawai swasta")),
    ("wirausaha", _("Wirausaha")),
    ("pelajar", _("Pelajar/mahasiswa")),
    ("lainnya", _("Lainnya")),
]


class SkmProfileForm(forms.Form):
    """Respondent profile of the SKM: bands only, never identity (domain.md §9)."""

    age_band = forms.ChoiceField(label=_("Usia"), choices=AGE_BANDS, required=False)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=SEXES, required=False)
    education = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=EDUCATION, required=False)
    occupation = forms.ChoiceField(label=_("Pekerjaan"), choices=OCCUPATION, required=False)
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot: bots fill it


PROFILE_KEYS = ("sex", "age_band", "education", "occupation")


def labelled_profile(breakdown: dict[str, list[tuple[str, int, object]]]) -> list[tuple[str, list[tuple]]]:
    """IKM per respondent profile with the questions' own words: the field's label for the stored key
    ('Jenis kelamin', not 'sex') and the answer's label for the stored value ('Perempuan', not 'P')."""
    fields = SkmProfileForm.base_fields
    out = []
    for key, rows in breakdown.items():
        field = fields[key]
        names = {value: label for value, label in field.choices if value}
        out.append((field.label, [(names.get(value, value), n, ikm) for value, n, ikm in rows]))
    return out


class QuestionnaireForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Templat"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Judul (kosongkan untuk judul otomatis)"), max_length=200, required=False)
    angkatan = forms.ModelChoiceField(label=_("Angkatan"), queryset=None, required=False)
    unit_kerja = forms.ModelChoiceField(label=_("Unit layanan (SKM)"), queryset=None, required=False)
    mentoring_program_id = forms.TypedChoiceField(
        label=_("Program mentoring"), choices=[], coerce=int, required=False, empty_value=None
    )
    phase = forms.ChoiceField(label=_("Tahap (L2)"), choices=Phase.choices, required=False)
    opens_on = forms.DateField(label=_("Dibuka"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Ditutup"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_start = forms.DateField(
        label=_("Periode mulai (SKM)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Periode selesai (SKM)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    min_group_size = forms.IntegerField(
        label=_("Responden minimal sebelum hasil ditampilkan"), min_value=1, max_value=100, initial=5
    )
    pass_score = forms.IntegerField(label=_("Nilai lulus (L2)"), min_value=0, max_value=100, initial=70)

    def __init__(self, *args: Any, templates: Any, angkatan: Any, units: Any, mentoring: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["angkatan"].queryset = angkatan
        self.fields["unit_kerja"].queryset = units
        self.fields["mentoring_program_id"].choices = [("", "—")] + [(p.pk, str(p)) for p in mentoring]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Periode selesai tidak boleh sebelum periode mulai."))
        return data


class QuestionForm(forms.Form):
    code = forms.SlugField(label=_("Kode"), max_length=30)
    section = forms.CharField(label=_("Bagian"), max_length=100, required=False)
    text = forms.CharField(label=_("Pertanyaan"), max_length=500)
    kind = forms.ChoiceField(label=_("Jenis"), choices=QuestionKind.choices)
    scope = forms.ChoiceField(label=_("Berlaku"), choices=QuestionScope.choices, initial=QuestionScope.ONCE)
    choices_text = forms.CharField(
        label=_("Pilihan (satu per baris: nilai|label)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    correct = forms.CharField(label=_("Kunci jawaban (nilai; pisahkan koma bila lebih dari satu)"), required=False)
    points = forms.IntegerField(label=_("Bobot"), min_value=1, max_value=100, initial=1)
    required = forms.BooleanField(label=_("Wajib"), required=False, initial=True)

    def clean_choices_text(self) -> list[list[str]]:
        rows = []
        for n, line in enumerate(self.cleaned_data["choices_text"].splitlines(), start=1):
            if not line.strip():
                continue
            value, sep, label = line.partition("|")
            if not sep or not value.strip() or not label.strip():
                raise forms.ValidationError(_("Baris %(n)s: tulis sebagai nilai|label.") % {"n": n})
            rows.append([value.strip(), label.strip()])
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        correct = (data.get("correct") or "").strip()
        if data.get("kind") == QuestionKind.MULTIPLE:
            data["correct"] = [c.strip() for c in correct.split(",") if c.strip()] or None
        else:
            data["correct"] = correct or None
        return data


class QuestionEditForm(QuestionForm):
    """Rewrites a draft question; the code stays (results are keyed by it)."""

    def __init__(self, *args: Any, question: Any = None, **kwargs: Any) -> None:
        if question is not None and "initial" not in kwargs:
            correct = question.correct
            kwargs["initial"] = {
                "section": question.section,
                "text": question.text,
                "kind": question.kind,
                "scope": question.scope,
                "choices_text": "\n".join(f"{value}|{label}" for value, label in question.choices),
                "correct": ",".join(correct) if isinstance(correct, list) else (correct or ""),
                "points": question.points,
                "required": question.required,
            }
        super().__init__(*args, **kwargs)
        del self.fields["code"]


LEVEL_CHOICES = Level.choices


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Tindakan"), max_length=200)
    finding = forms.CharField(label=_("Temuan"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Jenis tindakan"))
    # Typed as a NIP: the choices are every active pegawai of the instansi (up to 20,000).
    assignee = PegawaiNipField(
        label=_("Penanggung jawab"), help_text=_("Ketik NIP pegawai instansi Anda (18 digit; spasi boleh).")
    )
    due_on = forms.DateField(label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, pegawai: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ActionKind.choices
        self.fields["assignee"].queryset = pegawai


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    result_note = forms.CharField(label=_("Catatan hasil"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ActionStatus.choices


class ActionProgramForm(forms.Form):
    next_program = forms.ModelChoiceField(label=_("Versi program berikutnya"), queryset=None)

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_program"].queryset = programs


class ActionNeedsForm(forms.Form):
    kompetensi = forms.ModelChoiceField(label=_("Kompetensi"), queryset=None)
    year = forms.IntegerField(label=_("Tahun rencana"), min_value=2000, max_value=2100)
    weight = forms.TypedChoiceField(
        label=_("Bobot strategis"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, initial=2
    )
    gap_size = forms.IntegerField(label=_("Besar kesenjangan (level)"), min_value=1, max_value=4, initial=1)

    def __init__(self, *args: Any, kompetensi: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = kompetensi
