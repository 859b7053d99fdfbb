import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import BootstrapFilterSet
from apps.employees.golongan import GOLONGAN_CHOICES
from apps.employees.models import EmploymentType, Pegawai
from apps.employees.nip import normalize_nip
from apps.organizations.models import UnitKerja
from apps.organizations.selectors import as_unit_choices, units_visible_to

_DIGIT_RUN = re.compile(r"[0-9]{6,}")


def is_nip_query(value: str) -> bool:
    """Six or more digits in a row (spaces ignored) may be a NIP or part of one: such a search is
    POSTed and answered in place, never put in a URL (domain.md rule 2)."""
    return bool(_DIGIT_RUN.search(normalize_nip(value)))


# Unit and jabatan choices only within one instansi: a superadmin who has not switched would get every
# unit and jabatan of every instansi (hundreds of thousands of options, many with the same name).
def _units(request):
    if request is None or request.user.instansi_id is None:
        return UnitKerja.objects.none()
    return as_unit_choices(units_visible_to(request.user))


class PegawaiFilter(BootstrapFilterSet):
    instansi_wide_choices = ("unit_kerja",)
    q = django_filters.CharFilter(method="search", label=_("Cari nama atau NIP"))
    unit_kerja = django_filters.ModelChoiceFilter(queryset=_units, method="in_unit", label=_("Unit kerja"))
    # Typed, not a dropdown: an instansi can have thousands of jabatan, too many <option>s for a phone.
    jabatan = django_filters.CharFilter(field_name="jabatan__name", lookup_expr="icontains", label=_("Jabatan"))
    employment_type = django_filters.ChoiceFilter(choices=EmploymentType.choices, label=_("Jenis kepegawaian"))
    golongan = django_filters.ChoiceFilter(choices=GOLONGAN_CHOICES, label=_("Golongan"))
    is_active = django_filters.BooleanFilter(label=_("Aktif"))

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "jabatan", "employment_type", "golongan", "is_active"]

    def search(self, qs, name, value):
        digits = normalize_nip(value)
        if digits.isdigit() and len(digits) >= 6:
            return qs.filter(nip__startswith=digits)
        return qs.filter(Q(name__icontains=value))

    def in_unit(self, qs, name, value):
        return qs.filter(unit_kerja__path__startswith=value.path)
