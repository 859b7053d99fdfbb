from django import forms
from django.utils.translation import gettext_lazy as _

from apps.employees.golongan import GOLONGAN_CHOICES
from apps.employees.models import Pegawai


class PegawaiForm(forms.ModelForm):
    golongan = forms.ChoiceField(label=_("Golongan"), choices=[("", "—")] + GOLONGAN_CHOICES, required=False)

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "name",
            "employment_type",
            "golongan",
            "birth_date",
            "sex",
            "unit_kerja",
            "jabatan",
            "atasan",
            "work_location",
            "education",
            "tmt",
            "email",
            "phone",
            "is_active",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tmt": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "nip": _("18 digit; spasi boleh, akan dihapus."),
            "atasan": _("Kosongkan untuk memakai pemegang jabatan manajerial terdekat di atasnya."),
        }

    def __init__(self, *args, units=None, jabatan=None, pegawai=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nip"].max_length = 30
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": 30})
        self.fields["unit_kerja"].queryset = units.order_by("path")
        self.fields["jabatan"].queryset = jabatan.order_by("name")
        atasan_qs = pegawai.filter(is_active=True).order_by("name")
        if self.instance.pk:
            atasan_qs = atasan_qs.exclude(pk=self.instance.pk)
        self.fields["atasan"].queryset = atasan_qs
        self.fields["atasan"].label_from_instance = lambda p: f"{p.name} — {p.jabatan or ''}"
