import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.competencies.models import Kompetensi, KompetensiKind
from apps.core.filters import BootstrapFilterSet

SCOPE_CHOICES = [("national", _("Nasional")), ("own", _("Milik instansi"))]


class KompetensiFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari kode/nama"))
    kind = django_filters.ChoiceFilter(choices=KompetensiKind.choices, label=_("Jenis kompetensi"))
    scope = django_filters.ChoiceFilter(choices=SCOPE_CHOICES, method="by_scope", label=_("Cakupan"))
    is_active = django_filters.BooleanFilter(label=_("Aktif"))

    class Meta:
        model = Kompetensi
        fields = ["q", "kind", "scope", "is_active"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(pembina__icontains=value))

    def by_scope(self, qs, name, value):
        return qs.filter(instansi__isnull=(value == "national"))
