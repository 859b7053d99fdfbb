import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import BootstrapFilterSet
from apps.enrollments.models import Enrollment, EnrollmentStatus, ExternalStatus, ExternalTraining
from apps.enrollments.selectors import angkatan_in_instansi, angkatan_of_queue
from apps.organizations.selectors import as_unit_choices, units_visible_to


def _angkatan(request):
    return angkatan_in_instansi(request.user).order_by("-start_date", "id")


def _units(request):
    return as_unit_choices(units_visible_to(request.user))


class EnrollmentFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama pegawai atau program"))
    status = django_filters.ChoiceFilter(choices=EnrollmentStatus.choices, label=_("Status"))
    angkatan = django_filters.ModelChoiceFilter(queryset=_angkatan, label=_("Angkatan"))

    class Meta:
        model = Enrollment
        fields = ["q", "status", "angkatan"]

    def search(self, qs, name, value):
        return qs.filter(Q(pegawai__name__icontains=value) | Q(angkatan__program__title__icontains=value))


class QueueFilter(BootstrapFilterSet):
    """A queue (the atasan's approvals, BKPSDM's verifications) offers only the batches in it: a province
    holds thousands of batches, the queue a handful."""

    q = django_filters.CharFilter(method="search", label=_("Cari nama pegawai atau program"))
    angkatan = django_filters.ModelChoiceFilter(queryset=_angkatan, label=_("Angkatan"))

    class Meta:
        model = Enrollment
        fields = ["q", "angkatan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["angkatan"].queryset = angkatan_of_queue(self.queryset)

    def search(self, qs, name, value):
        return qs.filter(Q(pegawai__name__icontains=value) | Q(angkatan__program__title__icontains=value))


class ExternalFilter(BootstrapFilterSet):
    status = django_filters.ChoiceFilter(choices=ExternalStatus.choices, label=_("Status"))

    class Meta:
        model = ExternalTraining
        fields = ["status"]


class UnitFilter(django_filters.FilterSet):
    """Filter for pegawai lists of the JP pages (unit subtree)."""

    unit_kerja = django_filters.ModelChoiceFilter(queryset=_units, method="in_unit", label=_("Unit kerja"))

    def in_unit(self, qs, name, value):
        return qs.filter(unit_kerja__path__startswith=value.path)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")
