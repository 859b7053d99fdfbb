"""Enrolment (pendaftaran) and what follows from it: events, attendance, completion, the JP ledger,
certificates and in-app notifications (design.md: request → atasan → BKPSDM → seat or waitlist →
attendance → completion → JP ledger → certificate). Rules live in services.py / workflow.py; the
constraints here are the backstop."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel, TransitionEvent
from apps.core.storage import private_name


class EnrollmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Diajukan")
    APPROVED = "approved", _("Disetujui atasan")
    ENROLLED = "enrolled", _("Terdaftar")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")
    COMPLETED = "completed", _("Lulus")
    NOT_COMPLETED = "not_completed", _("Tidak lulus")


INACTIVE_STATUSES = (EnrollmentStatus.REJECTED, EnrollmentStatus.CANCELLED)
PENDING_STATUSES = (EnrollmentStatus.REQUESTED, EnrollmentStatus.APPROVED)
HOLDING_STATUSES = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)


class Enrollment(TimeStampedModel):
    """One pegawai's request for one angkatan. `instansi` is copied from the angkatan by the service."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="enrollments", verbose_name=_("pegawai")
    )
    angkatan = models.ForeignKey(
        "catalog.Angkatan", models.PROTECT, related_name="enrollments", verbose_name=_("angkatan")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.REQUESTED
    )
    motivation = models.TextField(_("motivasi"), blank=True)
    need_reference = models.CharField(
        _("kebutuhan / IDP yang dilayani"),
        max_length=250,
        blank=True,
        help_text=_("Kebutuhan pengembangan kompetensi atau sasaran IDP yang dipenuhi pelatihan ini."),
    )
    needs_item = models.ForeignKey(
        "needs.NeedsItem",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("kebutuhan yang dilayani"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("diajukan oleh")
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dinominasikan oleh"),
    )
    waitlisted_at = models.DateTimeField(_("masuk daftar tunggu"), null=True, blank=True)
    overlap_warning = models.BooleanField(_("jadwal bertabrakan"), default=False)
    jp_override_required = models.BooleanField(_("perlu izin melebihi batas JP PPPK"), default=False)
    override_reason = models.TextField(_("alasan izin BKPSDM"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("izin oleh")
    )
    final_score = models.PositiveSmallIntegerField(_("nilai akhir / post-test"), null=True, blank=True)
    attendance_percent = models.PositiveSmallIntegerField(_("kehadiran (%)"), null=True, blank=True)
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("pengingat terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "angkatan"],
                condition=~Q(status__in=["rejected", "cancelled"]),
                name="enrollment_one_active",
            ),
            models.CheckConstraint(condition=Q(status__in=EnrollmentStatus.values), name="enrollment_status_known"),
            models.CheckConstraint(
                condition=Q(final_score__isnull=True) | Q(final_score__lte=100), name="enrollment_score_0_100"
            ),
            models.CheckConstraint(
                condition=Q(attendance_percent__isnull=True) | Q(attendance_percent__lte=100),
                name="enrollment_attendance_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False), name="enrollment_waitlist_time"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "status", "-created_at"], name="enr_list_idx"),
            models.Index(fields=["instansi", "angkatan", "status", "waitlisted_at"], name="enr_angkatan_idx"),
            models.Index(fields=["instansi", "pegawai", "status"], name="enr_pegawai_idx"),
            # The newest enrolments of an instansi whatever their status (the API's list): a walk, not a sort.
            models.Index(fields=["instansi", "-created_at", "-id"], name="enr_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai} · {self.angkatan}"


class EnrollmentEvent(TransitionEvent):
    """One row per move (and per non-status act such as issuing a certificate): the timeline."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    enrollment = models.ForeignKey(Enrollment, models.CASCADE, related_name="events", verbose_name=_("pendaftaran"))

    class Meta:
        verbose_name = _("riwayat pendaftaran")
        verbose_name_plural = _("riwayat pendaftaran")
        indexes = [
            models.Index(fields=["enrollment", "created_at"], name="enr_event_timeline_idx"),
            models.Index(fields=["instansi", "-created_at", "-id"], name="enr_event_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class CompletionRule(TimeStampedModel):
    """Per-programme completion settings of one instansi (domain.md §8 defaults: 90 % attendance,
    post-test ≥ 70 where a score is recorded). Missing row = defaults."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    program = models.ForeignKey("catalog.Program", models.CASCADE, related_name="+", verbose_name=_("program"))
    min_attendance_percent = models.PositiveSmallIntegerField(_("kehadiran minimal (%)"), default=90)
    passing_score = models.PositiveSmallIntegerField(
        _("nilai lulus"), null=True, blank=True, default=70, help_text=_("Kosongkan bila tidak ada post-test.")
    )

    class Meta:
        verbose_name = _("syarat kelulusan")
        verbose_name_plural = _("syarat kelulusan")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "program"], name="completion_rule_one_per_program"),
            models.CheckConstraint(condition=Q(min_attendance_percent__lte=100), name="completion_attendance_le_100"),
            models.CheckConstraint(
                condition=Q(passing_score__isnull=True) | Q(passing_score__lte=100), name="completion_score_le_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.min_attendance_percent} %"


class AttendanceMethod(models.TextChoices):
    MANUAL = "manual", _("Dicatat admin")
    IMPORT = "import", _("Impor daftar hadir")
    CODE = "code", _("Kode presensi")


class AttendanceRecord(models.Model):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    enrollment = models.ForeignKey(Enrollment, models.CASCADE, related_name="attendance", verbose_name=_("pendaftaran"))
    session = models.ForeignKey("catalog.AngkatanSession", models.CASCADE, related_name="+", verbose_name=_("sesi"))
    present = models.BooleanField(_("hadir"), default=True)
    method = models.CharField(_("cara pencatatan"), max_length=10, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("waktu pencatatan"), auto_now=True)

    class Meta:
        verbose_name = _("presensi")
        verbose_name_plural = _("presensi")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "session"], name="attendance_one_per_session"),
            models.CheckConstraint(condition=Q(method__in=AttendanceMethod.values), name="attendance_method_known"),
        ]
        indexes = [models.Index(fields=["instansi", "session"], name="attendance_session_idx")]

    def __str__(self) -> str:
        return f"{self.enrollment_id}@{self.session_id}: {self.present}"


