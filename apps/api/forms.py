from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.api.models import ApiScope

MAX_DAYS = 730


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Misalnya nama sistem yang memakainya: SIMPEG, LMS."),
        error_messages={"required": _("Nama token wajib diisi.")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("Cakupan"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiScope.READ],
        error_messages={"required": _("Pilih sedikitnya satu cakupan.")},
    )
    expires_on = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan untuk satu tahun sejak hari ini. Paling lama dua tahun."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Nama token wajib diisi."))
        return name

    def clean_expires_on(self) -> datetime.date:
        today = timezone.localdate()
        value = self.cleaned_data.get("expires_on") or today + datetime.timedelta(days=365)
        if value <= today:
            raise forms.ValidationError(_("Tanggal berlaku harus setelah hari ini."))
        if value > today + datetime.timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("Token berlaku paling lama dua tahun."))
        return value

    def expires_at(self) -> Any:
        """The end of the chosen day in the instansi's time zone."""
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class FeedIssueForm(forms.Form):
    """The two buttons of the calendar page that make an address: the first one, or a new one in place of it."""

    CREATE = "create"
    RESET = "reset"
    action = forms.ChoiceField(choices=[(CREATE, _("Buat alamat")), (RESET, _("Atur ulang alamat"))])

    def replaces(self) -> bool:
        return self.cleaned_data["action"] == self.RESET
