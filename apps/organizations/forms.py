"""Organisation forms. Uraian tugas and fungsi are row editors (formsets): one row per task, its hasil
kerja in its own box, errors on the row, extra empty rows and a "Tambah baris" button that work without
JavaScript, on the shared row-editor base of apps/core/forms.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ROW_FORMSET, RowFormSetMixin, columns
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


class TaskRowForm(NoFormulaMixin, forms.Form):
    """One uraian tugas. `id` names a stored task, which is then changed in place: the competencies
    linked to it on the SKJ page stay linked."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(
        label=_("Uraian tugas"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tulis uraian tugasnya.")},
    )
    output = forms.CharField(
        label=_("Hasil kerja"),
        required=False,
        max_length=OUTPUT_MAX_LENGTH,
        error_messages={"max_length": _("Hasil kerja paling banyak %(limit_value)s karakter.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns(self, {"description": "col-12 col-md-7", "output": "col-12 col-md-5"})


class FunctionRowForm(NoFormulaMixin, forms.Form):
    description = forms.CharField(
        label=_("Fungsi"), error_messages={"required": _("Tulis fungsinya.")}, widget=forms.TextInput()
    )


class BaseTaskFormSet(RowFormSetMixin, forms.BaseFormSet):
    row_label = _("Tugas")

    def clean_rows(self) -> None:
        seen: set[int] = set()
        for _n, form in self.kept_forms():
            task_id = form.cleaned_data.get("id")
            if task_id and task_id in seen:
                form.add_error(None, _("Satu tugas muncul di dua baris; muat ulang halaman."))
            elif task_id:
                seen.add(task_id)

    def tasks(self) -> list[dict[str, Any]]:
        return [
            {"id": form.cleaned_data.get("id"), **{k: form.cleaned_data[k] for k in ("description", "output")}}
            for _n, form in self.kept_forms()
        ]


class BaseFunctionFormSet(RowFormSetMixin, forms.BaseFormSet):
    row_label = _("Fungsi")

    def functions(self) -> list[str]:
        return [form.cleaned_data["description"] for _n, form in self.kept_forms()]


TaskFormSet = forms.formset_factory(TaskRowForm, formset=BaseTaskFormSet, **ROW_FORMSET)
# Most jabatan are not manajerial and have no fungsi: one empty row is enough to start one.
FunctionFormSet = forms.formset_factory(FunctionRowForm, formset=BaseFunctionFormSet, **{**ROW_FORMSET, "extra": 1})


def jabatan_row_formsets(data: Any, jabatan: Jabatan | None) -> tuple[BaseTaskFormSet, BaseFunctionFormSet]:
    """The uraian tugas and fungsi editors of the jabatan form, filled with the stored rows."""
    tasks, functions = [], []
    if jabatan is not None:
        tasks = [{"id": t.pk, "description": t.description, "output": t.output} for t in jabatan.tasks.all()]
        functions = [{"description": f.description} for f in jabatan.functions.all()]
    return (
        TaskFormSet(data, prefix="tugas", initial=tasks),
        FunctionFormSet(data, prefix="fungsi", initial=functions),
    )


class JabatanForm(NoFormulaMixin, forms.ModelForm):
    """`tasks_text` is the optional "tempel dari teks" shortcut: lines pasted from an Anjab document,
    added after the rows of the task editor."""

    tasks_text = forms.CharField(
        label=_("Tempel uraian tugas dari teks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Opsional. Satu tugas per baris; hasil kerja boleh ditulis setelah tanda '|'. "
            "Baris ini ditambahkan setelah baris tugas di atas."
        ),
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

    def clean_tasks_text(self) -> list[dict[str, str]]:
        """One task per line, 'uraian | hasil kerja'. A ';' belongs to the text here: only the
        importer's one-cell format uses it to separate tasks."""
        tasks = []
        for number, line in enumerate(self.cleaned_data.get("tasks_text", "").splitlines(), start=1):
            description, _sep, output = (part.strip() for part in line.partition("|"))
            if not (description or output):
                continue
            if not description:
                raise forms.ValidationError(_("Baris %(n)s: tulis uraian tugas sebelum tanda '|'.") % {"n": number})
            if len(output) > OUTPUT_MAX_LENGTH:
                raise forms.ValidationError(
                    _("Baris %(n)s: hasil kerja paling banyak %(max)s karakter.")
                    % {"n": number, "max": OUTPUT_MAX_LENGTH}
                )
            tasks.append({"id": None, "description": description, "output": output})
        return tasks

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
