import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.competencies.selectors import kompetensi_visible_to
from apps.core.filters import BootstrapFilterSet
from apps.employees.models import Pegawai
from apps.needs.models import PERFORMANCE_GAP
from apps.organizations.selectors import as_jabatan_choices, as_unit_choices, jabatan_visible_to, units_visible_to

FIT_CHOICES = [("MS", _("Memenuhi Syarat")), ("MMS", _("Masih Memenuhi Syarat")), ("KMS", _("Kurang Memenuhi Syarat"))]
STATUS_CHOICES = [("complete", _("JPM lengkap")), ("incomplete", _("Belum lengkap")), ("none", _("Belum dinilai"))]


def _units(request):
    return as_unit_choices(units_visible_to(request.user))


def _jabatan(request):
    return as_jabatan_choices(jabatan_visible_to(request.user))


class GapFilter(BootstrapFilterSet):
    instansi_wide_choices = ("unit_kerja", "jabatan")
    q = django_filters.CharFilter(method="search", label=_("Cari nama"))
    unit_kerja = django_filters.ModelChoiceFilter(queryset=_units, method="in_unit", label=_("Unit kerja"))
    jabatan = django_filters.ModelChoiceFilter(queryset=_jabatan, label=_("Jabatan"))
    fit = django_filters.ChoiceFilter(choices=FIT_CHOICES, method="by_fit", label=_("Kategori JPM"))
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="by_status", label=_("Status penilaian"))

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "jabatan", "fit", "status"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value))

    def in_unit(self, qs, name, value):
        return qs.filter(unit_kerja__path__startswith=value.path)

    def by_fit(self, qs, name, value):
        return qs.filter(current_fit=value)

    def by_status(self, qs, name, value):
        if value == "none":
            return qs.filter(current_id__isnull=True)
        return qs.filter(current_complete=(value == "complete"))


class HeatmapFilter(BootstrapFilterSet):
    instansi_wide_choices = ("unit_kerja", "jabatan")
    unit_kerja = django_filters.ModelChoiceFilter(
        queryset=_units, method="in_unit", label=_("Unit kerja (beserta bawahannya)")
    )
    jabatan = django_filters.ModelChoiceFilter(queryset=_jabatan, label=_("Jabatan"))
    by = django_filters.ChoiceFilter(
        choices=[("unit", _("Unit kerja")), ("jabatan", _("Jabatan"))],
        method="noop",
        label=_("Baris menurut"),
        empty_label=None,
    )

    class Meta:
        model = Pegawai
        fields = ["unit_kerja", "jabatan", "by"]

    def in_unit(self, qs, name, value):
        return qs.filter(unit_kerja__path__startswith=value.path)

    def noop(self, qs, name, value):
        return qs


class PerformanceFilter(BootstrapFilterSet):
    from apps.needs.models import Predikat

    q = django_filters.CharFilter(method="search", label=_("Cari nama"))
    year = django_filters.NumberFilter(label=_("Tahun"))
    predikat = django_filters.ChoiceFilter(choices=Predikat.choices, label=_("Predikat"))
    gap = django_filters.BooleanFilter(method="only_gap", label=_("Kesenjangan kinerja"))
    kompetensi = django_filters.ModelChoiceFilter(
        queryset=lambda r: _kompetensi(r), method="points_at", label=_("Mengarah ke kompetensi")
    )
    unit_kerja = django_filters.ModelChoiceFilter(queryset=_units, method="in_unit", label=_("Unit kerja"))

    class Meta:
        from apps.needs.models import PerformanceRecord

        model = PerformanceRecord
        fields = ["q", "year", "predikat", "gap", "kompetensi", "unit_kerja"]

    def search(self, qs, name, value):
        return qs.filter(pegawai__name__icontains=value)

    def only_gap(self, qs, name, value):

        return qs.filter(PERFORMANCE_GAP) if value else qs.exclude(PERFORMANCE_GAP)

    def points_at(self, qs, name, value):
        return qs.filter(kompetensi=value)

    def in_unit(self, qs, name, value):
        return qs.filter(pegawai__unit_kerja__path__startswith=value.path)


def _kompetensi(request):

    return kompetensi_visible_to(request.user).order_by("code")


class NeedsFilter(BootstrapFilterSet):
    from apps.needs.models import NeedsSource, NeedsStatus

    q = django_filters.CharFilter(method="search", label=_("Cari pegawai"))
    year = django_filters.NumberFilter(label=_("Tahun"))
    source = django_filters.ChoiceFilter(choices=NeedsSource.choices, label=_("Sumber"))
    kompetensi = django_filters.ModelChoiceFilter(queryset=lambda r: _kompetensi(r), label=_("Kompetensi"))
    unit_kerja = django_filters.ModelChoiceFilter(queryset=_units, method="in_unit", label=_("Unit kerja"))
    status = django_filters.ChoiceFilter(choices=NeedsStatus.choices, label=_("Status"))
    min_priority = django_filters.NumberFilter(field_name="priority", lookup_expr="gte", label=_("Prioritas minimal"))

    class Meta:
        from apps.needs.models import NeedsItem

        model = NeedsItem
        fields = ["q", "year", "source", "kompetensi", "unit_kerja", "status", "min_priority"]

    def search(self, qs, name, value):
        return qs.filter(pegawai__name__icontains=value)

    def in_unit(self, qs, name, value):
        return qs.filter(
            Q(unit_kerja__path__startswith=value.path) | Q(pegawai__unit_kerja__path__startswith=value.path)
        )
