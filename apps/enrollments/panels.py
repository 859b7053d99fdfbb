"""Home-page panels: pending approvals (atasan), JP progress (pegawai), verification queue (admin)."""

from django.utils import timezone

from apps.employees.selectors import pegawai_of_user
from apps.enrollments import selectors
from apps.enrollments.models import HOLDING_STATUSES, PENDING_STATUSES


def approvals_panel(request):
    queue = selectors.approval_queue(request.user)
    rows = list(queue[:5])
    return {"rows": rows, "count": queue.count()} if rows else None


def jp_panel(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        return None
    progress, _bounds = selectors.yearly_progress_of(pegawai, on=timezone.localdate())
    active = selectors.my_enrollments(request.user).filter(status__in=(*PENDING_STATUSES, *HOLDING_STATUSES)).count()
    return {"progress": progress, "active": active}


def verify_panel(request):
    if request.user.instansi_id is None:
        return None
    return {
        "count": selectors.verification_queue(request.user).count(),
        "external": selectors.external_pending(request.user).count(),
    }
