from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import DomainError


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


# --------------------------------------------------------------------------- domain errors on forms


@dataclass(frozen=True)
class Outcome:
    """What `save_or_error` did: truthy when the service call went through; `value` is what it returned."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def add_domain_error(
    form: forms.BaseForm, exc: DomainError, *, field: str | None = None, aliases: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: on the field it names (`exc.field`, or `field` when the view
    knows better; `aliases` maps a service's field name to the form's), else as a non-field error."""
    name = field or getattr(exc, "field", None) or ""
    if aliases:
        name = aliases.get(name, name)
    form.add_error(name if name in form.fields else None, exc.message)


def save_or_error(
    form: forms.BaseForm,
    call: Callable[[], Any],
    *,
    field: str | None = None,
    aliases: dict[str, str] | None = None,
) -> Outcome:
    """Run the service call of a valid form; a `DomainError` lands on the form instead of escaping.

    Views read: ``if form.is_valid() and (saved := save_or_error(form, lambda: services.x(...))):``"""
    try:
        return Outcome(True, call())
    except DomainError as exc:
        add_domain_error(form, exc, field=field, aliases=aliases)
        return Outcome(False)


def form_status(*forms_: forms.BaseForm | None) -> int:
    """422 when any bound form has errors (bad input is not a success), else 200."""
    return 422 if any(f is not None and f.errors for f in forms_) else 200