class AttendanceCode(models.Model):
    """A short code shown in an online session (read out, or sent by WhatsApp/SMS to participants on
    weak links). A participant enters it once, also later when the connection is back, until
    `valid_until`; the code names the session so nothing else has to reach the server in time."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    session = models.OneToOneField("catalog.AngkatanSession", models.CASCADE, related_name="+", verbose_name=_("sesi"))
    code = models.CharField(_("kode presensi"), max_length=12)
    valid_until = models.DateTimeField(_("berlaku sampai"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kode presensi")
        verbose_name_plural = _("kode presensi")
        constraints = [models.UniqueConstraint(fields=["instansi", "code"], name="attendance_code_unique")]

    def __str__(self) -> str:
        return self.code


class LedgerSource(models.TextChoices):
    ENROLLMENT = "enrollment", _("Pelatihan (pendaftaran)")
    EXTERNAL = "external", _("Pelatihan eksternal (dilaporkan)")
    MENTORING = "mentoring", _("Coaching / mentoring")
    ELEARNING = "elearning", _("E-learning (platform luar, lewat API)")
    HISTORY = "history", _("Riwayat diklat (impor)")
    OTHER = "other", _("Lainnya")


class JPLedgerEntry(models.Model):
    """JP credited to one pegawai (rules 14, 16, 17). Append-only; `source_ref` identifies the
    activity so the same one is never credited twice; `conversion_rule` freezes the rule version.

    A credit is never edited or deleted: it is withdrawn (a revoked certificate) by a reversing entry,
    `reverses` = the credit, `jp` = minus its JP, in the same year and on the same credited day so every
    total (per year or per period) nets to zero; `created_at` of the reversal says when it happened."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="jp_ledger", verbose_name=_("pegawai")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    credited_on = models.DateField(_("tanggal dikreditkan"))
    jp = models.SmallIntegerField(_("JP"))
    source_type = models.CharField(_("sumber"), max_length=20, choices=LedgerSource.choices)
    source_ref = models.CharField(_("rujukan sumber"), max_length=60)
    enrollment = models.OneToOneField(
        Enrollment, models.PROTECT, null=True, blank=True, related_name="ledger_entry", verbose_name=_("pendaftaran")
    )
    conversion_rule = models.ForeignKey(
        "catalog.JPConversionRule",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versi aturan konversi"),
    )
    reverses = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("membatalkan catatan"),
    )
    title = models.CharField(_("nama kegiatan"), max_length=250)
    provider = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    start_date = models.DateField(_("tanggal mulai"), null=True, blank=True)
    end_date = models.DateField(_("tanggal selesai"), null=True, blank=True)
    # What a credit from outside the catalog brought of the exchange file's columns (EXCHANGE_KEYS: jenis, kode,
    # tempat, nomor, tanggal_sertifikat), so the export gives back what the import or the API received.
    exchange = models.JSONField(_("data riwayat diklat"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("dicatat oleh")
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("catatan JP")
        verbose_name_plural = _("buku JP")
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "source_ref"], name="jp_ledger_unique_source"),
            models.CheckConstraint(condition=Q(source_type__in=LedgerSource.values), name="jp_ledger_source_known"),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, jp__gte=0) | Q(reverses__isnull=False, jp__lte=0),
                name="jp_ledger_only_reversals_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "year", "pegawai"], name="jp_ledger_year_idx"),
            models.Index(fields=["instansi", "pegawai", "credited_on"], name="jp_ledger_pegawai_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.year}: {self.jp} JP"


class ExternalStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu verifikasi")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


def external_upload_to(instance: "ExternalTraining", filename: str) -> str:
    return private_name("enrollments/external", instance.instansi_id, filename=filename)


class ExternalTraining(TimeStampedModel):
    """Training a pegawai attended outside the catalog and reports with a certificate; its JP reach
    the ledger only after BKPSDM approves it."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="external_trainings", verbose_name=_("pegawai")
    )
    title = models.CharField(_("nama pelatihan"), max_length=250)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    form = models.CharField(_("bentuk"), max_length=30)
    is_international = models.BooleanField(_("internasional"), default=False)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp_claimed = models.PositiveSmallIntegerField(_("JP menurut sertifikat"))
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    certificate_file = models.FileField(_("berkas sertifikat"), upload_to=external_upload_to, max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=ExternalStatus.choices, default=ExternalStatus.PENDING
    )
    jp_approved = models.PositiveSmallIntegerField(_("JP disetujui"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputus oleh"),
    )
    decided_at = models.DateTimeField(_("diputus"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    class Meta:
        verbose_name = _("pelatihan eksternal")
        verbose_name_plural = _("pelatihan eksternal")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ExternalStatus.values), name="external_status_known"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="external_end_after_start"),
            models.CheckConstraint(condition=Q(jp_claimed__gte=1), name="external_jp_positive"),
        ]
        indexes = [models.Index(fields=["instansi", "status", "-created_at"], name="external_list_idx")]

    def __str__(self) -> str:
        return self.title


def certificate_upload_to(instance: "Certificate", filename: str) -> str:
    return private_name("enrollments/certificates", instance.instansi_id, instance.year, filename=filename)


class Certificate(models.Model):
    """Completion certificate (STTPP). Number unique per instansi per year (rule 23); the
    verification code is random (not derived from ids) so codes cannot be enumerated."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    enrollment = models.OneToOneField(
        Enrollment, models.PROTECT, related_name="certificate", verbose_name=_("pendaftaran")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor sertifikat"), max_length=80)
    verification_code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("diterbitkan"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("diterbitkan oleh")
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_reason = models.TextField(_("alasan pencabutan"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicabut oleh"),
    )
    pdf = models.FileField(_("berkas PDF"), upload_to=certificate_upload_to, blank=True, max_length=255)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year", "sequence"], name="certificate_sequence_unique"),
            models.UniqueConstraint(fields=["instansi", "year", "number"], name="certificate_number_unique"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""), name="certificate_revoked_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["instansi", "-issued_at"], name="certificate_list_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateCounter(models.Model):
    """Last sequence used per instansi and year; locked while numbering so numbers never repeat."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    last = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penomoran sertifikat")
        verbose_name_plural = _("penomoran sertifikat")
        constraints = [models.UniqueConstraint(fields=["instansi", "year"], name="certificate_counter_unique")]

    def __str__(self) -> str:
        return f"{self.instansi_id}/{self.year}: {self.last}"


class Notification(models.Model):
    """An in-app notice (the bell) and its e-mail. `dedupe_key` makes a retried task a no-op."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="enrollment_notifications", verbose_name=_("penerima")
    )
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    dedupe_key = models.CharField(_("kunci unik"), max_length=80)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("email terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_dedupe")]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return self.title


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Diproses")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class BulkNomination(models.Model):
    """A bulk nomination from a filter (e.g. everyone in a jabatan), run by Celery when large."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    angkatan = models.ForeignKey("catalog.Angkatan", models.CASCADE, related_name="+", verbose_name=_("angkatan"))
    pegawai_ids = models.JSONField(_("pegawai"), default=list)
    filter_description = models.CharField(_("filter"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    enrolled = models.PositiveIntegerField(_("terdaftar"), default=0)
    waitlisted = models.PositiveIntegerField(_("daftar tunggu"), default=0)
    skipped = models.JSONField(_("dilewati"), default=list, blank=True)
    placed = models.JSONField(_("dinominasikan"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("nominasi massal")
        verbose_name_plural = _("nominasi massal")
        constraints = [models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="bulk_status_known")]
        indexes = [models.Index(fields=["instansi", "-created_at"], name="bulk_list_idx")]

    def __str__(self) -> str:
        return f"{self.angkatan_id}: {self.total}"
