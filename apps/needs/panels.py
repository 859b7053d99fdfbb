"""Home-page panels of the needs app."""

from django.utils import timezone

from apps.employees.selectors import pegawai_of_user
from apps.needs import selectors


def my_competency_panel(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        return None
    today = timezone.localdate()
    policy = selectors.policy_for(pegawai.instansi_id, today)
    current = selectors.current_assessment_of(pegawai, policy, today)
    labels = selectors.labels_for(pegawai.instansi_id, today)
    return {"pegawai": pegawai, "current": current, "fit": labels.get(current.jpm_fit, "") if current else ""}


def admin_gap_panel(request):
    if request.user.instansi_id is None:
        return None
    today = timezone.localdate()
    return selectors.assessment_summary(
        request.user.instansi_id, selectors.policy_for(request.user.instansi_id, today), today
    )
