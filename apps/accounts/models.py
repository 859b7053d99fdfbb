from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.roles import Role, derived_roles


class User(AbstractUser):
    """A person who signs in. Their instansi comes from their memberships; a superadmin may act on
    behalf of one instansi at a time (set per session by the tenant middleware)."""

    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    #: Set by services.otp_enrol, cleared by services.otp_disable: read on every request (the user row is
    #: loaded anyway), so knowing whether a second factor is due costs no query.
    otp_enabled_at = models.DateTimeField(
        _("verifikasi dua langkah aktif sejak"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def _memberships(self) -> list["Membership"]:
        return list(self.memberships.all())

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_authenticated or not self.pk:
            return frozenset()
        stored = {m.role for m in self._memberships}
        return frozenset(stored | derived_roles(self))

    @property
    def stored_roles(self) -> frozenset[str]:
        """The roles of the Membership rows only (no derived role, so no extra query)."""
        if not self.pk:
            return frozenset()
        return frozenset(m.role for m in self._memberships)

    @property
    def has_two_factor(self) -> bool:
        return self.otp_enabled_at is not None

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, plus the memberships (role × instansi) and whether a second
        factor is on: a session signed in before a role or instansi changed, or before 2FA was switched
        on or off, no longer matches and is ended by Django's own session check. The memberships are the
        ones every request loads anyway (roles, tenancy), so the check adds no query."""
        fingerprint = ";".join(sorted(f"{m.role}@{m.instansi_id or ''}" for m in self._memberships)) if self.pk else ""
        otp = "otp" if self.otp_enabled_at else ""
        return salted_hmac(
            "apps.accounts.models.User.get_session_auth_hash",
            f"{self.password}|{fingerprint}|{otp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def has_role(self, role: str) -> bool:
        return str(role) in self.roles

    def has_any_role(self, roles) -> bool:
        return any(str(r) in self.roles for r in roles)

    @property
    def is_platform_admin(self) -> bool:
        return self.has_role(Role.SUPERADMIN)

    @property
    def home_instansi_id(self) -> int | None:
        for membership in self._memberships:
            if membership.instansi_id:
                return membership.instansi_id
        return None

    @property
    def instansi_id(self) -> int | None:
        """The instansi this request acts in: the member's own, or the one a superadmin switched to."""
        acting = getattr(self, "_acting_instansi_id", None)
        if acting is not None:
            return acting
        return self.home_instansi_id


class Membership(TimeStampedModel):
    """User × instansi × role. A superadmin membership has no instansi; every other has one."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships", verbose_name=_("pengguna"))
    instansi = models.ForeignKey(
        "organizations.Instansi",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("instansi"),
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "instansi", "role"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(
                    role__in=[r.value for r in (Role.SUPERADMIN, Role.ADMIN_BKPSDM, Role.EMPLOYEE, Role.MENTOR)]
                ),
                name="membership_role_stored",
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.SUPERADMIN) & Q(instansi__isnull=True))
                | (~Q(role=Role.SUPERADMIN) & Q(instansi__isnull=False)),
                name="membership_instansi_matches_role",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "role"], name="membership_instansi_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
