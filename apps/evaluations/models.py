"""Evaluation data (domain.md §9): SKM quality bands (versioned reference data), questionnaires,
invitations, anonymous responses and improvement actions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class IkmBand(TimeStampedModel):
    """One row of the SKM quality table (PermenPAN-RB 14/2017) valid from `effective_from` to
    `effective_to`; an IKM result stores the version it was graded with (rule 33)."""

    version = models.CharField(_("versi"), max_length=40)
    mutu = models.CharField(_("mutu"), max_length=2)
    label = models.CharField(_("kinerja unit"), max_length=40)
    low = models.DecimalField(_("IKM terendah"), max_digits=5, decimal_places=2)
    high = models.DecimalField(_("IKM tertinggi"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("berlaku mulai"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=250)

    class Meta:
        verbose_name = _("rentang mutu IKM")
        verbose_name_plural = _("rentang mutu IKM")
        ordering = ["-effective_from", "-low"]
        constraints = [
            models.UniqueConstraint(fields=["version", "mutu"], name="ikmband_version_mutu_unique"),
            models.CheckConstraint(condition=Q(low__lte=models.F("high")), name="ikmband_low_le_high"),
            models.CheckConstraint(condition=Q(low__gte=25) & Q(high__lte=100), name="ikmband_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.mutu} {self.label} ({self.low}–{self.high})"


class Level(models.TextChoices):
    L1 = "l1", _("L1 Reaksi")
    L2 = "l2", _("L2 Pembelajaran (pre/post-test)")
    L3_ALUMNI = "l3_alumni", _("L3 Evaluasi pasca pelatihan (alumni)")
    L3_ATASAN = "l3_atasan", _("L3 Evaluasi pasca pelatihan (atasan)")
    SKM = "skm", _("L4 Survei Kepuasan Masyarakat (SKM)")
    MENTORING = "mentoring", _("Evaluasi mentoring")


class Phase(models.TextChoices):
    NONE = "", _("—")
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class QuestionKind(models.TextChoices):
    LIKERT4 = "likert4", _("Skala 1–4")
    LIKERT5 = "likert5", _("Skala 1–5")
    SINGLE = "single", _("Pilihan tunggal")
    MULTIPLE = "multiple", _("Pilihan ganda (boleh lebih dari satu)")
    TEXT = "text", _("Isian teks")


SCALE_OF = {QuestionKind.LIKERT4: 4, QuestionKind.LIKERT5: 5}


class QuestionScope(models.TextChoices):
    ONCE = "once", _("Sekali")
    PER_NARASUMBER = "narasumber", _("Untuk setiap narasumber")
    PER_MODULE = "module", _("Untuk setiap modul")
    PER_COMPETENCY = "kompetensi", _("Untuk setiap kompetensi sasaran")


class QuestionnaireTemplate(TimeStampedModel):
    """A reusable questionnaire. `instansi` NULL: shipped with the app (read-only for instansi,
    copied when used); otherwise an instansi's own template."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi")
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama templat"), max_length=200)
    level = models.CharField(_("level evaluasi"), max_length=20, choices=Level.choices)
    description = models.TextField(_("keterangan"), blank=True)
    anonymous = models.BooleanField(_("anonim"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("templat kuesioner")
        verbose_name_plural = _("templat kuesioner")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(instansi__isnull=True), name="qtemplate_code_unique_national"
            ),
            models.UniqueConstraint(fields=["instansi", "code"], name="qtemplate_code_unique_per_instansi"),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="qtemplate_level_known"),
        ]
        indexes = [models.Index(fields=["instansi", "level"], name="qtemplate_level_idx")]

    def __str__(self) -> str:
        return self.name


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


