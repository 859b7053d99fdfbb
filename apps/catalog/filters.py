"""Catalog filters. Choice querysets are tenant-scoped; "for my jabatan" and "from where I work" use
the signed-in pegawai's own record."""

from __future__ import annotations

import calendar
import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.catalog import gaps, selectors
from apps.catalog.models import (
    Angkatan,
    AngkatanStatus,
    Form,
    Modality,
    Narasumber,
    Path,
    Penyelenggara,
    PenyelenggaraKind,
    Program,
    ProgramStatus,
)
from apps.core.filters import BootstrapFilterSet

MONTHS_ID = [
    "",
    _("Januari"),
    _("Februari"),
    _("Maret"),
    _("April"),
    _("Mei"),
    _("Juni"),
    _("Juli"),
    _("Agustus"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Desember"),
]


def month_choices() -> list[tuple[str, str]]:
    """This month and the next 17, plus the past 6 (admins look back)."""
    today = timezone.localdate()
    choices = []
    for offset in range(-6, 18):
        year, month = divmod(today.year * 12 + today.month - 1 + offset, 12)
        choices.append((f"{year:04d}-{month + 1:02d}", f"{MONTHS_ID[month + 1]} {year}"))
    return choices


def month_bounds(value: str) -> tuple[datetime.date, datetime.date] | None:
    try:
        year, month = (int(x) for x in value.split("-"))
        last = calendar.monthrange(year, month)[1]
        return datetime.date(year, month, 1), datetime.date(year, month, last)
    except (ValueError, TypeError):
        return None


def _penyelenggara(request):
    if request is None:
        return Penyelenggara.objects.none()
    return selectors.penyelenggara_visible_to(request.user).order_by("name")


def _kompetensi(request):
    if request is None:
        return Program.objects.none()
    return selectors.kompetensi_choices_for(request.user)


class _ProgramFields(BootstrapFilterSet):
    instansi_wide_choices = ("kompetensi", "penyelenggara")
    q = django_filters.CharFilter(method="search", label=_("Cari judul, kode, penyelenggara"))
    kompetensi = django_filters.ModelChoiceFilter(queryset=_kompetensi, method="by_kompetensi", label=_("Kompetensi"))
    path = django_filters.ChoiceFilter(choices=Path.choices, method="by_path", label=_("Jalur"))
    form = django_filters.ChoiceFilter(choices=Form.choices, method="by_form", label=_("Bentuk"))
    modality = django_filters.ChoiceFilter(choices=Modality.choices, label=_("Moda"))
    penyelenggara = django_filters.ModelChoiceFilter(
        queryset=_penyelenggara, method="by_penyelenggara", label=_("Penyelenggara")
    )
    for_me = django_filters.BooleanFilter(method="by_eligibility", label=_("Sesuai jabatan saya"))
    fills_gaps = django_filters.BooleanFilter(method="by_gaps", label=_("Mengisi kesenjangan saya"))

    program_prefix = ""
    # Shown in the first row of the filter form; the others sit behind "Filter lainnya".
    main_filters: tuple[str, ...] = ("q", "kompetensi", "modality")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not gaps.has_gap_provider():
            self.form.fields.pop("fills_gaps", None)

    def more_active(self) -> bool:
        """A filter behind "Filter lainnya" is set: the section opens, so no filter in use is hidden."""
        more = [name for name in self.form.fields if name not in self.main_filters]
        return any(self.data.get(name) not in (None, "", "unknown") for name in more)

    def search(self, qs, name, value):
        return selectors.search_programs(qs, value, prefix=self.program_prefix)

    def by_kompetensi(self, qs, name, value):
        ref = "program_id" if self.program_prefix else "pk"
        return qs.filter(selectors.has_competency_q(value.pk, program_ref=ref))

    def by_path(self, qs, name, value):
        return qs.filter(**{f"{self.program_prefix}path": value})

    def by_form(self, qs, name, value):
        return qs.filter(**{f"{self.program_prefix}form": value})

    def by_penyelenggara(self, qs, name, value):
        return qs.filter(**{f"{self.program_prefix}penyelenggara": value})

    def by_eligibility(self, qs, name, value):
        if not value:
            return qs
        pegawai = selectors.pegawai_of(self.request.user) if self.request else None
        if pegawai is None:
            return qs
        return qs.filter(selectors.eligible_q(pegawai, prefix=self.program_prefix))

    def by_gaps(self, qs, name, value):
        """Programmes that target any competency the pegawai is below the SKJ in."""
        if not value:
            return qs
        pegawai = selectors.pegawai_of(self.request.user) if self.request else None
        ids = gaps.gap_competency_ids(pegawai) if pegawai is not None else []
        if not ids:
            return qs.none()
        ref = "program_id" if self.program_prefix else "pk"
        return qs.filter(selectors.has_any_competency_q(ids, program_ref=ref))


class CatalogAngkatanFilter(_ProgramFields):
    """The pegawai catalog: batches, filtered on their programme and on dates, seats and place."""

    month = django_filters.ChoiceFilter(choices=month_choices, method="by_month", label=_("Bulan"))
    seats_left = django_filters.BooleanFilter(method="by_seats", label=_("Masih ada kursi"))
    reachable = django_filters.BooleanFilter(method="by_reach", label=_("Bisa diikuti dari lokasi kerja saya"))

    program_prefix = "program__"
    main_filters = ("q", "month", "modality", "seats_left")

    class Meta:
        model = Angkatan
        fields = ["q", "kompetensi", "path", "form", "modality", "month", "penyelenggara"]

    def by_month(self, qs, name, value):
        bounds = month_bounds(value)
        if bounds is None:
            return qs
        return qs.filter(start_date__lte=bounds[1], end_date__gte=bounds[0])

    def by_seats(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(seats_left_n__gt=0) if value else qs.filter(seats_left_n__lte=0)

    def by_reach(self, qs, name, value):
        if not value:
            return qs
        pegawai = selectors.pegawai_of(self.request.user) if self.request else None
        region = pegawai.unit_kerja.region if pegawai is not None else ""
        return qs.filter(selectors.remote_friendly_q(region))


class CatalogProgramFilter(_ProgramFields):
    class Meta:
        model = Program
        fields = ["q", "kompetensi", "path", "form", "modality", "penyelenggara"]


class AdminProgramFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari judul/kode"))
    status = django_filters.ChoiceFilter(choices=ProgramStatus.choices, label=_("Status"))
    path = django_filters.ChoiceFilter(choices=Path.choices, label=_("Jalur"))
    form = django_filters.ChoiceFilter(choices=Form.choices, label=_("Bentuk"))

    class Meta:
        model = Program
        fields = ["q", "status", "path", "form"]

    def search(self, qs, name, value):
        return selectors.search_programs(qs, value)


class AdminAngkatanFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama/kode/program"))
    status = django_filters.ChoiceFilter(choices=AngkatanStatus.choices, label=_("Status"))
    modality = django_filters.ChoiceFilter(choices=Modality.choices, label=_("Moda"))
    month = django_filters.ChoiceFilter(choices=month_choices, method="by_month", label=_("Bulan"))

    class Meta:
        model = Angkatan
        fields = ["q", "status", "modality", "month"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__iexact=value) | Q(program__title__icontains=value))

    def by_month(self, qs, name, value):
        bounds = month_bounds(value)
        if bounds is None:
            return qs
        return qs.filter(start_date__lte=bounds[1], end_date__gte=bounds[0])


class PenyelenggaraFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Cari nama"))
    kind = django_filters.ChoiceFilter(choices=PenyelenggaraKind.choices, label=_("Jenis"))

    class Meta:
        model = Penyelenggara
        fields = ["q", "kind"]


class NarasumberFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama/keahlian"))
    is_widyaiswara = django_filters.BooleanFilter(label=_("Widyaiswara"))

    class Meta:
        model = Narasumber
        fields = ["q", "is_widyaiswara"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(expertise__icontains=value) | Q(institution__icontains=value))
