"""Base models and the cross-cutting records every app writes to: the audit/event log, the
personal-data access log (UU 27/2022 art. 31) and import jobs run by Celery."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.storage import private_name


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class TransitionEvent(models.Model):
    """One status move of a workflow row (enrolment, mentoring pair, project): who, what, from, to,
    why, and when its notice went out (the marker that makes a retried notification task a no-op).
    Concrete subclasses add their `instansi` and the row they belong to."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pelaku")
    )
    action = models.CharField(_("aksi"), max_length=30)
    from_status = models.CharField(_("dari status"), max_length=20, blank=True)
    to_status = models.CharField(_("ke status"), max_length=20)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    notified_at = models.DateTimeField(_("pemberitahuan terkirim"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class AuditEvent(models.Model):
    """One row per meaningful act (create, change, status move, switch of instansi, refused access).

    `instansi` is a plain id, not an FK: core sits below organizations and the log must survive
    deletion of whatever it describes."""

    instansi_id = models.BigIntegerField(_("instansi"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pelaku")
    )
    action = models.CharField(_("aksi"), max_length=60)
    object_type = models.CharField(_("jenis objek"), max_length=60, blank=True)
    object_id = models.CharField(_("id objek"), max_length=40, blank=True)
    object_repr = models.CharField(_("objek"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    #: {field: [before, after]}, values as people read them (apps/core/audit.py); empty for acts without one.
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    #: The request (X-Request-ID) or Celery task ("task:<id>") the act came from.
    request_id = models.CharField(_("id permintaan"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("log audit")
        verbose_name_plural = _("log audit")
        indexes = [
            models.Index(fields=["instansi_id", "-created_at", "-id"], name="audit_list_idx"),
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["instansi_id", "actor", "-created_at"], name="audit_actor_idx"),
            # Retention deletes by age across every instansi.
            models.Index(fields=["created_at"], name="audit_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class PersonalDataAccess(models.Model):
    """A read of another person's personal data (records of processing, UU 27/2022 art. 31)."""

    instansi_id = models.BigIntegerField(_("instansi"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("pembaca")
    )
    subject_type = models.CharField(_("jenis subjek"), max_length=60)
    subject_id = models.CharField(_("id subjek"), max_length=40)
    purpose = models.CharField(_("tujuan"), max_length=120)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("akses data pribadi")
        indexes = [
            models.Index(fields=["instansi_id", "-created_at"], name="pda_list_idx"),
            models.Index(fields=["subject_type", "subject_id", "-created_at"], name="pda_subject_idx"),
            models.Index(fields=["created_at"], name="pda_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} ({self.purpose})"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Diproses")
    SUCCEEDED = "succeeded", _("Berhasil")
    REJECTED = "rejected", _("Ditolak (ada kesalahan)")
    FAILED = "failed", _("Gagal")


def import_upload_to(instance: "ImportJob", filename: str) -> str:
    return private_name("imports", instance.instansi_id, filename=filename)


class ImportJob(models.Model):
    """An upload waiting for, or processed by, a Celery worker. The importer for `kind` is
    registered by the app that owns the data (apps/core/imports.py)."""

    instansi_id = models.BigIntegerField(_("instansi"))
    kind = models.CharField(_("jenis impor"), max_length=40)
    # Emptied, with file_removed_at set, once the instansi's retention period has passed (full personal data).
    file = models.FileField(_("berkas"), upload_to=import_upload_to, blank=True, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diproses"), default=0)
    created_rows = models.PositiveIntegerField(_("baris disimpan"), default=0)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("diunggah oleh")
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    notified_at = models.DateTimeField(_("email terkirim"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    heartbeat_at = models.DateTimeField(_("tanda hidup pekerja"), null=True, blank=True)
    file_removed_at = models.DateTimeField(_("berkas dihapus"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")
        indexes = [
            models.Index(fields=["instansi_id", "-created_at", "-id"], name="import_list_idx"),
            models.Index(fields=["heartbeat_at"], condition=Q(status="running"), name="import_running_idx"),
            models.Index(
                fields=["instansi_id", "finished_at"],
                condition=Q(file_removed_at__isnull=True),
                name="import_cleanup_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="import_status_known"),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")), name="import_progress_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.SUCCEEDED, ImportStatus.REJECTED, ImportStatus.FAILED}

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.processed_rows * 100 // self.total_rows)


class OutboxMessage(models.Model):
    """A Celery task to hand to the broker, written in the same transaction as the change that asks for it
    (apps/core/jobs.py). Handing it over is a separate step that is retried: right after the commit, then by
    the relay (every 30 s) while the broker is away, so a broker outage loses no work and answers no 500."""

    task_name = models.CharField(_("tugas"), max_length=200)
    kwargs = models.JSONField(_("argumen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    available_at = models.DateTimeField(_("dicoba lagi mulai"))
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    sent_at = models.DateTimeField(_("diserahkan ke antrean"), null=True, blank=True)
    last_error = models.CharField(_("kesalahan terakhir"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("antrean tugas")
        verbose_name_plural = _("antrean tugas")
        indexes = [
            models.Index(fields=["available_at"], condition=Q(sent_at__isnull=True), name="outbox_pending_idx"),
            models.Index(fields=["sent_at"], condition=Q(sent_at__isnull=False), name="outbox_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk}"
