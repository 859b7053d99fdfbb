"""Performance (SKP) realisation per pegawai and year."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.competencies.selectors import kompetensi_for_instansi
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.needs.errors import NeedsError
from apps.needs.models import PerformanceRecord, Predikat


def performance_save(
    *, actor: Any, pegawai: Pegawai, record: Any = None, kompetensi: list | None = None, **fields: Any
) -> Any:
    """Create or change a pegawai's SKP record for a year; the linked competencies must be known to the instansi."""
    if fields.get("predikat") not in Predikat.values:
        raise NeedsError(_("Predikat harus salah satu dari lima predikat SKP."), code="needs.predikat")
    creating = record is None
    record = record or PerformanceRecord(instansi_id=pegawai.instansi_id, pegawai=pegawai)
    if record.pegawai_id != pegawai.pk or pegawai.instansi_id != record.instansi_id:
        raise NeedsError(_("Pegawai tidak dikenal."))
    kompetensi = list(kompetensi or [])
    allowed = set(kompetensi_for_instansi(pegawai.instansi_id).values_list("pk", flat=True))
    if any(k.pk not in allowed for k in kompetensi):
        raise NeedsError(_("Kompetensi tidak dikenal di instansi ini."))
    for key, value in fields.items():
        setattr(record, key, value)
    if creating and PerformanceRecord.objects.filter(pegawai=pegawai, year=record.year).exists():
        raise NeedsError(_("Data SKP pegawai ini untuk tahun tersebut sudah ada."), code="needs.performance_dup")
    with transaction.atomic():
        record.save()
        record.kompetensi.set(kompetensi)
        audit_log(actor=actor, action="performance.create" if creating else "performance.update", instance=record)
    return record
