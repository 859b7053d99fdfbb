"""Home-page panels of evaluations."""

from apps.evaluations import selectors, services


def pending_surveys_panel(request):
    own, _team = services.pending_split(request.user)
    return {"pending": own} if own else None


def team_followups_panel(request):
    """The L3 follow-ups waiting for this atasan: a card of its own, not a line among their surveys."""
    _own, team = services.pending_split(request.user)
    return {"pending": team} if team else None


def my_actions_panel(request):
    """Improvement actions assigned to the signed-in person and not yet done, nearest deadline first."""
    actions = selectors.open_actions_assigned_to(request.user)
    return {"actions": actions} if actions else None
