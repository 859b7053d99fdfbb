"""Account writes. Rules: every non-superadmin membership names one instansi and a user's
memberships all share that instansi; passwords pass the configured validators; role grants and
password changes are audited. Password reset: the answer never says whether an address has an account;
requests are limited per address and per client IP (settings.PASSWORD_RESET_LIMIT_*); only active
accounts with a usable password get a link; a reset ends every session (the session hash follows the
password) and lifts the username's login lockout.
Second factor (TOTP, django-otp): a user enrols by proving a first code from the secret shown to them; the
TOTP device, 10 single-use recovery codes and User.otp_enabled_at are written together or not at all;
switching it off or making new recovery codes takes a current code; admins (core.roles.ADMINS) may not
switch it off while settings.OTP_REQUIRED_FOR_ADMINS is on. Enrolment, switching off, new recovery codes
and every recovery code used are audited."""

from __future__ import annotations

import hashlib
import logging
import time
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
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from apps.accounts.errors import AccountError
from apps.accounts.models import Membership, User
from apps.accounts.selectors import otp_devices, users_for_password_reset
from apps.core.jobs import enqueue
from apps.core.roles import ADMINS, Role
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


# --------------------------------------------------------------------------- second factor (TOTP)

RECOVERY_CODE_COUNT = 10


def otp_new_key() -> str:
    """A fresh TOTP secret (hex, 20 random bytes), kept in the session until the first code proves it."""
    return default_key()


def otp_totp_matches(*, key: str, token: str) -> bool:
    """Checks a code against a secret not stored yet (enrolment), one 30-second step either side."""
    token = (token or "").strip().replace(" ", "")
    if not (token.isdigit() and len(token) == 6):
        return False
    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp.verify(int(token), tolerance=1)


def _totp_step() -> int:
    totp = TOTP(b"", step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp.t()


def _new_recovery_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def otp_enrol(*, actor: User, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """Switch the second factor on for `actor`: the code must come from `key`. Returns the device (to mark
    this session verified) and the recovery codes, which are shown once and never stored in clear again
    anywhere but their single-use rows."""
    if actor.has_two_factor:
        raise AccountError(_("Verifikasi dua langkah sudah aktif untuk akun ini."))
    if not otp_totp_matches(key=key, token=token):
        raise AccountError(_("Kode tidak cocok. Periksa jam ponsel Anda lalu masukkan kode yang sedang tampil."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if user.otp_enabled_at is not None:
            raise AccountError(_("Verifikasi dua langkah sudah aktif untuk akun ini."))
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        # last_t: the code just used for enrolment cannot be replayed at the next sign-in.
        device = TOTPDevice.objects.create(user=user, name="default", key=key, confirmed=True, last_t=_totp_step())
        recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        codes = _new_recovery_codes(recovery)
        user.otp_enabled_at = timezone.now()
        user.save(update_fields=["otp_enabled_at"])
        audit_log(actor=user, action="user.otp_enrol", instance=user, instansi_id=user.home_instansi_id)
    actor.otp_enabled_at = user.otp_enabled_at
    return device, codes


def otp_verify(*, user: User, token: str) -> Any:
    """The device that accepts `token` (the TOTP code, or one recovery code, which is used up), or None.
    Devices throttle repeated failures themselves (django-otp ThrottlingMixin)."""
    token = (token or "").strip().replace(" ", "").lower()
    if not token or not user.has_two_factor:
        return None
    with transaction.atomic():
        for device in otp_devices(user=user, for_update=True):
            if isinstance(device, TOTPDevice) and not token.isdigit():
                continue
            if isinstance(device, StaticDevice) and token.isdigit() and len(token) == 6:
                continue
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    audit_log(
                        actor=user,
                        action="user.otp_recovery_used",
                        instance=user,
                        instansi_id=user.home_instansi_id,
                        data={"remaining": device.token_set.count()},
                    )
                return device
    return None


def _require_current_code(user: User, token: str) -> None:
    if otp_verify(user=user, token=token) is None:
        raise AccountError(_("Kode verifikasi salah atau sudah dipakai."))


def otp_disable(*, actor: User, token: str) -> User:
    if not actor.has_two_factor:
        raise AccountError(_("Verifikasi dua langkah belum aktif untuk akun ini."))
    if settings.OTP_REQUIRED_FOR_ADMINS and actor.stored_roles & ADMINS:
        raise AccountError(_("Admin wajib memakai verifikasi dua langkah; fitur ini tidak dapat dimatikan."))
    _require_current_code(actor, token)
    return _otp_remove(actor=actor, user=actor, action="user.otp_disable")


def otp_reset(*, actor: User, user: User) -> User:
    """The platform operator switches off the second factor of someone who lost both phone and codes;
    with OTP_REQUIRED_FOR_ADMINS an admin is asked to enrol again at the next sign-in."""
    return _otp_remove(actor=actor, user=user, action="user.otp_reset")


def _otp_remove(*, actor: User, user: User, action: str) -> User:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).update(otp_enabled_at=None)
        user.otp_enabled_at = None
        audit_log(actor=actor, action=action, instance=user, instansi_id=user.home_instansi_id)
    return user


def otp_recovery_regenerate(*, actor: User, token: str) -> list[str]:
    """New recovery codes replace every old one; takes a current code (TOTP or a recovery code)."""
    if not actor.has_two_factor:
        raise AccountError(_("Verifikasi dua langkah belum aktif untuk akun ini."))
    with transaction.atomic():
        _require_current_code(actor, token)
        recovery, _created = StaticDevice.objects.get_or_create(
            user=actor, name="recovery", defaults={"confirmed": True}
        )
        codes = _new_recovery_codes(recovery)
        audit_log(
            actor=actor, action="user.otp_recovery_regenerate", instance=actor, instansi_id=actor.home_instansi_id
        )
    return codes
