from django import forms
from django.utils.translation import gettext_lazy as _

from apps.competencies.models import LEVEL_CHOICES, DefaultLevelRule, Kompetensi, KompetensiKind
from apps.organizations.models import JenisJabatan, Jenjang


class LevelField(forms.TypedChoiceField):
    """A required level 1–5; anything else is refused with an Indonesian message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Level"))
        super().__init__(choices=LEVEL_CHOICES, coerce=int, **kwargs)
        self.error_messages["invalid_choice"] = _("Level harus bilangan bulat 1–5.")
        self.error_messages["required"] = _("Pilih level 1–5.")


class KompetensiForm(forms.ModelForm):
    """Competency with its five level descriptors edited on the same page."""

    class Meta:
        model = Kompetensi
        fields = ["kind", "code", "name", "description", "pembina", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, national: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not national:
            self.fields["kind"].choices = [(KompetensiKind.TEKNIS, KompetensiKind.TEKNIS.label)]
            self.fields["kind"].initial = KompetensiKind.TEKNIS
        levels = {d.level: d for d in self.instance.levels.all()} if self.instance.pk else {}
        for n in range(1, 6):
            current = levels.get(n)
            self.fields[f"level_{n}"] = forms.CharField(
                label=_("Deskripsi level %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.description if current else "",
            )
            self.fields[f"indicators_{n}"] = forms.CharField(
                label=_("Indikator level %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Satu indikator per baris."),
                initial=current.indicators if current else "",
            )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def level_rows(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data[f"level_{n}"], self.cleaned_data[f"indicators_{n}"]) for n in range(1, 6)]

    def model_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class SKJRowForm(forms.Form):
    kompetensi = forms.ModelChoiceField(queryset=Kompetensi.objects.none(), label=_("Kompetensi"))
    level = LevelField()

    def __init__(self, *args, kompetensi_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kompetensi_qs is not None:
            self.fields["kompetensi"].queryset = kompetensi_qs
        self.fields["kompetensi"].error_messages["invalid_choice"] = _("Pilih kompetensi yang ada di kamus.")


class SKJLevelsForm(forms.Form):
    """One level field per existing SKJ row (name `level_<item id>`)."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"level_{item.pk}"] = LevelField(initial=item.required_level, label=item.kompetensi.code)

    def levels(self) -> dict[int, int]:
        return {int(name.split("_", 1)[1]): value for name, value in self.cleaned_data.items()}


class SKJCopyForm(forms.Form):
    source = forms.ModelChoiceField(queryset=None, label=_("Salin dari jabatan"))

    def __init__(self, *args, jabatan_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = jabatan_qs
        self.fields["source"].error_messages["invalid_choice"] = _("Pilih jabatan yang sudah memiliki SKJ.")


class TaskLinkForm(forms.Form):
    kompetensi = forms.ModelMultipleChoiceField(
        queryset=Kompetensi.objects.none(), required=False, label=_("Kompetensi teknis yang dibutuhkan")
    )

    def __init__(self, *args, kompetensi_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kompetensi_qs is not None:
            self.fields["kompetensi"].queryset = kompetensi_qs


class DefaultLevelRuleForm(forms.ModelForm):
    jenis = forms.ChoiceField(label=_("Jenis jabatan"), choices=JenisJabatan.choices)
    jenjang = forms.ChoiceField(
        label=_("Jenjang"), choices=[("", _("Semua jenjang"))] + Jenjang.choices, required=False
    )
    level = LevelField(label=_("Level bawaan"))

    class Meta:
        model = DefaultLevelRule
        fields = ["jenis", "jenjang", "level", "effective_from", "effective_to", "source"]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
        return data
