"""Home-page panels of evaluations."""

from apps.evaluations import services


def pending_surveys_panel(request):
    own, _team = services.pending_split(request.user)
    return {"pending": own} if own else None


def team_followups_panel(request):
    """The L3 follow-ups waiting for this atasan: a card of its own, not a line among their surveys."""
    _own, team = services.pending_split(request.user)
    return {"pending": team} if team else None
