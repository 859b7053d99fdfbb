from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.reports.kinds import available_kinds, default_year


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis laporan"))
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    angkatan = forms.ModelChoiceField(label=_("Angkatan (evaluasi angkatan)"), queryset=None, required=False)
    program = forms.ModelChoiceField(label=_("Program (tinjauan tahunan)"), queryset=None, required=False)

    def __init__(self, *args: Any, angkatan: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in available_kinds()]
        self.fields["year"].initial = default_year()
        self.fields["angkatan"].queryset = angkatan
        self.fields["program"].queryset = programs

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = next((k for k in available_kinds() if k.key == data.get("kind")), None)
        if kind is None:
            return data
        labels = {"year": _("Isi tahun laporan."), "angkatan": _("Pilih angkatan."), "program": _("Pilih program.")}
        params: dict[str, Any] = {}
        for name in kind.params:
            value = data.get(name)
            if value in (None, ""):
                self.add_error(name, labels[name])
            else:
                params[name] = value.pk if hasattr(value, "pk") else value
        data["parameters"] = params
        return data
