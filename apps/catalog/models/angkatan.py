"""Angkatan (batches) and their sessions."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.catalog.models.choices import ONLINE_MODALITIES, AngkatanStatus, FundingSource, Modality
from apps.catalog.models.programs import Program
from apps.catalog.models.providers import Narasumber
from apps.core.models import TimeStampedModel


class Angkatan(TimeStampedModel):
    """One batch of a programme, owned by one instansi and offered to its pegawai.

    Seats: `seats_taken` only moves under `select_for_update` in the enrollments services; the
    CheckConstraint is the backstop against overbooking."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, related_name="angkatan_set", verbose_name=_("instansi")
    )
    program = models.ForeignKey(Program, models.PROTECT, related_name="angkatan_set", verbose_name=_("program"))
    code = models.CharField(_("kode angkatan"), max_length=40)
    name = models.CharField(_("nama angkatan"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    registration_opens = models.DateField(_("pendaftaran dibuka"), null=True, blank=True)
    registration_closes = models.DateField(_("pendaftaran ditutup"), null=True, blank=True)
    modality = models.CharField(_("moda"), max_length=20, choices=Modality.choices)
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    venue_address = models.CharField(_("alamat tempat"), max_length=250, blank=True)
    region = models.CharField(
        _("wilayah (kecamatan)"), max_length=100, blank=True, help_text=_("Dicocokkan dengan wilayah unit kerja.")
    )
    online_link = models.URLField(_("tautan daring"), blank=True)
    seats_total = models.PositiveIntegerField(_("kuota peserta"))
    seats_taken = models.PositiveIntegerField(_("kursi terisi"), default=0, editable=False)
    waitlist_size = models.PositiveIntegerField(_("kuota daftar tunggu"), default=0)
    cost_idr = models.PositiveBigIntegerField(_("biaya per peserta (Rp)"), default=0)
    funding_source = models.CharField(
        _("sumber dana"), max_length=20, choices=FundingSource.choices, default=FundingSource.APBD
    )
    requires_atasan_approval = models.BooleanField(_("perlu persetujuan atasan"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AngkatanStatus.choices, default=AngkatanStatus.PLANNED
    )
    created_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("dibuat oleh")
    )

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        constraints = [
            models.CheckConstraint(condition=Q(seats_total__gte=1), name="angkatan_seats_total_positive"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("seats_total")), name="angkatan_seats_le_total"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="angkatan_end_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True) | Q(registration_closes__lte=F("start_date")),
                name="angkatan_registration_before_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gte=F("registration_opens")),
                name="angkatan_registration_window",
            ),
            models.CheckConstraint(condition=Q(modality__in=Modality.values), name="angkatan_modality_known"),
            models.CheckConstraint(condition=Q(status__in=AngkatanStatus.values), name="angkatan_status_known"),
            models.CheckConstraint(condition=Q(funding_source__in=FundingSource.values), name="angkatan_funding_known"),
            models.UniqueConstraint(fields=["instansi", "code"], name="angkatan_code_unique_per_instansi"),
        ]
        indexes = [
            models.Index(fields=["instansi", "start_date", "id"], name="angkatan_start_idx"),
            models.Index(fields=["instansi", "program", "start_date"], name="angkatan_program_idx"),
            models.Index(fields=["instansi", "status", "start_date"], name="angkatan_status_idx"),
            models.Index(fields=["instansi", "modality", "start_date"], name="angkatan_modality_idx"),
            models.Index(fields=["instansi", "region"], name="angkatan_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}"

    @property
    def seats_left(self) -> int:
        return max(0, self.seats_total - self.seats_taken)

    @property
    def is_online(self) -> bool:
        return self.modality in ONLINE_MODALITIES


class AngkatanSession(models.Model):
    """One scheduled session of a batch."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    angkatan = models.ForeignKey(Angkatan, models.CASCADE, related_name="sessions", verbose_name=_("angkatan"))
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    topic = models.CharField(_("topik"), max_length=250)
    narasumber = models.ForeignKey(
        Narasumber, models.SET_NULL, null=True, blank=True, related_name="sessions", verbose_name=_("narasumber")
    )
    online_link = models.URLField(_("tautan daring"), blank=True)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="session_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["instansi", "angkatan", "date"], name="session_angkatan_idx"),
            models.Index(fields=["instansi", "date"], name="session_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.topic}"
