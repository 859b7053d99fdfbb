"""Home-page panels of evaluations."""

from apps.evaluations import services


def pending_surveys_panel(request):
    pending = services.pending_invitations(request.user)
    return {"pending": pending} if pending else None
