import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.validators import NoFormulaMixin
from apps.employees.golongan import GOLONGAN_CHOICES
from apps.employees.models import CORRECTABLE_FIELDS, Pegawai
from apps.employees.nip import normalize_nip
from apps.employees.services import PegawaiError, check_golongan, check_nip, check_nip_format
from apps.organizations.selectors import as_jabatan_choices, as_unit_choices


class PegawaiForm(NoFormulaMixin, forms.ModelForm):
    # Declared here, not taken from the model: typed with spaces a NIP is longer than its 18 stored digits.
    nip = forms.CharField(label=_("NIP / NI PPPK"), max_length=30, help_text=_("18 digit; spasi boleh, akan dihapus."))
    golongan = forms.ChoiceField(label=_("Golongan"), choices=[("", "—")] + GOLONGAN_CHOICES, required=False)
    # The atasan is typed as a NIP: a dropdown of every pegawai of a 20,000-person instansi would
    # weigh a megabyte on a phone. The NIP travels in the POST body, never in a URL.
    atasan = forms.CharField(
        label=_("NIP atasan langsung"),
        max_length=30,
        required=False,
        help_text=_("Kosongkan untuk memakai pemegang jabatan manajerial terdekat di atasnya."),
    )

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

    def __init__(self, *args, units=None, jabatan=None, pegawai=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": 30})
        self.fields["unit_kerja"].queryset = as_unit_choices(units)
        self.fields["jabatan"].queryset = as_jabatan_choices(jabatan)
        self._atasan_candidates = pegawai.filter(is_active=True).exclude(pk=self.instance.pk)
        self.fields["atasan"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        current = self.instance.atasan if self.instance.pk and self.instance.atasan_id else None
        if current is not None:
            self.initial.setdefault("atasan", current.nip_display)
            self.fields["atasan"].help_text = _("Saat ini: %(name)s. Kosongkan untuk memakai atasan bawaan.") % {
                "name": current.name
            }

    def clean_atasan(self):
        digits = normalize_nip(self.cleaned_data.get("atasan"))
        if not digits:
            return None
        atasan = self._atasan_candidates.filter(nip=digits).first()
        if atasan is None:
            raise forms.ValidationError(_("Tidak ada pegawai aktif lain dengan NIP ini di instansi Anda."))
        return atasan

    def clean_nip(self):
        return normalize_nip(self.cleaned_data.get("nip"))

    def clean(self):
        """Run the service's NIP and golongan rules here as well: ModelForm validates the model's
        constraints before the view reaches the service, and those would answer with a constraint
        name instead of the rule (N1–N7, rule 4). A field with an error is left out of that check."""
        data = super().clean()
        nip, employment_type = data.get("nip"), data.get("employment_type")
        try:
            if nip is not None and employment_type:
                check_nip(
                    nip=nip, employment_type=employment_type, birth_date=data.get("birth_date"), sex=data.get("sex", "")
                )
            elif nip is not None:
                check_nip_format(nip=nip)
        except PegawaiError as exc:
            self.add_error("nip", exc.message)
        if employment_type:
            try:
                check_golongan(employment_type=employment_type, golongan=data.get("golongan") or "")
            except PegawaiError as exc:
                self.add_error("golongan", exc.message)
        return data


class PegawaiNipField(forms.CharField):
    """Choose a pegawai by typing their NIP, looked up in a scoped queryset.

    A <select> of every pegawai of a 20,000-person instansi would weigh a megabyte on a phone; the
    NIP is the key HR staff already use, and it travels in the POST body, never in a URL. Set
    `queryset` (e.g. a selector's result) before validation; cleaning returns the Pegawai or None."""

    default_error_messages = {
        "not_found": _("Tidak ada pegawai aktif dengan NIP ini yang dapat Anda pilih."),
    }

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("Ketik NIP (18 digit; spasi boleh)."))
        super().__init__(**kwargs)
        self.queryset = queryset
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, Pegawai):
            return value.nip_display
        return value

    def clean(self, value):
        digits = normalize_nip(super().clean(value))
        if not digits:
            return None
        found = self.queryset.filter(nip=digits, is_active=True).first() if self.queryset is not None else None
        if found is None:
            raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
        return found


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Setujui")), ("reject", _("Tolak"))])
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


def correctable_field_choices() -> list[tuple[str, str]]:
    return [(name, str(Pegawai._meta.get_field(name).verbose_name).capitalize()) for name in CORRECTABLE_FIELDS]


class CorrectionRequestForm(NoFormulaMixin, forms.Form):
    field = forms.ChoiceField(label=_("Data yang salah"), choices=())
    requested_value = forms.CharField(label=_("Nilai yang benar"), max_length=200)
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sebutkan dokumen yang mendukung, mis. SK atau akta kelahiran."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "—")] + correctable_field_choices()


class CorrectionAnswerForm(NoFormulaMixin, forms.Form):
    """Apply (with the value typed as the pegawai form types it, so the same field rules hold) or refuse."""

    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=[("apply", _("Perbaiki data")), ("refuse", _("Tolak"))], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Catatan / alasan"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, correction, **kwargs):
        super().__init__(*args, **kwargs)
        value = copy.deepcopy(PegawaiForm.base_fields[correction.field])
        value.required = False
        value.label = _("Nilai baru: %(field)s") % {"field": correction.field_label}
        value.help_text = _("Diisi dengan nilai yang diminta pegawai; periksa dan sesuaikan bila perlu.")
        self.fields["value"] = value
        self.order_fields(["decision", "value", "note"])
        self.initial.setdefault("value", correction.requested_value)
        self.field_name = correction.field

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "apply" and data.get("value") in (None, ""):
            self.add_error("value", _("Isi nilai baru sebelum memperbaiki data."))
        if decision == "apply" and self.field_name == "nip" and data.get("value"):
            data["value"] = normalize_nip(data["value"])
        if decision == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("Tuliskan alasan penolakan."))
        return data
