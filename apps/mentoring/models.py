"""Mentoring, coaching and project assignments (design.md: mentoring app; domain.md §6, §7, rules 14–17).

A `MentoringProgram` belongs to one instansi and pins the version of the JP conversion rule it credits
with (coaching or mentoring: JP per session and the monthly session cap per pair). Mentors and mentees
are enrolled per programme; a `MentoringPair` joins them, moves only through workflow.TRANSITIONS and
writes one `PairEvent` per move. Sessions are logged by the mentor and confirmed by the mentee; the
confirmation credits JP to the mentee through the enrollments ledger (one entry per session).
`ProjectAssignment` is learning by doing (a project after a training, or a role in a strategic
project) with progress reports and a supervisor's assessment with competency evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel, TransitionEvent
from apps.core.storage import private_name

LEVELS = [(n, str(n)) for n in range(1, 6)]
RATINGS = [(n, str(n)) for n in range(1, 6)]


class ProgramKind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring")
    COACHING = "coaching", _("Coaching")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    ACTIVE = "active", _("Berjalan")
    CLOSED = "closed", _("Selesai")


class MentoringProgram(TimeStampedModel):
    """A mentoring or coaching programme of one instansi (e.g. seniors of Dinas Pendidikan guiding
    juniors in budget management). `jp_rule` is the conversion-rule version in force when the
    programme was created; every JP credit of the programme keeps it (rule 16)."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, related_name="mentoring_programs", verbose_name=_("instansi")
    )
    name = models.CharField(_("nama program"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=ProgramKind.choices, default=ProgramKind.MENTORING)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    goal = models.TextField(_("tujuan program"))
    target_competencies = models.ManyToManyField(
        "competencies.Kompetensi", blank=True, related_name="+", verbose_name=_("kompetensi sasaran")
    )
    jp_rule = models.ForeignKey(
        "catalog.JPConversionRule", models.PROTECT, related_name="+", verbose_name=_("aturan konversi JP")
    )
    sessions_per_month = models.PositiveSmallIntegerField(
        _("rencana sesi per bulan"), default=2, help_text=_("Tidak boleh melebihi batas aturan konversi JP.")
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    class Meta:
        verbose_name = _("program mentoring/coaching")
        verbose_name_plural = _("program mentoring/coaching")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ProgramKind.values), name="mprogram_kind_known"),
            models.CheckConstraint(condition=Q(status__in=ProgramStatus.values), name="mprogram_status_known"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="mprogram_end_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_month__gte=1),
                name="mprogram_sessions_positive",
                violation_error_message=_("Rencana sesi per bulan minimal 1."),
            ),
        ]
        indexes = [models.Index(fields=["instansi", "status", "-start_date"], name="mprogram_list_idx")]

    def __str__(self) -> str:
        return self.name


class ProgramMentor(TimeStampedModel):
    """A pegawai enrolled as mentor (or coach) in a programme, with capacity (max active pairs)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    program = models.ForeignKey(MentoringProgram, models.CASCADE, related_name="mentors", verbose_name=_("program"))
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="mentor_enrolments", verbose_name=_("pegawai")
    )
    capacity = models.PositiveSmallIntegerField(_("kapasitas (jumlah mentee)"), default=3)
    note = models.CharField(_("catatan"), max_length=250, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentor")
        constraints = [
            models.UniqueConstraint(fields=["program", "pegawai"], name="mmentor_once_per_program"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mmentor_capacity_positive"),
        ]
        indexes = [
            models.Index(fields=["instansi", "program"], name="mmentor_program_idx"),
            models.Index(fields=["instansi", "pegawai"], name="mmentor_pegawai_idx"),
        ]

    def __str__(self) -> str:
        return str(self.pegawai)


class MentorStrength(models.Model):
    """A competency the mentor is strong in, with their level (1–5)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    mentor = models.ForeignKey(ProgramMentor, models.CASCADE, related_name="strengths", verbose_name=_("mentor"))
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="+", verbose_name=_("kompetensi")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVELS)

    class Meta:
        verbose_name = _("keunggulan mentor")
        verbose_name_plural = _("keunggulan mentor")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "kompetensi"], name="mstrength_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="mstrength_level_1_5"),
        ]
        indexes = [models.Index(fields=["instansi", "kompetensi"], name="mstrength_kompetensi_idx")]

    def __str__(self) -> str:
        return f"{self.kompetensi_id}: {self.level}"


