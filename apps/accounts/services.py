"""Account writes. Rules: every non-superadmin membership names one instansi and a user's
memberships all share that instansi; passwords pass the configured validators; role grants are audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import Membership, User
from apps.accounts.roles import Role
from apps.core.exceptions import DomainError
from apps.core.services import audit_log


class AccountError(DomainError):
    default_code = "account.invalid"


def user_ensure(*, actor: Any, username: str, full_name: str, email: str = "", password: str | None = None) -> User:
    """Create the user if missing (idempotent, used by imports and the demo seed)."""
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "email": email})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
        audit_log(actor=actor, action="user.create", instance=user)
    return user


def membership_grant(*, actor: Any, user: User, role: str, instansi_id: int | None) -> Membership:
    if role == Role.SUPERADMIN:
        instansi_id = None
    elif instansi_id is None:
        raise AccountError(_("Peran ini memerlukan instansi."))
    other = user.memberships.exclude(instansi_id=None).exclude(instansi_id=instansi_id)
    if instansi_id is not None and other.exists():
        raise AccountError(_("Pengguna sudah terdaftar di instansi lain."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, role=role, instansi_id=instansi_id)
        if created:
            audit_log(
                actor=actor,
                action="membership.grant",
                instance=membership,
                instansi_id=instansi_id,
                data={"role": role, "user": user.pk},
            )
    return membership


def password_change(*, actor: User, user: User, new_password: str) -> User:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_log(actor=actor, action="user.password_change", instance=user)
    return user
