"""Home-page panels of the catalog."""

import datetime

from django.utils import timezone

from apps.catalog import selectors
from apps.catalog.models import AngkatanStatus, ProgramStatus


def pegawai_panel(request):
    pegawai = selectors.pegawai_of(request.user)
    if pegawai is None:
        return None
    offers = selectors.offerings_open_for(pegawai)
    rows = list(offers[:5])
    region = pegawai.unit_kerja.region if pegawai.unit_kerja_id else ""
    for angkatan in rows:
        angkatan.reachable = selectors.is_reachable_from(angkatan, region)
    return {"open": rows, "open_count": offers.count()}


def admin_panel(request):
    if request.user.instansi_id is None:
        return None
    today = timezone.localdate()
    batches = selectors.angkatan_for_instansi(request.user.instansi_id)
    return {
        "programs": selectors.programs_published_for_instansi(request.user.instansi_id).count(),
        "open": batches.filter(status=AngkatanStatus.OPEN).count(),
        "upcoming": batches.filter(start_date__gte=today, start_date__lte=today + datetime.timedelta(days=90))
        .exclude(status=AngkatanStatus.CANCELLED)
        .count(),
        "draft": selectors.programs_editable_by(request.user).filter(status=ProgramStatus.DRAFT).count(),
    }
