"""Home-page panels of the mentoring app."""

from apps.mentoring import selectors


def mentor_panel(request):
    pairs = selectors.pairs_as_mentor(request.user).filter(status="active")
    rows = list(pairs[:6])
    if not rows:
        return None
    return {"pairs": rows, "pending": sum(p.pending_count for p in rows)}


def mentee_panel(request):
    rows = list(selectors.pairs_as_mentee(request.user).filter(status="active")[:3])
    if not rows:
        return None
    return {"pairs": rows, "pending": sum(p.pending_count for p in rows)}


def admin_panel(request):
    if request.user.instansi_id is None:
        return None
    programs = list(selectors.programs_visible_to(request.user).filter(status="active").order_by("-start_date")[:5])
    if not programs:
        return None
    stats = selectors.program_stats([p.pk for p in programs])
    return {"rows": [(p, stats[p.pk]) for p in programs]}


def projects_to_assess_panel(request):
    """The projects whose report waits for this user's assessment (they supervise the project)."""
    waiting = selectors.projects_to_assess(request.user)
    rows = list(waiting[:5])
    if not rows:
        return None
    return {"rows": rows, "count": len(rows) if len(rows) < 5 else waiting.count()}
