import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import BootstrapFilterSet
from apps.organizations.models import Jabatan, JenisJabatan, UnitKerja, UnitKind
from apps.organizations.selectors import as_unit_choices, units_visible_to


class UnitKerjaFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama/kode"))
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Jenis unit"))
    is_remote = django_filters.BooleanFilter(label=_("Terpencil"))

    class Meta:
        model = UnitKerja
        fields = ["q", "kind", "is_remote"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__iexact=value))


def _units(request):
    """Units of the acting instansi only; a superadmin who has not switched gets no choices rather
    than every unit of every instansi."""
    if request is None or request.user.instansi_id is None:
        return UnitKerja.objects.none()
    return as_unit_choices(units_visible_to(request.user))


class JabatanFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama/kode"))
    jenis = django_filters.ChoiceFilter(choices=JenisJabatan.choices, label=_("Jenis jabatan"))
    unit_kerja = django_filters.ModelChoiceFilter(queryset=_units, label=_("Unit kerja"), method="in_unit")

    class Meta:
        model = Jabatan
        fields = ["q", "jenis", "unit_kerja"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__iexact=value))

    def in_unit(self, qs, name, value):
        return qs.filter(unit_kerja__path__startswith=value.path)
