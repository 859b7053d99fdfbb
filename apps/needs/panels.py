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


def team_idp_panel(request):
    """IDPs of the atasan's team waiting for their agreement: a card with the count, hidden when none wait."""
    waiting = selectors.team_idps_waiting(request.user)
    return {"waiting": waiting} if waiting else None


def plans_waiting_panel(request):
    """Plans (RPK) submitted for the head of BKPSDM's decision, on every admin's home until decided."""
    if request.user.instansi_id is None:
        return None
    plans = selectors.plans_waiting(request.user.instansi_id)
    return {"plans": plans} if plans else None
