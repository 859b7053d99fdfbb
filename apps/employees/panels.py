"""Home-page panels of the employees app."""

from apps.employees import selectors


def my_profile_panel(request):
    pegawai = selectors.pegawai_of_user(request.user)
    return {"pegawai": pegawai} if pegawai else None


def team_panel(request):
    team = selectors.team_of(request.user)
    return {"team": team[:8], "team_count": team.count()}


def admin_panel(request):
    if request.user.instansi_id is None:
        return None
    counts = selectors.pegawai_counts_by_type(request.user.instansi_id)
    return {"counts": counts, "total": sum(counts.values())}


def corrections_panel(request):
    """Personal-data correction requests waiting for the admins, and how many are past their 72 hours."""
    if request.user.instansi_id is None:
        return None
    counts = selectors.correction_counts(request.user.instansi_id)
    return counts if counts["open"] else None
