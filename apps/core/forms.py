from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX atau CSV"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Jenis berkas tidak didukung; gunakan .xlsx atau .csv."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar; batasnya %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Berkas kosong."))
        return upload


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Aksi"), required=False)
