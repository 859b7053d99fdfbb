"""Account reads."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import User
from apps.core.roles import Role


def users_for_password_reset(*, email: str) -> list[User]:
    """Accounts a reset link may be mailed to: active, with a usable password, and this exact address
    (case-insensitively, as Django's PasswordResetForm.get_users). Deactivated accounts and accounts
    that sign in some other way get nothing."""
    candidates = User.objects.filter(email__iexact=email, is_active=True).exclude(email="")
    return [u for u in candidates if u.has_usable_password() and u.email.casefold() == email.casefold()]


def admin_user_ids(instansi_id: int) -> list[int]:
    """Active accounts holding the admin BKPSDM role in this instansi (whom the agency's notices reach)."""
    return list(
        User.objects.filter(is_active=True, memberships__instansi_id=instansi_id, memberships__role=Role.ADMIN_BKPSDM)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def otp_devices(*, user: User, for_update: bool = False) -> list[Any]:
    """The user's confirmed second-factor devices: the TOTP app first, then the recovery codes.
    `for_update` locks them (inside a transaction) so one code cannot be accepted twice at once."""
    found: list[Any] = []
    for model in (TOTPDevice, StaticDevice):
        qs = model.objects.filter(user=user, confirmed=True).order_by("pk")
        found += list(qs.select_for_update() if for_update else qs)
    return found


def otp_recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
