"""Reads of evaluation data. The only door to questionnaires, responses and results."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from apps.evaluations.models import IkmBand
from apps.evaluations.scoring import DEFAULT_BANDS, Band


def ikm_bands_on(on: datetime.date | None = None) -> tuple[str, tuple[Band, ...]]:
    """The band table in force on `on` (version, bands); the shipped table if none is stored."""
    on = on or timezone.localdate()
    rows = list(
        IkmBand.objects.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from", "-low")
    )
    if not rows:
        return "default", DEFAULT_BANDS
    version = rows[0].version
    return version, tuple(Band(r.mutu, r.label, r.low, r.high) for r in rows if r.version == version)
