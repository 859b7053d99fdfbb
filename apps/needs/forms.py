from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.employees.forms import PegawaiNipField
from apps.needs.models import LEVEL_CHOICES, AssessmentMethod

ADMIN_METHOD_CHOICES = [
    (AssessmentMethod.ASSESSMENT_CENTER, AssessmentMethod.ASSESSMENT_CENTER.label),
    (AssessmentMethod.UJI_KOMPETENSI, AssessmentMethod.UJI_KOMPETENSI.label),
    (AssessmentMethod.THREE_SIXTY, AssessmentMethod.THREE_SIXTY.label),
]


class AssessmentForm(forms.Form):
    """One level (1–5) per SKJ competency, with the level descriptions shown beside the choices."""

    def __init__(self, *args, skj_items=(), admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        if admin:
            self.fields["method"] = forms.ChoiceField(label=_("Metode"), choices=ADMIN_METHOD_CHOICES)
            self.fields["assessed_on"] = forms.DateField(
                label=_("Tanggal asesmen"),
                initial=timezone.localdate,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields["provider"] = forms.CharField(label=_("Penyelenggara asesmen"), required=False, max_length=150)
        self.fields["note"] = forms.CharField(
            label=_("Catatan umum"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        for item in skj_items:
            level = forms.TypedChoiceField(
                label=f"{item.kompetensi.code} {item.kompetensi.name}",
                choices=LEVEL_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
            level.error_messages["invalid_choice"] = _("Level harus bilangan bulat 1–5.")
            level.error_messages["required"] = _("Pilih level 1–5.")
            self.fields[f"level_{item.kompetensi_id}"] = level
            self.fields[f"evidence_{item.kompetensi_id}"] = forms.CharField(
                label=_("Bukti atau catatan"), required=False, max_length=500
            )
            self.rows.append(item)

    def bound_rows(self):
        return [
            (item, self[f"level_{item.kompetensi_id}"], self[f"evidence_{item.kompetensi_id}"]) for item in self.rows
        ]

    def levels(self) -> dict[int, int]:
        return {item.kompetensi_id: self.cleaned_data[f"level_{item.kompetensi_id}"] for item in self.rows}

    def evidence(self) -> dict[int, str]:
        return {item.kompetensi_id: self.cleaned_data.get(f"evidence_{item.kompetensi_id}", "") for item in self.rows}


class PerformanceForm(forms.ModelForm):
    # Typed as a NIP: the choices are every active pegawai of the instansi (up to 20,000).
    pegawai = PegawaiNipField(label=_("Pegawai"), help_text=_("NIP pegawai instansi Anda (18 digit; spasi boleh)."))

    class Meta:
        from apps.needs.models import PerformanceRecord

        model = PerformanceRecord
        fields = ["pegawai", "year", "predikat", "hasil_kerja", "perilaku_kerja", "target", "realisation", "kompetensi"]
        widgets = {"target": forms.Textarea(attrs={"rows": 2}), "realisation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, pegawai_qs=None, kompetensi_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = pegawai_qs
        self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["kompetensi"].required = False
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["predikat"].error_messages["invalid_choice"] = _(
            "Predikat harus salah satu dari lima predikat SKP."
        )
        if self.instance.pk:
            self.fields["pegawai"].disabled = True
            # A disabled field cleans its initial value: the NIP, not model_to_dict's primary key.
            self.initial["pegawai"] = self.instance.pegawai.nip_display

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Tahun tidak sah."))
        return year


class SurveyForm(forms.ModelForm):
    class Meta:
        from apps.needs.models import NeedsSurvey

        model = NeedsSurvey
        fields = ["title", "year", "opens_on", "closes_on", "question", "kompetensi"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "question": forms.Textarea(attrs={"rows": 3}),
            "kompetensi": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, kompetensi_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["kompetensi"].required = False
        self.fields["year"].initial = timezone.localdate().year + 1

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Tanggal tutup tidak boleh sebelum tanggal buka."))
        return data


class SurveyAnswerForm(forms.Form):
    from apps.needs.models import Constraint, Modality

    kompetensi = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Kompetensi yang dibutuhkan")
    )
    topics = forms.CharField(
        label=_("Topik lain yang dibutuhkan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    modality = forms.ChoiceField(
        label=_("Modalitas yang diinginkan"), choices=Modality.choices, widget=forms.RadioSelect
    )
    constraints = forms.MultipleChoiceField(
        label=_("Kendala mengikuti pengembangan"),
        choices=Constraint.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kompetensi_qs=None, can_answer_as_atasan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["modality"].error_messages["required"] = _("Pilih modalitas: tatap muka, daring, atau blended.")
        if can_answer_as_atasan:
            self.fields["as_atasan"] = forms.BooleanField(
                label=_("Saya menjawab sebagai atasan untuk tim saya"), required=False
            )


class FgdForm(forms.ModelForm):
    class Meta:
        from apps.needs.models import FgdSession

        model = FgdSession
        fields = ["title", "held_on", "unit_kerja", "participants", "notes", "needs_text", "kompetensi"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "needs_text": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.SelectMultiple(attrs={"size": 8}),
            "kompetensi": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, units=None, pegawai_qs=None, kompetensi_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = units
        self.fields["participants"].queryset = pegawai_qs
        self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["kompetensi"].required = False
        self.fields["participants"].required = False


class NeedsItemForm(forms.ModelForm):
    # Typed as a NIP: the choices are every active pegawai of the instansi (up to 20,000).
    pegawai = PegawaiNipField(
        label=_("Pegawai sasaran"),
        required=False,
        help_text=_("NIP pegawai instansi Anda bila sasarannya satu pegawai; kosongkan bila tidak."),
    )

    class Meta:
        from apps.needs.models import NeedsItem

        model = NeedsItem
        fields = [
            "year",
            "source",
            "kompetensi",
            "pegawai",
            "target_pegawai",
            "jabatan",
            "unit_kerja",
            "gap_size",
            "affected",
            "weight",
            "evidence",
        ]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "target_pegawai": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "affected": _("Dihitung otomatis bila sasaran berupa pegawai; isi untuk sasaran jabatan atau unit."),
            "weight": _("1 = biasa, 2 = penting, 3 = strategis. Prioritas = kesenjangan × terdampak × bobot."),
        }

    def __init__(self, *args, kompetensi_qs=None, pegawai_qs=None, jabatan_qs=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["kompetensi"].required = True
        self.fields["kompetensi"].error_messages["required"] = _("Pilih kompetensi yang dibutuhkan.")
        self.fields["pegawai"].queryset = pegawai_qs
        if self.instance.pk and self.instance.pegawai_id:
            self.initial["pegawai"] = self.instance.pegawai
        self.fields["target_pegawai"].queryset = pegawai_qs
        self.fields["target_pegawai"].required = False
        self.fields["jabatan"].queryset = jabatan_qs
        self.fields["unit_kerja"].queryset = units
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year + 1

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Tahun tidak sah."))
        return year


class GenerateNeedsForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun rencana"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1
        self.fields["year"].error_messages["required"] = _("Isi tahun rencana.")


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Alasan / catatan"), required=False, max_length=500)


class PlanForm(forms.ModelForm):
    class Meta:
        from apps.needs.models import DevelopmentPlan

        model = DevelopmentPlan
        fields = ["year", "title", "ceiling_idr", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ceiling_idr"].error_messages["min_value"] = _("Pagu anggaran harus bilangan bulat Rupiah ≥ 0.")
        self.fields["ceiling_idr"].error_messages["invalid"] = _("Pagu anggaran harus bilangan bulat Rupiah.")
        if self.instance.pk:
            self.fields["year"].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year + 1


class NeedsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        target = obj.pegawai.name if obj.pegawai_id else (obj.unit_kerja or obj.jabatan or f"{obj.affected} pegawai")
        return f"{obj.kompetensi.code} · {target} · {obj.get_source_display()} · {_('prioritas')} {obj.priority}"


class PlanItemForm(forms.ModelForm):
    needs_items = NeedsChoiceField(
        queryset=None,
        required=False,
        label=_("Kebutuhan yang dijawab"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    link_all = forms.BooleanField(
        label=_("Tautkan semua kebutuhan terbuka untuk kompetensi ini"), required=False, initial=False
    )

    class Meta:
        from apps.needs.models import PlanItem

        model = PlanItem
        fields = [
            "kompetensi",
            "target_description",
            "target_count",
            "unit_kerja",
            "path",
            "form",
            "penyelenggara",
            "penyelenggara_text",
            "program",
            "schedule_month",
            "schedule_quarter",
            "curriculum_fit",
            "curriculum_note",
            "budget_idr",
            "funding_source",
            "needs_items",
        ]

    def __init__(
        self, *args, kompetensi_qs=None, units=None, penyelenggara_qs=None, program_qs=None, needs_qs=None, **kw
    ):
        super().__init__(*args, **kw)
        self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["unit_kerja"].queryset = units
        self.fields["penyelenggara"].queryset = penyelenggara_qs
        self.fields["program"].queryset = program_qs
        self.fields["needs_items"].queryset = needs_qs
        self.fields["budget_idr"].error_messages["min_value"] = _("Anggaran harus bilangan bulat Rupiah ≥ 0.")
        self.fields["budget_idr"].error_messages["invalid"] = _("Anggaran harus bilangan bulat Rupiah.")
        self.fields["target_count"].error_messages["min_value"] = _("Jumlah ASN sasaran minimal 1.")
        self.fields["kompetensi"].error_messages["required"] = _("Pilih jenis kompetensi.")

    def clean(self):
        data = super().clean()
        if data.get("link_all") and data.get("kompetensi") is not None:
            extra = self.fields["needs_items"].queryset.filter(kompetensi=data["kompetensi"], status="open")
            data["needs_items"] = list(data.get("needs_items") or []) + [
                n for n in extra if n not in (data.get("needs_items") or [])
            ]
        return data


SMALL = {"class": "form-control form-control-sm"}


class ApproveForm(forms.Form):
    signatory_name = forms.CharField(label=_("Nama kepala BKPSDM"), max_length=150, widget=forms.TextInput(SMALL))
    signatory_title = forms.CharField(label=_("Jabatan penandatangan"), max_length=150, widget=forms.TextInput(SMALL))
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.TextInput(SMALL))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory_name"].error_messages["required"] = _("Isi nama kepala BKPSDM yang menetapkan rencana.")


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IdpGoalForm(forms.Form):
    kompetensi = forms.ModelChoiceField(queryset=None, label=_("Kompetensi sasaran"))
    needs_item = forms.ModelChoiceField(queryset=None, required=False, label=_("Kebutuhan/kesenjangan terkait"))
    target_level = forms.TypedChoiceField(
        choices=[("", "—"), *LEVEL_CHOICES], coerce=int, empty_value=None, required=False, label=_("Level sasaran")
    )
    description = forms.CharField(label=_("Sasaran pengembangan"), max_length=300)

    def __init__(self, *args, kompetensi_qs=None, needs_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["kompetensi"].error_messages["required"] = _("Pilih kompetensi sasaran.")
        self.fields["needs_item"].queryset = needs_qs
        self.fields["needs_item"].label_from_instance = lambda n: (
            f"{n.kompetensi.code} · {_('kesenjangan')} {n.gap_size}"
        )
        self.fields["target_level"].error_messages["invalid_choice"] = _("Level harus bilangan bulat 1–5.")


class IdpActivityForm(forms.Form):
    from apps.catalog.models import Form as CatalogForm

    goal = forms.ModelChoiceField(queryset=None, label=_("Sasaran"))
    form = forms.ChoiceField(choices=CatalogForm.choices, label=_("Bentuk pengembangan"))
    title = forms.CharField(label=_("Kegiatan"), max_length=250)
    target_date = forms.DateField(
        label=_("Target tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    plan_item = forms.ModelChoiceField(queryset=None, required=False, label=_("Butir RPK terkait"))
    program = forms.ModelChoiceField(queryset=None, required=False, label=_("Program katalog"))

    def __init__(self, *args, goals=None, plan_items=None, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["plan_item"].queryset = plan_items
        self.fields["plan_item"].label_from_instance = lambda i: (
            f"{i.kompetensi.code} · {i.get_form_display()} · {i.schedule_label}"
        )
        self.fields["program"].queryset = programs


class ProgressForm(forms.Form):
    done = forms.BooleanField(label=_("Selesai"), required=False)
    completed_on = forms.DateField(
        label=_("Tanggal selesai"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Catatan kemajuan"), required=False, max_length=1000)


class FgdNeedsForm(forms.Form):
    """A needs item drawn from an FGD's findings: the competency, whom it targets (the FGD's unit or its
    participants by default) and the numbers needs_save turns into a priority."""

    year = forms.IntegerField(label=_("Tahun rencana"), min_value=2000, max_value=2100)
    kompetensi = forms.ModelChoiceField(label=_("Kompetensi yang dibutuhkan"), queryset=None)
    unit_kerja = forms.ModelChoiceField(label=_("Unit kerja sasaran"), queryset=None, required=False)
    jabatan = forms.ModelChoiceField(label=_("Jabatan sasaran"), queryset=None, required=False)
    target_pegawai = forms.ModelMultipleChoiceField(
        label=_("Pegawai sasaran"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Bila diisi, jumlah terdampak dihitung dari daftar ini."),
    )
    gap_size = forms.IntegerField(label=_("Besar kesenjangan (level)"), min_value=1, max_value=4, initial=1)
    affected = forms.IntegerField(
        label=_("Pegawai terdampak"),
        min_value=1,
        initial=1,
        help_text=_("Isi untuk sasaran unit kerja atau jabatan."),
    )
    weight = forms.TypedChoiceField(
        label=_("Bobot strategis"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, initial=1
    )
    evidence = forms.CharField(
        label=_("Bukti / dasar"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, fgd, kompetensi_qs, units, jabatan_qs, pegawai_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["kompetensi"].error_messages["required"] = _("Pilih kompetensi yang dibutuhkan.")
        self.fields["unit_kerja"].queryset = units
        self.fields["jabatan"].queryset = jabatan_qs
        self.fields["target_pegawai"].queryset = pegawai_qs
        self.fields["year"].error_messages["required"] = _("Isi tahun rencana.")
        if not self.is_bound:
            self.initial.update(
                year=fgd.held_on.year + 1,
                unit_kerja=fgd.unit_kerja_id,
                target_pegawai=[] if fgd.unit_kerja_id else [p.pk for p in fgd.participants.all()],
                kompetensi=next((k.pk for k in fgd.kompetensi.all()), None),
                evidence=fgd.needs_text,
            )
