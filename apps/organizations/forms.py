from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from apps.core.validators import NoFormulaMixin
from apps.organizations.models import JENJANG_BY_JENIS, Instansi, Jabatan, JobTask, UnitKerja
from apps.organizations.selectors import as_unit_choices


class InstansiForm(forms.ModelForm):
    class Meta:
        model = Instansi
        fields = [
            "code",
            "name",
            "kind",
            "timezone",
            "province",
            "address",
            "head_title",
            "file_retention_days",
            "is_active",
        ]
        widgets = {"file_retention_days": forms.NumberInput(attrs={"min": 1, "max": 3650})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file_retention_days"].required = False  # left empty: keep the current period

    def clean_file_retention_days(self):
        days = self.cleaned_data["file_retention_days"]
        if days is None:
            return self.instance.file_retention_days
        if not 1 <= days <= 3650:
            raise forms.ValidationError(_("Masa simpan berkas harus antara 1 dan 3650 hari."))
        return days


class RetentionForm(forms.ModelForm):
    """BKPSDM sets how long its uploaded import files and generated reports are kept."""

    class Meta:
        model = Instansi
        fields = ["file_retention_days"]
        widgets = {"file_retention_days": forms.NumberInput(attrs={"min": 1, "max": 3650})}

    clean_file_retention_days = InstansiForm.clean_file_retention_days


class UnitKerjaForm(NoFormulaMixin, forms.ModelForm):
    class Meta:
        model = UnitKerja
        fields = ["code", "name", "kind", "parent", "address", "region", "is_remote", "is_active"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = as_unit_choices(units) if units is not None else UnitKerja.objects.none()
        parent = self.fields["parent"]
        # Any unit of the instansi passes the field, so choosing the unit itself or one below it reaches
        # unit_save and gets its message about cycles; the list offers only the units that can be chosen.
        parent.queryset = qs
        parent.label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"
        if self.instance.pk:
            choosable = ModelChoiceIterator(parent)
            choosable.queryset = qs.exclude(path__startswith=self.instance.path)
            parent.widget.choices = choosable


OUTPUT_MAX_LENGTH = JobTask._meta.get_field("output").max_length


class JabatanForm(NoFormulaMixin, forms.ModelForm):
    """`tasks_text` and `functions_text` clean to lists ready for services.jabatan_save."""

    tasks_text = forms.CharField(
        label=_("Uraian tugas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Satu tugas per baris; tulis hasil kerja setelah tanda '|'."),
    )
    functions_text = forms.CharField(
        label=_("Fungsi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu fungsi per baris (untuk jabatan manajerial)."),
    )

    class Meta:
        model = Jabatan
        fields = [
            "code",
            "name",
            "jenis",
            "jenjang",
            "unit_kerja",
            "job_class",
            "summary",
            "requirements",
            "pembina",
            "is_active",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "requirements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = as_unit_choices(units) if units is not None else UnitKerja.objects.none()
        self.fields["job_class"].widget.attrs.update({"min": 1, "max": 17})
        if self.instance.pk and not self.is_bound:
            self.initial["tasks_text"] = "\n".join(
                f"{t.description} | {t.output}" if t.output else t.description for t in self.instance.tasks.all()
            )
            self.initial["functions_text"] = "\n".join(f.description for f in self.instance.functions.all())

    def clean_tasks_text(self) -> list[dict[str, str]]:
        """One task per line, 'uraian | hasil kerja'. A ';' belongs to the text here: only the
        importer's one-cell format uses it to separate tasks."""
        tasks = []
        for line in self.cleaned_data.get("tasks_text", "").splitlines():
            description, _sep, output = (part.strip() for part in line.partition("|"))
            if not (description or output):
                continue
            if not description:
                raise forms.ValidationError(_("Tulis uraian tugas sebelum tanda '|'."))
            if len(output) > OUTPUT_MAX_LENGTH:
                raise forms.ValidationError(_("Hasil kerja paling banyak %(n)s karakter.") % {"n": OUTPUT_MAX_LENGTH})
            tasks.append({"description": description, "output": output})
        return tasks

    def clean_functions_text(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("functions_text", "").splitlines() if line.strip()]

    def clean_job_class(self):
        value = self.cleaned_data.get("job_class")
        if value is not None and not 1 <= value <= 17:
            raise forms.ValidationError(_("Kelas jabatan harus 1–17."))
        return value

    def clean(self):
        data = super().clean()
        jenis, jenjang = data.get("jenis"), data.get("jenjang") or ""
        if jenis:
            allowed = JENJANG_BY_JENIS.get(jenis, ())
            if allowed and jenjang not in allowed:
                self.add_error("jenjang", _("Pilih jenjang yang sesuai dengan jenis jabatan."))
            if not allowed and jenjang:
                self.add_error("jenjang", _("Jenis jabatan ini tidak memiliki jenjang; kosongkan."))
        return data


class SwitchInstansiForm(forms.Form):
    instansi = forms.ModelChoiceField(
        queryset=Instansi.objects.filter(is_active=True),
        required=False,
        label=_("Bertindak atas nama instansi"),
        empty_label=_("— semua instansi —"),
    )
