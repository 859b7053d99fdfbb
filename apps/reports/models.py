"""Report jobs run by Celery (design.md: reports): status, progress, error and the produced files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.storage import private_name
from apps.reports.kinds import get_kind


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Diproses")
    SUCCEEDED = "succeeded", _("Selesai")
    FAILED = "failed", _("Gagal")


def report_upload_to(instance: ReportJob, filename: str) -> str:
    # One folder per job, and a random one per file inside it (apps/core/storage.py).
    return private_name("reports", instance.instansi_id, instance.pk, filename=filename)


class ReportJob(models.Model):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    kind = models.CharField(_("jenis laporan"), max_length=40)
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)
    file_pdf = models.FileField(_("berkas PDF"), upload_to=report_upload_to, blank=True, max_length=255)
    file_xlsx = models.FileField(_("berkas XLSX"), upload_to=report_upload_to, blank=True, max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    email_to = models.CharField(_("kirim ke email"), max_length=250, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    heartbeat_at = models.DateTimeField(_("tanda hidup pekerja"), null=True, blank=True)
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("email terkirim"), null=True, blank=True)
    files_removed_at = models.DateTimeField(_("berkas dihapus"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_known"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_le_100"),
        ]
        indexes = [
            models.Index(fields=["instansi", "-created_at", "-id"], name="report_list_idx"),
            models.Index(fields=["status", "finished_at"], name="report_cleanup_idx"),
            models.Index(fields=["heartbeat_at"], condition=Q(status="running"), name="report_running_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.SUCCEEDED, ReportStatus.FAILED)

    @property
    def kind_label(self) -> str:

        kind = get_kind(self.kind)
        return str(kind.label) if kind else self.kind
