"""Account reads."""

from __future__ import annotations

from apps.accounts.models import User


def users_for_password_reset(*, email: str) -> list[User]:
    """Accounts a reset link may be mailed to: active, with a usable password, and this exact address
    (case-insensitively, as Django's PasswordResetForm.get_users). Deactivated accounts and accounts
    that sign in some other way get nothing."""
    candidates = User.objects.filter(email__iexact=email, is_active=True).exclude(email="")
    return [u for u in candidates if u.has_usable_password() and u.email.casefold() == email.casefold()]
