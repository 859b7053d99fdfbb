"""Remote access report (issue 5): pegawai by work location, urban vs remote, with the batches
they can reach in the year (online/blended, or a classroom in their region) and, when an app that
knows completions registers a counter, how many had any training this year.

The catalog sits below enrollments, so it cannot ask who trained; enrollments registers
`register_trained_counter(fn)` in its AppConfig.ready(), fn(instansi_id, year) -> set of pegawai ids."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from apps.catalog.models import ONLINE_MODALITIES, Angkatan, AngkatanStatus
from apps.employees.selectors import pegawai_for_instansi

TrainedCounter = Callable[[int, int], set[int]]
_COUNTERS: list[TrainedCounter] = []


def register_trained_counter(fn: TrainedCounter) -> None:
    if fn not in _COUNTERS:
        _COUNTERS.append(fn)


@dataclass
class LocationRow:
    region: str
    is_remote: bool
    pegawai: int = 0
    trained: int | None = None
    batches_in_region: int = 0
    locations: list[str] = field(default_factory=list)

    @property
    def trained_percent(self) -> float | None:
        if self.trained is None or not self.pegawai:
            return None
        return round(self.trained * 100 / self.pegawai, 1)


@dataclass
class LocationReport:
    year: int
    rows: list[LocationRow]
    online_batches: int
    totals: dict[str, LocationRow]
    has_training_data: bool


def work_location_report(*, instansi_id: int, year: int) -> LocationReport:
    """Four queries whatever the size: pegawai grouped by region × remote, work locations per group,
    batches per region, online batch count (plus one per registered counter)."""
    pegawai = pegawai_for_instansi(instansi_id).filter(is_active=True)
    groups = (
        pegawai.values("unit_kerja__region", "unit_kerja__is_remote")
        .annotate(n=Count("id"))
        .order_by("-unit_kerja__is_remote", "unit_kerja__region")
    )
    rows: dict[tuple[str, bool], LocationRow] = {}
    for g in groups:
        key = ((g["unit_kerja__region"] or "").strip(), bool(g["unit_kerja__is_remote"]))
        row = rows.setdefault(key, LocationRow(region=key[0] or _("(wilayah belum diisi)"), is_remote=key[1]))
        row.pegawai += g["n"]
    for loc in (
        pegawai.exclude(work_location="")
        .values("unit_kerja__region", "unit_kerja__is_remote", "work_location")
        .annotate(n=Count("id"))
        .order_by("-n")[:500]
    ):
        key = ((loc["unit_kerja__region"] or "").strip(), bool(loc["unit_kerja__is_remote"]))
        if key in rows and len(rows[key].locations) < 5:
            rows[key].locations.append(loc["work_location"])
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    batches = Angkatan.objects.filter(instansi_id=instansi_id, start_date__lte=end, end_date__gte=start).exclude(
        status=AngkatanStatus.CANCELLED
    )
    per_region = {
        (r["region"] or "").strip().lower(): r["n"]
        for r in batches.filter(~Q(modality__in=list(ONLINE_MODALITIES))).values("region").annotate(n=Count("id"))
    }
    online = batches.filter(modality__in=list(ONLINE_MODALITIES)).count()
    for (region, _remote), row in rows.items():
        row.batches_in_region = per_region.get(region.lower(), 0) if region else 0
    has_training = bool(_COUNTERS)
    if has_training:
        trained_ids: set[int] = set()
        for counter in _COUNTERS:
            trained_ids |= counter(instansi_id, year)
        for row in rows.values():
            row.trained = 0
        for pk, region, remote in pegawai.values_list("id", "unit_kerja__region", "unit_kerja__is_remote"):
            if pk in trained_ids:
                rows[((region or "").strip(), bool(remote))].trained += 1
    totals = {
        "remote": LocationRow(region=_("Lokasi terpencil"), is_remote=True),
        "urban": LocationRow(region=_("Perkotaan / tidak terpencil"), is_remote=False),
    }
    for row in rows.values():
        total = totals["remote" if row.is_remote else "urban"]
        total.pegawai += row.pegawai
        if row.trained is not None:
            total.trained = (total.trained or 0) + row.trained
    return LocationReport(
        year=year, rows=list(rows.values()), online_batches=online, totals=totals, has_training_data=has_training
    )
