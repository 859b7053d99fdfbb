"""Account writes. Rules: every non-superadmin membership names one instansi and a user's
memberships all share that instansi; passwords pass the configured validators; role grants and
password changes are audited. Password reset: the answer never says whether an address has an account;
requests are limited per address and per client IP (settings.PASSWORD_RESET_LIMIT_*); only active
accounts with a usable password get a link; a reset ends every session (the session hash follows the
password) and lifts the username's login lockout."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.accounts.errors import AccountError
from apps.accounts.models import Membership, User
from apps.accounts.selectors import users_for_password_reset
from apps.core.jobs import enqueue
from apps.core.roles import Role
from apps.core.services import audit_log

logger = logging.getLogger(__name__)

RESET_WINDOW_SECONDS = 60 * 60


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
    """Every other session of the user ends (their stored hash no longer matches); the view keeps the
    one the change came from with update_session_auth_hash."""
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_log(actor=actor, action="user.password_change", instance=user)
    return user


def _count_reset_request(key: str) -> int:
    """Requests in the current hour for one key; add + incr are atomic, so parallel requests each count."""
    cache.add(key, 0, timeout=RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the hour ended between add and incr
        cache.add(key, 1, timeout=RESET_WINDOW_SECONDS)
        return 1


def password_reset_request(*, email: str, client_ip: str | None) -> None:
    """Queue a reset link for each account with this address, unless the address or the IP asked too
    often this hour. Returns nothing on purpose: the caller answers the same whatever happened here."""
    email_hash = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    over_email = _count_reset_request(f"pwreset:email:{email_hash}") > settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    over_ip = bool(client_ip) and _count_reset_request(f"pwreset:ip:{client_ip}") > settings.PASSWORD_RESET_LIMIT_PER_IP
    if over_email or over_ip:
        logger.warning(
            "password reset refused: %s limit reached (ip=%s, email sha256=%s)",
            "e-mail" if over_email else "IP",
            client_ip,
            email_hash[:16],
        )
        return
    for user in users_for_password_reset(email=email):
        enqueue("apps.accounts.tasks.send_password_reset_mail", user_id=user.pk)


def password_reset_mail_send(*, user_id: int) -> None:
    """Checks the account again: it may have been deactivated since the request. The link is built on
    SITE_URL, never on the request's Host header, which an attacker could set to their own domain."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": settings.SITE_URL.rstrip("/") + path,
        "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/password_reset_subject.txt", context)
        body = render_to_string("accounts/email/password_reset_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def password_reset_complete(*, user: User, new_password: str) -> User:
    """The holder of the mailbox sets a new password: sessions signed in with the old one end (their
    hash no longer matches), and the failed-login lockout of the username is lifted so the new password
    works at once."""
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        cleared = axes_reset(username=user.username)
        audit_log(actor=user, action="user.password_reset", instance=user, data={"lockouts_cleared": cleared})
    return user
