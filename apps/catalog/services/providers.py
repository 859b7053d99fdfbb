"""Penyelenggara and narasumber directory rows."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.catalog.errors import CatalogError
from apps.catalog.models import Narasumber, Penyelenggara
from apps.core.services import audit_log


def penyelenggara_save(
    *, actor: Any, instansi_id: int | None, penyelenggara: Penyelenggara | None = None, **fields: Any
) -> Penyelenggara:
    start, end = fields.get("mou_start"), fields.get("mou_end")
    if start and end and end < start:
        raise CatalogError(_("Tanggal akhir MoU tidak boleh sebelum tanggal mulainya."), field="mou_end")
    creating = penyelenggara is None
    obj = penyelenggara or Penyelenggara(instansi_id=instansi_id)
    for name, value in fields.items():
        setattr(obj, name, value)
    try:
        with transaction.atomic():
            obj.save()
            audit_log(actor=actor, action="catalog.penyelenggara." + ("create" if creating else "update"), instance=obj)
    except IntegrityError as exc:
        raise CatalogError(_("Penyelenggara dengan nama ini sudah ada."), field="name") from exc
    return obj


def narasumber_save(
    *, actor: Any, instansi_id: int | None, narasumber: Narasumber | None = None, **fields: Any
) -> Narasumber:
    creating = narasumber is None
    obj = narasumber or Narasumber(instansi_id=instansi_id)
    for name, value in fields.items():
        setattr(obj, name, value)
    with transaction.atomic():
        obj.save()
        audit_log(actor=actor, action="catalog.narasumber." + ("create" if creating else "update"), instance=obj)
    return obj


def narasumber_record_rating(*, narasumber_id: int, average: Any, count: int) -> None:
    """Called by the evaluations app with the L1 trainer score; catalog never reads evaluations."""
    Narasumber.objects.filter(pk=narasumber_id).update(rating_avg=average, rating_count=count)