class MenteeReason(models.TextChoices):
    NEWCOMER = "newcomer", _("Pegawai baru (CPNS/PPPK tahun pertama)")
    GAP = "gap", _("Memiliki kesenjangan kompetensi")


class ProgramMentee(TimeStampedModel):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    program = models.ForeignKey(MentoringProgram, models.CASCADE, related_name="mentees", verbose_name=_("program"))
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="mentee_enrolments", verbose_name=_("pegawai")
    )
    reason = models.CharField(_("alasan"), max_length=20, choices=MenteeReason.choices)
    note = models.CharField(_("catatan"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("mentee")
        verbose_name_plural = _("mentee")
        constraints = [
            models.UniqueConstraint(fields=["program", "pegawai"], name="mmentee_once_per_program"),
            models.CheckConstraint(condition=Q(reason__in=MenteeReason.values), name="mmentee_reason_known"),
        ]
        indexes = [
            models.Index(fields=["instansi", "program"], name="mmentee_program_idx"),
            models.Index(fields=["instansi", "pegawai"], name="mmentee_pegawai_idx"),
        ]

    def __str__(self) -> str:
        return str(self.pegawai)


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Diusulkan")
    ACTIVE = "active", _("Aktif")
    REASSIGNED = "reassigned", _("Dialihkan")
    ENDED = "ended", _("Selesai")


OPEN_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE)


class MentoringPair(TimeStampedModel):
    """Mentor–mentee (coach–coachee). A mentee has at most one open (proposed/active) pair per
    programme (DB constraint); mentor capacity is checked under a lock on the mentor row."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    program = models.ForeignKey(MentoringProgram, models.PROTECT, related_name="pairs", verbose_name=_("program"))
    mentor = models.ForeignKey(ProgramMentor, models.PROTECT, related_name="pairs", verbose_name=_("mentor"))
    mentee = models.ForeignKey(ProgramMentee, models.PROTECT, related_name="pairs", verbose_name=_("mentee"))
    status = models.CharField(_("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.PROPOSED)
    match_score = models.PositiveSmallIntegerField(_("skor kecocokan"), default=0)
    started_on = models.DateField(_("mulai"), null=True, blank=True)
    ended_on = models.DateField(_("berakhir"), null=True, blank=True)
    end_reason = models.TextField(_("alasan berakhir"), blank=True)
    replaced_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("digantikan oleh")
    )
    program_rating = models.PositiveSmallIntegerField(_("penilaian program"), choices=RATINGS, null=True, blank=True)
    program_feedback = models.TextField(_("umpan balik program"), blank=True)
    reminded_at = models.DateTimeField(_("pengingat terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("pasangan mentoring")
        verbose_name_plural = _("pasangan mentoring")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=Q(status__in=["proposed", "active"]),
                name="mpair_one_open_per_mentee",
            ),
            models.CheckConstraint(condition=Q(status__in=PairStatus.values), name="mpair_status_known"),
            models.CheckConstraint(
                condition=Q(program_rating__isnull=True) | Q(program_rating__gte=1, program_rating__lte=5),
                name="mpair_rating_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "program", "status"], name="mpair_program_idx"),
            models.Index(fields=["instansi", "mentor", "status"], name="mpair_mentor_idx"),
            models.Index(fields=["instansi", "mentee", "status"], name="mpair_mentee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class PairEvent(TransitionEvent):
    """One row per status move of a pair (audit; the notification task marks `notified_at`)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pair = models.ForeignKey(MentoringPair, models.CASCADE, related_name="events", verbose_name=_("pasangan"))

    class Meta:
        verbose_name = _("riwayat pasangan")
        verbose_name_plural = _("riwayat pasangan")
        indexes = [models.Index(fields=["instansi", "pair", "-created_at"], name="mpairevent_pair_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Berjalan")
    ACHIEVED = "achieved", _("Tercapai")
    DROPPED = "dropped", _("Dibatalkan")


class MentoringGoal(TimeStampedModel):
    """A goal mentor and mentee agree on, tied to a competency and, if the mentee has one, to a
    goal of their IDP (`idp_goal_ref`: the needs app's goal id, kept as a reference)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pair = models.ForeignKey(MentoringPair, models.CASCADE, related_name="goals", verbose_name=_("pasangan"))
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="+", verbose_name=_("kompetensi")
    )
    title = models.CharField(_("sasaran"), max_length=250)
    description = models.TextField(_("uraian"), blank=True)
    target_level = models.PositiveSmallIntegerField(_("level sasaran"), choices=LEVELS, null=True, blank=True)
    target_date = models.DateField(_("target tanggal"), null=True, blank=True)
    idp_goal_ref = models.CharField(_("rujukan sasaran IDP"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("dibuat oleh")
    )
    agreed_at = models.DateTimeField(_("disepakati"), null=True, blank=True)

    class Meta:
        verbose_name = _("sasaran mentoring")
        verbose_name_plural = _("sasaran mentoring")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="mgoal_status_known"),
            models.CheckConstraint(
                condition=Q(target_level__isnull=True) | Q(target_level__gte=1, target_level__lte=5),
                name="mgoal_level_1_5",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "pair", "status"], name="mgoal_pair_idx")]

    def __str__(self) -> str:
        return self.title


class SessionStatus(models.TextChoices):
    LOGGED = "logged", _("Menunggu konfirmasi mentee")
    CONFIRMED = "confirmed", _("Dikonfirmasi")
    DISPUTED = "disputed", _("Ditolak mentee")


class MentoringSession(TimeStampedModel):
    """One meeting, logged by the mentor. After the mentee confirms, JP are credited within the
    programme rule's monthly cap; a session over the cap keeps `jp_credited=0` and `jp_note` says why."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pair = models.ForeignKey(MentoringPair, models.PROTECT, related_name="sessions", verbose_name=_("pasangan"))
    date = models.DateField(_("tanggal sesi"))
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"))
    topic = models.CharField(_("topik"), max_length=250)
    notes = models.TextField(_("catatan"), blank=True)
    next_steps = models.TextField(_("langkah berikutnya"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("dicatat oleh")
    )
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.LOGGED)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    mentee_rating = models.PositiveSmallIntegerField(_("penilaian mentee"), choices=RATINGS, null=True, blank=True)
    mentee_comment = models.TextField(_("komentar mentee"), blank=True)
    jp_credited = models.PositiveSmallIntegerField(_("JP dikreditkan"), default=0)
    jp_note = models.CharField(_("keterangan JP"), max_length=250, blank=True)
    notified_at = models.DateTimeField(_("pemberitahuan terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("sesi mentoring")
        verbose_name_plural = _("sesi mentoring")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1),
                name="msession_duration_positive",
                violation_error_message=_("Durasi harus lebih dari 0 menit."),
            ),
            models.CheckConstraint(condition=Q(status__in=SessionStatus.values), name="msession_status_known"),
            models.CheckConstraint(
                condition=Q(mentee_rating__isnull=True) | Q(mentee_rating__gte=1, mentee_rating__lte=5),
                name="msession_rating_1_5",
            ),
            models.CheckConstraint(
                condition=Q(status="confirmed") | Q(jp_credited=0), name="msession_jp_only_when_confirmed"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pair", "date"], name="msession_pair_idx"),
            models.Index(fields=["instansi", "date"], name="msession_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{date_format(self.date, 'j M Y')} {self.topic}"

    @property
    def source_ref(self) -> str:
        return f"mentoring-session:{self.pk}"


# --------------------------------------------------------------------------- project assignments


class ProjectKind(models.TextChoices):
    LEARNING = "learning", _("Proyek pembelajaran (penerapan hasil pelatihan)")
    STRATEGIC = "strategic", _("Peran dalam proyek strategis")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    ACTIVE = "active", _("Berjalan")
    SUBMITTED = "submitted", _("Menunggu penilaian")
    ASSESSED = "assessed", _("Dinilai")
    CANCELLED = "cancelled", _("Dibatalkan")


class ProjectAssignment(TimeStampedModel):
    """Learning by doing: objectives, competencies, supervisor (a pegawai of the same instansi),
    period and deliverables. Status moves only through workflow.PROJECT_TRANSITIONS."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, related_name="project_assignments", verbose_name=_("instansi")
    )
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="project_assignments", verbose_name=_("pegawai")
    )
    supervisor = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="supervised_projects", verbose_name=_("pembimbing/penilai")
    )
    kind = models.CharField(_("jenis penugasan"), max_length=20, choices=ProjectKind.choices)
    title = models.CharField(_("judul proyek"), max_length=250)
    objectives = models.TextField(_("tujuan"))
    deliverables = models.TextField(_("keluaran yang diharapkan"))
    related_activity = models.CharField(
        _("pelatihan / proyek terkait"), max_length=250, blank=True, help_text=_("Mis. nama pelatihan yang diterapkan.")
    )
    competencies = models.ManyToManyField(
        "competencies.Kompetensi", related_name="+", verbose_name=_("kompetensi yang dikembangkan")
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    outcome_rating = models.PositiveSmallIntegerField(_("nilai hasil"), choices=RATINGS, null=True, blank=True)
    outcome_note = models.TextField(_("catatan penilaian"), blank=True)
    assessed_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    jp_credited = models.PositiveSmallIntegerField(_("JP dikreditkan"), default=0)
    jp_note = models.CharField(_("keterangan JP"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("dibuat oleh")
    )

    class Meta:
        verbose_name = _("penugasan proyek")
        verbose_name_plural = _("penugasan proyek")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ProjectKind.values), name="mproject_kind_known"),
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="mproject_status_known"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="mproject_end_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=~Q(supervisor=F("pegawai")),
                name="mproject_not_own_supervisor",
                violation_error_message=_("Pembimbing tidak boleh pegawai itu sendiri."),
            ),
            models.CheckConstraint(
                condition=Q(outcome_rating__isnull=True) | Q(outcome_rating__gte=1, outcome_rating__lte=5),
                name="mproject_rating_1_5",
            ),
            models.CheckConstraint(condition=Q(status="assessed") | Q(jp_credited=0), name="mproject_jp_when_assessed"),
        ]
        indexes = [
            models.Index(fields=["instansi", "status", "-start_date"], name="mproject_list_idx"),
            models.Index(fields=["instansi", "pegawai"], name="mproject_pegawai_idx"),
            models.Index(fields=["instansi", "supervisor"], name="mproject_supervisor_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectEvent(TransitionEvent):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    project = models.ForeignKey(ProjectAssignment, models.CASCADE, related_name="events", verbose_name=_("proyek"))

    class Meta:
        verbose_name = _("riwayat proyek")
        verbose_name_plural = _("riwayat proyek")
        indexes = [models.Index(fields=["instansi", "project", "-created_at"], name="mprojectevent_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


def report_upload_to(instance: ProjectReport, filename: str) -> str:
    return private_name("mentoring/projects", instance.instansi_id, instance.project_id, filename=filename)


class ProjectReport(models.Model):
    """A progress report by the pegawai, optionally with a result file."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    project = models.ForeignKey(ProjectAssignment, models.CASCADE, related_name="reports", verbose_name=_("proyek"))
    progress_percent = models.PositiveSmallIntegerField(_("kemajuan (%)"))
    summary = models.TextField(_("ringkasan kemajuan"))
    file = models.FileField(_("berkas hasil"), upload_to=report_upload_to, blank=True, max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("dilaporkan oleh")
    )
    created_at = models.DateTimeField(_("dilaporkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("laporan proyek")
        verbose_name_plural = _("laporan proyek")
        constraints = [
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="mreport_progress_le_100"),
        ]
        indexes = [models.Index(fields=["instansi", "project", "-created_at"], name="mreport_project_idx")]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.progress_percent} %"


class CompetencyEvidence(models.Model):
    """The supervisor's observation of one competency in the project (level 1–5). When the needs app
    offers an assessment service, `applied_ref` records the assessment it updated."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    project = models.ForeignKey(ProjectAssignment, models.CASCADE, related_name="evidence", verbose_name=_("proyek"))
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="+", verbose_name=_("kompetensi")
    )
    observed_level = models.PositiveSmallIntegerField(_("level teramati"), choices=LEVELS)
    note = models.TextField(_("bukti / catatan"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("dinilai oleh")
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    applied_ref = models.CharField(_("rujukan penilaian kompetensi"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("bukti kompetensi")
        verbose_name_plural = _("bukti kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["project", "kompetensi"], name="mevidence_unique"),
            models.CheckConstraint(
                condition=Q(observed_level__gte=1, observed_level__lte=5), name="mevidence_level_1_5"
            ),
        ]
        indexes = [models.Index(fields=["instansi", "kompetensi"], name="mevidence_kompetensi_idx")]

    def __str__(self) -> str:
        return f"{self.kompetensi_id}: {self.observed_level}"
