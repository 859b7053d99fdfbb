"""Filters of the API app's admin pages. Token choices come from the admin's own instansi only, so another
instansi's token id is an invalid choice (the page then shows nothing, never everything)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from apps.api.models import ApiCallLog
from apps.api.selectors import tokens_visible_to
from apps.core.filters import BootstrapFilterSet

STATUS_CLASSES = [
    ("2", _("2xx berhasil")),
    ("3", _("3xx dialihkan")),
    ("4", _("4xx ditolak (permintaan salah, token, cakupan, batas)")),
    ("5", _("5xx kesalahan server")),
]


def _tokens(request):
    return tokens_visible_to(request.user)


class CallLogFilter(BootstrapFilterSet):
    token = django_filters.ModelChoiceFilter(queryset=_tokens, label=_("Token"))
    status_class = django_filters.ChoiceFilter(
        choices=STATUS_CLASSES, method="by_status_class", label=_("Kelas status")
    )

    class Meta:
        model = ApiCallLog
        fields = ["token", "status_class"]

    def by_status_class(self, qs, name, value):
        low = int(value) * 100
        return qs.filter(status__gte=low, status__lt=low + 100)
