from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.utils import ErrorDict
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
    """The audit page's filters; the same query string drives the XLSX export."""

    action = forms.CharField(label=_("Aksi"), required=False, max_length=60)
    object_type = forms.CharField(label=_("Jenis objek"), required=False, max_length=60)
    object_id = forms.CharField(label=_("ID objek"), required=False, max_length=40)
    actor = forms.CharField(label=_("Pelaku"), required=False, max_length=150)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def criteria(self) -> dict[str, Any]:
        """The filters for `audit_events_filtered` (none when the form is invalid: the page says why)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


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


# The name of every "Tambah baris" submit button; its value is the prefix of the formset that grows.
ADD_ROWS = "tambah_baris"
MORE_ROWS = 3


def wants_more_rows(data: Any) -> bool:
    """The POST came from a "Tambah baris" button: re-render with more rows, save nothing."""
    return data is not None and ADD_ROWS in data


def hide_errors(*forms_: Any) -> None:
    """A "Tambah baris" re-render is not a save attempt, so half-typed rows are not marked wrong."""
    for form in forms_:
        if isinstance(form, forms.BaseFormSet):
            hide_errors(*form.forms)
            form._errors = [ErrorDict() for _row in form.forms]
            form._non_form_errors = form.error_class()
        else:
            form._errors = ErrorDict()


class RowFormSetMixin:
    """For a formset used as a row editor. `row_label` names a row on the page and in messages
    ("Tugas ke-2"); a row with errors is also listed above the rows, so a long list shows where to
    look. When the "Tambah baris" button of this formset was pressed, the bound formset comes back
    with MORE_ROWS empty rows added (the JavaScript in static/js/formset.js adds them in the page
    instead)."""

    row_label: Any = _("Baris")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get(ADD_ROWS) == self.prefix:
            data = self.data.copy()
            key = f"{self.prefix}-{TOTAL_FORM_COUNT}"
            current = data.get(key, "")
            total = int(current) if str(current).isdigit() else 0
            data[key] = str(min(total + MORE_ROWS, max(total, self.max_num)))  # never past the row limit
            self.data = data

    def row_problems(self) -> list[str]:
        problems = []
        for number, form in enumerate(self.forms, start=1):
            if form.errors and not self._should_delete_form(form):
                first = next(iter(form.errors.values()))[0]
                problems.append(_("%(row)s ke-%(n)s: %(error)s") % {"row": self.row_label, "n": number, "error": first})
        return problems

    def clean_rows(self) -> None:
        """Checks across rows; put each error on its row with `form.add_error`."""

    def clean(self) -> None:
        super().clean()
        if not any(form.errors for form in self.forms):
            self.clean_rows()
        if problems := self.row_problems():
            raise forms.ValidationError(problems)

    def kept_forms(self) -> list[tuple[int, forms.BaseForm]]:
        """(row number, form) of every row to save: not ticked for removal, not an untouched empty row."""
        stored = self.initial_form_count()
        return [
            (number, form)
            for number, form in enumerate(self.forms, start=1)
            if not self._should_delete_form(form) and (number <= stored or form.has_changed())
        ]


def rows_status(*forms_: Any) -> int:
    """422 when a form or any row of a row editor has an error, else 200."""
    return 422 if any(f.total_error_count() if isinstance(f, forms.BaseFormSet) else f.errors for f in forms_) else 200


def columns(form: forms.BaseForm, layout: dict[str, str]) -> None:
    """Grid classes of a row's fields (the row template reads `field.field.col_class`)."""
    for name, css in layout.items():
        if name in form.fields:
            form.fields[name].col_class = css


# The usual options of a row editor's formset_factory.
ROW_FORMSET = {"extra": 3, "can_delete": True, "can_delete_extra": False, "max_num": 200, "validate_max": True}