class Questionnaire(TimeStampedModel):
    """A questionnaire in use, attached to one target: a batch (angkatan), a mentoring programme or a
    service unit (SKM). Its questions are copied from the template so later template edits never
    change what respondents answered.

    `mentoring_program_id` is a plain id: the mentoring app is read through its selectors only."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    template = models.ForeignKey(
        QuestionnaireTemplate, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("templat")
    )
    title = models.CharField(_("judul"), max_length=200)
    level = models.CharField(_("level evaluasi"), max_length=20, choices=Level.choices)
    phase = models.CharField(_("tahap"), max_length=10, choices=Phase.choices, blank=True, default="")
    angkatan = models.ForeignKey(
        "catalog.Angkatan", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("angkatan")
    )
    unit_kerja = models.ForeignKey(
        "organizations.UnitKerja",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit layanan"),
    )
    mentoring_program_id = models.BigIntegerField(_("program mentoring"), null=True, blank=True)
    period_start = models.DateField(_("periode mulai"), null=True, blank=True)
    period_end = models.DateField(_("periode selesai"), null=True, blank=True)
    anonymous = models.BooleanField(_("anonim"), default=False)
    min_group_size = models.PositiveSmallIntegerField(_("jumlah responden minimal untuk menampilkan hasil"), default=5)
    pass_score = models.PositiveSmallIntegerField(_("nilai lulus"), default=70)
    opens_on = models.DateField(_("dibuka"), null=True, blank=True)
    closes_on = models.DateField(_("ditutup"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    public_token = models.CharField(_("token tautan publik"), max_length=40, blank=True, default="")
    salt = models.CharField(_("garam penanda"), max_length=40, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("dibuat oleh")
    )

    class Meta:
        verbose_name = _("kuesioner")
        verbose_name_plural = _("kuesioner")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="questionnaire_level_known"),
            models.CheckConstraint(
                condition=Q(status__in=QuestionnaireStatus.values), name="questionnaire_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(level="skm") | Q(unit_kerja__isnull=False, anonymous=True), name="questionnaire_skm_unit"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(opens_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="questionnaire_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(min_group_size__gte=1), name="questionnaire_min_group_positive"),
            models.CheckConstraint(condition=Q(pass_score__lte=100), name="questionnaire_pass_score_le_100"),
            models.UniqueConstraint(
                fields=["public_token"], condition=~Q(public_token=""), name="questionnaire_public_token_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "level", "-created_at"], name="questionnaire_list_idx"),
            models.Index(fields=["instansi", "angkatan"], name="questionnaire_angkatan_idx"),
            models.Index(fields=["instansi", "unit_kerja", "period_start"], name="questionnaire_unit_idx"),
            models.Index(fields=["instansi", "status", "closes_on"], name="questionnaire_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == QuestionnaireStatus.OPEN


class Question(models.Model):
    """A question of a template or (copied) of a questionnaire: exactly one of the two is set.
    `code` is stable (SKM: U1–U9) so results never depend on position."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi")
    )
    template = models.ForeignKey(
        QuestionnaireTemplate,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("templat"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, null=True, blank=True, related_name="questions", verbose_name=_("kuesioner")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    code = models.CharField(_("kode"), max_length=30)
    section = models.CharField(_("bagian"), max_length=100, blank=True)
    text = models.CharField(_("pertanyaan"), max_length=500)
    kind = models.CharField(_("jenis"), max_length=10, choices=QuestionKind.choices)
    scope = models.CharField(_("berlaku"), max_length=12, choices=QuestionScope.choices, default=QuestionScope.ONCE)
    choices = models.JSONField(_("pilihan"), default=list, blank=True)  # [[value, label], …]
    correct = models.JSONField(_("kunci jawaban"), null=True, blank=True)  # value or list of values (L2)
    points = models.PositiveSmallIntegerField(_("bobot"), default=1)
    required = models.BooleanField(_("wajib"), default=True)

    class Meta:
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(template__isnull=False, questionnaire__isnull=True)
                | Q(template__isnull=True, questionnaire__isnull=False),
                name="question_one_owner",
            ),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_known"),
            models.CheckConstraint(condition=Q(scope__in=QuestionScope.values), name="question_scope_known"),
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_code_unique_in_questionnaire"),
            models.UniqueConstraint(fields=["template", "code"], name="question_code_unique_in_template"),
        ]
        indexes = [models.Index(fields=["questionnaire", "order"], name="question_order_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def scale(self) -> int | None:
        return SCALE_OF.get(self.kind)


class EvaluationPolicy(TimeStampedModel):
    """Per-instansi evaluation settings (rule 25: follow-up months are configurable, default 3)."""

    instansi = models.OneToOneField(
        "organizations.Instansi", models.CASCADE, related_name="+", verbose_name=_("instansi")
    )
    l3_months = models.PositiveSmallIntegerField(_("evaluasi pasca pelatihan setelah (bulan)"), default=3)
    reminder_every_days = models.PositiveSmallIntegerField(_("pengingat setiap (hari)"), default=7)
    max_reminders = models.PositiveSmallIntegerField(_("pengingat paling banyak"), default=3)
    answer_window_days = models.PositiveSmallIntegerField(_("lama pengisian (hari)"), default=21)
    monthly_report_email = models.EmailField(_("email laporan bulanan BKPSDM"), blank=True)

    class Meta:
        verbose_name = _("pengaturan evaluasi")
        verbose_name_plural = _("pengaturan evaluasi")
        constraints = [
            models.CheckConstraint(condition=Q(l3_months__gte=1, l3_months__lte=12), name="policy_l3_months_range"),
        ]

    def __str__(self) -> str:
        return str(self.instansi_id)


class Invitation(TimeStampedModel):
    """An invitation of one pegawai to answer (for L3 atasan: about one alumnus, `subject`). Whether it
    was answered is NOT stored here: see AnsweredMarker, so anonymous answers cannot be joined back."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, related_name="invitations", verbose_name=_("kuesioner")
    )
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="+", verbose_name=_("pegawai diundang")
    )
    subject = models.ForeignKey(
        "employees.Pegawai",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alumni yang dinilai"),
    )
    due_on = models.DateField(_("batas pengisian"), null=True, blank=True)
    sent_at = models.DateTimeField(_("undangan terkirim"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("pengingat terakhir"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("jumlah pengingat"), default=0)
    answered = models.BooleanField(_("sudah diisi"), default=False)  # only for non-anonymous questionnaires

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "pegawai", "subject"],
                name="invitation_unique",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "questionnaire"], name="invitation_pegawai_idx"),
            models.Index(fields=["questionnaire", "sent_at"], name="invitation_q_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id}:{self.pegawai_id}"


class AnsweredMarker(models.Model):
    """ "This invitation was answered", keyed by HMAC(secret, questionnaire salt, invitation id).
    Random primary key and no timestamp: its row order and time reveal nothing about which
    response it belongs to."""

    id = models.UUIDField(primary_key=True, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="+", verbose_name=_("kuesioner"))
    key = models.CharField(_("kunci"), max_length=64)

    class Meta:
        verbose_name = _("penanda sudah mengisi")
        verbose_name_plural = _("penanda sudah mengisi")
        constraints = [models.UniqueConstraint(fields=["questionnaire", "key"], name="answered_marker_unique")]

    def __str__(self) -> str:
        return str(self.id)


class Response(models.Model):
    """One submitted questionnaire. Anonymous questionnaires store no respondent and only the day
    of submission; `complete` is set for SKM when U1–U9 are all answered 1–4 (rule 26)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    questionnaire = models.ForeignKey(
        Questionnaire, models.PROTECT, related_name="responses", verbose_name=_("kuesioner")
    )
    respondent = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("responden")
    )
    subject = models.ForeignKey(
        "employees.Pegawai",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alumni yang dinilai"),
    )
    submitted_on = models.DateField(_("tanggal pengisian"))
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    complete = models.BooleanField(_("lengkap"), default=True)
    profile = models.JSONField(_("profil responden"), default=dict, blank=True)

    class Meta:
        verbose_name = _("jawaban kuesioner")
        verbose_name_plural = _("jawaban kuesioner")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="response_score_0_100"
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "respondent", "subject"],
                condition=Q(respondent__isnull=False),
                nulls_distinct=False,
                name="response_once_per_respondent",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "questionnaire", "complete"], name="response_q_idx"),
            models.Index(fields=["questionnaire", "respondent"], name="response_respondent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id}#{self.pk}"


class Answer(models.Model):
    """One answer to one question (and, for per-narasumber/module/competency questions, one target)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    response = models.ForeignKey(Response, models.CASCADE, related_name="answers", verbose_name=_("jawaban"))
    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="+", verbose_name=_("kuesioner"))
    question = models.ForeignKey(Question, models.PROTECT, related_name="answers", verbose_name=_("pertanyaan"))
    narasumber = models.ForeignKey(
        "catalog.Narasumber", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("narasumber")
    )
    module = models.ForeignKey(
        "catalog.ProgramModule", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("modul")
    )
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kompetensi")
    )
    value_int = models.SmallIntegerField(_("nilai"), null=True, blank=True)
    value_text = models.TextField(_("isian"), blank=True)
    value_choices = models.JSONField(_("pilihan"), default=list, blank=True)

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        indexes = [
            models.Index(fields=["questionnaire", "question", "value_int"], name="answer_q_idx"),
            models.Index(fields=["questionnaire", "narasumber"], name="answer_narasumber_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value_int or self.value_text[:20]}"


class ActionKind(models.TextChoices):
    ADD_SESSIONS = "add_sessions", _("Tambah sesi/JP")
    CHANGE_NARASUMBER = "change_narasumber", _("Ganti narasumber")
    UPDATE_MODULES = "update_modules", _("Perbarui modul")
    CHANGE_MODALITY = "change_modality", _("Ubah moda pelaksanaan")
    SERVICE = "service", _("Perbaikan pelayanan (SKM)")
    OTHER = "other", _("Lainnya")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    IN_PROGRESS = "in_progress", _("Dikerjakan")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class ImprovementAction(TimeStampedModel):
    """An improvement decided from an evaluation result, assigned to someone with a due date; the
    programme's next version and new needs items link back to it."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    title = models.CharField(_("tindakan"), max_length=200)
    finding = models.TextField(_("temuan"))
    kind = models.CharField(_("jenis tindakan"), max_length=20, choices=ActionKind.choices)
    questionnaire = models.ForeignKey(
        Questionnaire, models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name=_("dari hasil")
    )
    program = models.ForeignKey(
        "catalog.Program", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("program")
    )
    next_program = models.ForeignKey(
        "catalog.Program",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versi program berikutnya"),
    )
    unit_kerja = models.ForeignKey(
        "organizations.UnitKerja", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    assignee = models.ForeignKey(
        "employees.Pegawai", models.PROTECT, related_name="+", verbose_name=_("penanggung jawab")
    )
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    result_note = models.TextField(_("catatan hasil"), blank=True)
    needs_item_ids = models.JSONField(_("kebutuhan yang dibuat"), default=list, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("dicatat oleh")
    )

    class Meta:
        verbose_name = _("tindakan perbaikan")
        verbose_name_plural = _("tindakan perbaikan")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="action_kind_known"),
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="action_status_known"),
        ]
        indexes = [
            models.Index(fields=["instansi", "status", "due_on"], name="action_list_idx"),
            models.Index(fields=["instansi", "program"], name="action_program_idx"),
        ]

    def __str__(self) -> str:
        return self.title
