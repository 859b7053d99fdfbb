"""API tokens of an instansi and the log of the calls made with them.

Only the SHA-256 of a token's secret is stored: the secret is shown once, when the token is made. The short
`prefix` (the first characters of the secret, not enough to use it) tells tokens apart in the list."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiScope(models.TextChoices):
    READ = "read", _("Baca data (program, angkatan, pegawai, pendaftaran, JP, survei, sertifikat)")
    ATTENDANCE = "attendance", _("Kirim kehadiran")
    COMPLETIONS = "completions", _("Kirim kelulusan")
    ENROLMENTS = "enrolments", _("Kirim permohonan pendaftaran")
    SURVEYS = "surveys", _("Kirim jawaban survei peserta")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, related_name="api_tokens", verbose_name=_("instansi")
    )
    name = models.CharField(_("nama"), max_length=100)
    scopes = models.JSONField(_("cakupan"), default=list)
    prefix = models.CharField(_("awalan"), max_length=16)
    key_hash = models.CharField(_("hash token"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        indexes = [models.Index(fields=["instansi", "-created_at"], name="apitoken_list_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="apitoken_name_present"),
            models.CheckConstraint(condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="apitoken_hash_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class ApiCallLog(models.Model):
    """One row per API call made with a known token: cheap (one insert), enough to answer "who called what"."""

    instansi = models.ForeignKey("organizations.Instansi", models.CASCADE, related_name="+", verbose_name=_("instansi"))
    token = models.ForeignKey(ApiToken, models.CASCADE, related_name="calls", verbose_name=_("token API"))
    method = models.CharField(_("metode"), max_length=10)
    path = models.CharField(_("alamat"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("log panggilan API")
        verbose_name_plural = _("log panggilan API")
        indexes = [
            models.Index(fields=["instansi", "-created_at"], name="apicall_list_idx"),
            models.Index(fields=["created_at"], name="apicall_created_idx"),  # the daily purge, across instansi
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class ApiCompletion(models.Model):
    """A course completion an e-learning platform posted, by the platform's own id: posting the same
    `external_id` again returns this row instead of crediting the JP twice."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    token = models.ForeignKey(
        ApiToken, models.SET_NULL, null=True, blank=True, related_name="completions", verbose_name=_("token API")
    )
    external_id = models.CharField(_("ID eksternal"), max_length=100)
    pegawai = models.ForeignKey("employees.Pegawai", models.PROTECT, related_name="+", verbose_name=_("pegawai"))
    ledger_entry = models.OneToOneField(
        "enrollments.JPLedgerEntry", models.PROTECT, related_name="api_completion", verbose_name=_("catatan JP")
    )
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("diterima"), default=timezone.now)

    class Meta:
        verbose_name = _("kelulusan dari API")
        verbose_name_plural = _("kelulusan dari API")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "external_id"], name="apicompletion_unique_external"),
            models.CheckConstraint(condition=~Q(external_id=""), name="apicompletion_external_present"),
        ]

    def __str__(self) -> str:
        return self.external_id


class CalendarFeed(models.Model):
    """A pegawai's private calendar address (/kalender/<secret>.ics), for a phone or Google Calendar to subscribe
    to without signing in. Like a token, only the SHA-256 of the secret is stored; a reset revokes the row and
    makes a new one, so at most one feed per pegawai is active (DB constraint)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey("employees.Pegawai", models.PROTECT, related_name="+", verbose_name=_("pegawai"))
    prefix = models.CharField(_("awalan"), max_length=16)
    key_hash = models.CharField(_("hash alamat"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_fetched_at = models.DateTimeField(_("terakhir diambil"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalender pribadi")
        verbose_name_plural = _("kalender pribadi")
        indexes = [models.Index(fields=["instansi", "pegawai", "-created_at"], name="calfeed_pegawai_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai"], condition=Q(revoked_at__isnull=True), name="calfeed_one_active_per_pegawai"
            ),
            models.CheckConstraint(condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="calfeed_hash_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id} ({self.prefix}…)"
