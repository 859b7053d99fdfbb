"""Assessments, JPM reference data and (later) needs, plans and IDP (domain.md §5, §7; rules 7–13)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import FORM_PATH, FundingSource
from apps.catalog.models import Form as CatalogForm
from apps.catalog.models import Path as CatalogPath
from apps.core.models import TimeStampedModel, TransitionEvent

LEVEL_CHOICES = [(n, str(n)) for n in range(1, 6)]


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("Penilaian mandiri")
    ATASAN = "atasan", _("Penilaian atasan")
    THREE_SIXTY = "360", _("Penilaian 360°")
    ASSESSMENT_CENTER = "assessment_center", _("Assessment center")
    UJI_KOMPETENSI = "uji_kompetensi", _("Uji kompetensi JF")


DEFAULT_PRIORITY = "assessment_center,uji_kompetensi,360,atasan,self"


class JpmPolicy(TimeStampedModel):
    """How JPM and the current profile are computed: cap on/off, source priority, validity. `instansi` null =
    national default; an instansi row in force overrides it (rule 10, 33)."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi")
    )
    jpm_cap = models.BooleanField(
        _("batasi kontribusi pada level SKJ"), default=True, help_text=_("Melebihi standar tidak menambah JPM.")
    )
    method_priority = models.CharField(
        _("urutan sumber penilaian"),
        max_length=120,
        default=DEFAULT_PRIORITY,
        help_text=_("Metode dipisah koma, prioritas tertinggi dulu."),
    )
    validity_months = models.PositiveSmallIntegerField(_("masa berlaku penilaian (bulan)"), default=36)
    effective_from = models.DateField(_("berlaku mulai"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200)

    class Meta:
        verbose_name = _("kebijakan JPM")
        verbose_name_plural = _("kebijakan JPM")
        constraints = [
            models.CheckConstraint(condition=Q(validity_months__gte=1), name="jpm_policy_validity_positive"),
        ]
        indexes = [models.Index(fields=["instansi", "effective_from"], name="jpm_policy_idx")]

    def __str__(self) -> str:
        return f"JPM policy #{self.pk}"

    @property
    def priority_list(self) -> list[str]:
        return [m.strip() for m in self.method_priority.split(",") if m.strip()]


class JpmScale(models.TextChoices):
    FIT = "fit", _("Kelayakan")
    MAP = "map", _("Pemetaan")


class JpmThreshold(TimeStampedModel):
    """One category of a JPM scale: the percent from which it applies (domain.md §5 table)."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi")
    )
    scale = models.CharField(_("skala"), max_length=10, choices=JpmScale.choices)
    code = models.CharField(_("kode kategori"), max_length=20)
    label = models.CharField(_("kategori"), max_length=80)
    min_percent = models.DecimalField(_("batas bawah (%)"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("berlaku mulai"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200)

    class Meta:
        verbose_name = _("ambang JPM")
        verbose_name_plural = _("ambang JPM")
        ordering = ["scale", "-min_percent"]
        constraints = [
            models.CheckConstraint(condition=Q(scale__in=JpmScale.values), name="jpm_threshold_scale_known"),
            models.CheckConstraint(condition=Q(min_percent__gte=0, min_percent__lte=100), name="jpm_threshold_0_100"),
        ]
        indexes = [models.Index(fields=["instansi", "scale", "effective_from"], name="jpm_threshold_idx")]

    def __str__(self) -> str:
        return f"{self.scale}:{self.code} ≥ {self.min_percent}"


class Assessment(TimeStampedModel):
    """One measurement of a pegawai's actual levels against the SKJ in force on its date (snapshotted in
    the scores). The JPM it yields is stored with the rule version used."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.CASCADE, related_name="assessments", verbose_name=_("pegawai")
    )
    jabatan = models.ForeignKey(
        "organizations.Jabatan", models.PROTECT, related_name="+", verbose_name=_("jabatan saat dinilai")
    )
    method = models.CharField(_("metode"), max_length=20, choices=AssessmentMethod.choices)
    assessed_on = models.DateField(_("tanggal penilaian"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("penilai")
    )
    provider = models.CharField(_("penyelenggara asesmen"), max_length=150, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    jpm_percent = models.DecimalField(_("JPM (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    jpm_fit = models.CharField(_("kategori kelayakan"), max_length=20, blank=True)
    jpm_map = models.CharField(_("kategori pemetaan"), max_length=20, blank=True)
    jpm_complete = models.BooleanField(_("JPM lengkap"), default=False)
    jpm_rule = models.CharField(_("versi aturan JPM"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")
        constraints = [
            models.CheckConstraint(condition=Q(method__in=AssessmentMethod.values), name="assessment_method_known"),
            models.CheckConstraint(
                condition=Q(jpm_percent__isnull=True) | Q(jpm_percent__gte=0, jpm_percent__lte=100),
                name="assessment_jpm_0_100",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "-assessed_on"], name="assessment_pegawai_idx"),
            models.Index(fields=["instansi", "method", "-assessed_on"], name="assessment_method_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.assessed_on}"


class AssessmentScore(models.Model):
    """Actual level of one SKJ competency in one assessment; `required_level` is the SKJ snapshot. A missing
    actual level (NULL) makes the JPM incomplete, never zero."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="scores", verbose_name=_("penilaian"))
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="+", verbose_name=_("kompetensi")
    )
    required_level = models.PositiveSmallIntegerField(_("level SKJ"), choices=LEVEL_CHOICES)
    actual_level = models.PositiveSmallIntegerField(_("level aktual"), choices=LEVEL_CHOICES, null=True, blank=True)
    evidence = models.CharField(_("bukti / catatan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nilai kompetensi")
        verbose_name_plural = _("nilai kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kompetensi"], name="score_one_per_kompetensi"),
            models.CheckConstraint(condition=Q(required_level__gte=1, required_level__lte=5), name="score_req_1_5"),
            models.CheckConstraint(
                condition=Q(actual_level__isnull=True) | Q(actual_level__gte=1, actual_level__lte=5),
                name="score_actual_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "kompetensi"], name="score_kompetensi_idx"),
            models.Index(fields=["instansi", "assessment"], name="score_assessment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kompetensi_id}: {self.actual_level}/{self.required_level}"

    @property
    def gap(self) -> int | None:
        return None if self.actual_level is None else self.actual_level - self.required_level


class Predikat(models.TextChoices):
    """SKP yearly predikat (PermenPAN-RB 6/2022): only these five labels (rule 29)."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class Ekspektasi(models.TextChoices):
    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


BELOW_BAIK = (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)
# Rule 29: a performance gap is a predikat below Baik or hasil kerja Di Bawah Ekspektasi.
PERFORMANCE_GAP = Q(predikat__in=BELOW_BAIK) | Q(hasil_kerja=Ekspektasi.DI_BAWAH)


class PerformanceRecord(TimeStampedModel):
    """SKP result of one pegawai for one year, typed or imported, with the competencies the gap points at."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey(
        "employees.Pegawai", models.CASCADE, related_name="performance_records", verbose_name=_("pegawai")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    predikat = models.CharField(_("predikat kinerja"), max_length=20, choices=Predikat.choices)
    hasil_kerja = models.CharField(_("rating hasil kerja"), max_length=10, choices=Ekspektasi.choices, blank=True)
    perilaku_kerja = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Ekspektasi.choices, blank=True)
    target = models.TextField(_("target / sasaran"), blank=True)
    realisation = models.TextField(_("realisasi"), blank=True)
    kompetensi = models.ManyToManyField(
        "competencies.Kompetensi", blank=True, related_name="+", verbose_name=_("kompetensi terkait kesenjangan")
    )

    class Meta:
        verbose_name = _("kinerja (SKP)")
        verbose_name_plural = _("kinerja (SKP)")
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "year"],
                name="performance_one_per_year",
                violation_error_message=_("Data SKP pegawai ini untuk tahun tersebut sudah ada."),
            ),
            models.CheckConstraint(condition=Q(predikat__in=Predikat.values), name="performance_predikat_known"),
            models.CheckConstraint(
                condition=Q(hasil_kerja__in=["", *Ekspektasi.values]) & Q(perilaku_kerja__in=["", *Ekspektasi.values]),
                name="performance_rating_known",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="performance_year_sane"),
        ]
        indexes = [models.Index(fields=["instansi", "year", "predikat"], name="performance_year_idx")]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.year} {self.predikat}"

    @property
    def has_gap(self) -> bool:
        return self.predikat in BELOW_BAIK or self.hasil_kerja == Ekspektasi.DI_BAWAH


class Modality(models.TextChoices):
    TATAP_MUKA = "tatap_muka", _("Tatap muka")
    DARING = "daring", _("Daring")
    BLENDED = "blended", _("Blended")


class Constraint(models.TextChoices):
    DISTANCE = "distance", _("Jarak / lokasi terpencil")
    WORKLOAD = "workload", _("Beban kerja")
    CONNECTIVITY = "connectivity", _("Koneksi internet")
    BUDGET = "budget", _("Biaya")
    FAMILY = "family", _("Keluarga / waktu pribadi")


class NeedsSurvey(TimeStampedModel):
    """A needs survey opened by the admin for a period; pegawai and atasan answer it in the app."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    title = models.CharField(_("judul survei"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun rencana"))
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    question = models.TextField(
        _("pertanyaan / pengantar"),
        default=_("Kompetensi dan topik apa yang paling Anda (atau tim Anda) butuhkan tahun depan?"),
    )
    kompetensi = models.ManyToManyField(
        "competencies.Kompetensi", blank=True, related_name="+", verbose_name=_("kompetensi yang ditawarkan")
    )

    class Meta:
        verbose_name = _("survei kebutuhan")
        verbose_name_plural = _("survei kebutuhan")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="survey_dates_ordered")
        ]
        indexes = [models.Index(fields=["instansi", "-opens_on"], name="survey_list_idx")]

    def __str__(self) -> str:
        return self.title


class SurveyResponse(TimeStampedModel):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    survey = models.ForeignKey(NeedsSurvey, models.CASCADE, related_name="responses", verbose_name=_("survei"))
    respondent = models.ForeignKey("employees.Pegawai", models.CASCADE, related_name="+", verbose_name=_("responden"))
    as_atasan = models.BooleanField(_("menjawab sebagai atasan (untuk tim)"), default=False)
    kompetensi = models.ManyToManyField(
        "competencies.Kompetensi", blank=True, related_name="+", verbose_name=_("kompetensi yang dibutuhkan")
    )
    topics = models.TextField(_("topik yang dibutuhkan"), blank=True)
    modality = models.CharField(_("modalitas yang diinginkan"), max_length=20, choices=Modality.choices)
    constraints = models.JSONField(_("kendala"), default=list, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent", "as_atasan"],
                name="survey_one_answer",
                violation_error_message=_("Anda sudah menjawab survei ini."),
            ),
            models.CheckConstraint(condition=Q(modality__in=Modality.values), name="survey_modality_known"),
        ]
        indexes = [models.Index(fields=["instansi", "survey"], name="survey_response_idx")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.respondent_id}"


class FgdSession(TimeStampedModel):
    """A focus-group discussion with units/atasan: who took part, when, notes and the needs it produced."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    title = models.CharField(_("judul FGD"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    unit_kerja = models.ForeignKey(
        "organizations.UnitKerja", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit kerja")
    )
    participants = models.ManyToManyField("employees.Pegawai", blank=True, related_name="+", verbose_name=_("peserta"))
    notes = models.TextField(_("notulen"))
    needs_text = models.TextField(_("kebutuhan yang dihasilkan"), blank=True)
    kompetensi = models.ManyToManyField(
        "competencies.Kompetensi", blank=True, related_name="+", verbose_name=_("kompetensi yang dibutuhkan")
    )

    class Meta:
        verbose_name = _("FGD kebutuhan")
        verbose_name_plural = _("FGD kebutuhan")
        indexes = [models.Index(fields=["instansi", "-held_on"], name="fgd_list_idx")]

    def __str__(self) -> str:
        return self.title


# ---- needs inventory (domain.md §7; rule 11) ---------------------------------------------------------


class NeedsSource(models.TextChoices):
    ASSESSMENT_GAP = "assessment_gap", _("Kesenjangan kompetensi (asesmen)")
    PERFORMANCE_GAP = "performance_gap", _("Kesenjangan kinerja (SKP)")
    SURVEY = "survey", _("Survei kebutuhan")
    FGD = "fgd", _("FGD")
    ORG_CHANGE = "org_change", _("Perubahan organisasi / regulasi / sistem e-government baru")
    MANDATORY = "mandatory", _("Program wajib")


class NeedsStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    PLANNED = "planned", _("Masuk rencana")
    CLOSED = "closed", _("Ditutup")


class NeedsItem(TimeStampedModel):
    """One development need. Generated items target one pegawai (`pegawai`); survey, FGD and organisational
    items target a list of pegawai, a jabatan or a unit. `priority` is written only by the service
    (jpm.priority: gap × pegawai affected × strategic weight)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    year = models.PositiveSmallIntegerField(_("tahun rencana"))
    source = models.CharField(_("sumber"), max_length=20, choices=NeedsSource.choices)
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="+", verbose_name=_("kompetensi")
    )
    pegawai = models.ForeignKey(
        "employees.Pegawai",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="needs_items",
        verbose_name=_("pegawai sasaran"),
    )
    target_pegawai = models.ManyToManyField(
        "employees.Pegawai", blank=True, related_name="+", verbose_name=_("daftar pegawai sasaran")
    )
    jabatan = models.ForeignKey(
        "organizations.Jabatan",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jabatan sasaran"),
    )
    unit_kerja = models.ForeignKey(
        "organizations.UnitKerja", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit kerja")
    )
    gap_size = models.PositiveSmallIntegerField(_("besar kesenjangan (level)"), default=1)
    affected = models.PositiveIntegerField(_("pegawai terdampak"), default=1)
    weight = models.PositiveSmallIntegerField(_("bobot strategis"), default=1, choices=[(1, "1"), (2, "2"), (3, "3")])
    priority = models.PositiveIntegerField(_("prioritas"), default=0, editable=False)
    evidence = models.TextField(_("bukti / dasar"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NeedsStatus.choices, default=NeedsStatus.OPEN)
    origin = models.CharField(_("asal"), max_length=60, blank=True, editable=False)

    class Meta:
        verbose_name = _("kebutuhan pengembangan kompetensi")
        verbose_name_plural = _("kebutuhan pengembangan kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "kompetensi", "year"],
                condition=Q(pegawai__isnull=False) & ~Q(status="closed"),
                name="needs_one_open_per_pegawai",
                violation_error_message=_("Sudah ada kebutuhan terbuka untuk pegawai, kompetensi dan tahun ini."),
            ),
            models.UniqueConstraint(
                fields=["instansi", "origin"],
                condition=~Q(origin="") & ~Q(status="closed"),
                name="needs_one_open_per_origin",
                violation_error_message=_("Kebutuhan dari sumber ini sudah dibuat."),
            ),
            models.CheckConstraint(condition=Q(source__in=NeedsSource.values), name="needs_source_known"),
            models.CheckConstraint(condition=Q(status__in=NeedsStatus.values), name="needs_status_known"),
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=3), name="needs_weight_1_3"),
            models.CheckConstraint(condition=Q(gap_size__gte=1, gap_size__lte=4), name="needs_gap_1_4"),
            models.CheckConstraint(condition=Q(affected__gte=1), name="needs_affected_positive"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="needs_year_sane"),
        ]
        indexes = [
            models.Index(fields=["instansi", "year", "status", "-priority"], name="needs_list_idx"),
            models.Index(fields=["instansi", "kompetensi"], name="needs_kompetensi_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kompetensi_id} ({self.get_source_display()})"


# ---- annual plan (RPK; PP 11/2017 art. 207; rules 12, 13) ---------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    APPROVED = "approved", _("Disetujui")
    SUPERSEDED = "superseded", _("Diganti versi baru")


class DevelopmentPlan(TimeStampedModel):
    """The instansi's annual competency development plan. Editable only while draft; once approved it is
    frozen and a change makes a new version (`supersedes` the approved one)."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    year = models.PositiveSmallIntegerField(_("tahun rencana"))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    title = models.CharField(_("judul"), max_length=200)
    ceiling_idr = models.PositiveBigIntegerField(_("pagu anggaran (Rp)"))
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    supersedes = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("mengganti versi")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disetujui oleh"),
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    signatory_name = models.CharField(_("nama penandatangan"), max_length=150, blank=True)
    signatory_title = models.CharField(_("jabatan penandatangan"), max_length=150, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("rencana pengembangan kompetensi")
        verbose_name_plural = _("rencana pengembangan kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "year", "version"],
                name="plan_one_per_version",
                violation_error_message=_("Versi rencana ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["instansi", "year"],
                condition=Q(status__in=["draft", "submitted"]),
                name="plan_one_open_per_year",
                violation_error_message=_("Sudah ada rencana tahun ini yang masih draf atau diajukan."),
            ),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_known"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="plan_year_sane"),
        ]
        indexes = [models.Index(fields=["instansi", "-year", "-version"], name="plan_list_idx")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanEvent(TransitionEvent):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    plan = models.ForeignKey(DevelopmentPlan, models.CASCADE, related_name="events", verbose_name=_("rencana"))

    class Meta:
        verbose_name = _("riwayat rencana")
        verbose_name_plural = _("riwayat rencana")
        indexes = [models.Index(fields=["instansi", "plan", "-created_at"], name="plan_event_idx")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.action}"


SCHEDULE_MONTHS = [
    (1, _("Januari")),
    (2, _("Februari")),
    (3, _("Maret")),
    (4, _("April")),
    (5, _("Mei")),
    (6, _("Juni")),
    (7, _("Juli")),
    (8, _("Agustus")),
    (9, _("September")),
    (10, _("Oktober")),
    (11, _("November")),
    (12, _("Desember")),
]
SCHEDULE_QUARTERS = [(1, _("Triwulan I")), (2, _("Triwulan II")), (3, _("Triwulan III")), (4, _("Triwulan IV"))]


def _form_matches_path() -> Q:
    condition = Q()
    for path in sorted({str(p) for p in FORM_PATH.values()}):
        condition |= Q(path=path, form__in=sorted(str(f) for f, p in FORM_PATH.items() if p == path))
    return condition


class PlanItem(TimeStampedModel):
    """One row of the RPK with the seven elements of PP 11/2017 art. 207, answering ≥ 1 needs item."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    plan = models.ForeignKey(DevelopmentPlan, models.CASCADE, related_name="items", verbose_name=_("rencana"))
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="+", verbose_name=_("jenis kompetensi")
    )
    target_description = models.CharField(_("sasaran ASN"), max_length=300)
    target_count = models.PositiveIntegerField(_("jumlah ASN"))
    unit_kerja = models.ForeignKey(
        "organizations.UnitKerja", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit kerja")
    )
    path = models.CharField(_("jalur"), max_length=20, choices=CatalogPath.choices)
    form = models.CharField(_("jenis / bentuk"), max_length=30, choices=CatalogForm.choices)
    penyelenggara = models.ForeignKey(
        "catalog.Penyelenggara",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penyelenggara"),
    )
    penyelenggara_text = models.CharField(_("penyelenggara (lainnya)"), max_length=200, blank=True)
    program = models.ForeignKey(
        "catalog.Program", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("program katalog")
    )
    schedule_month = models.PositiveSmallIntegerField(
        _("jadwal (bulan)"), choices=SCHEDULE_MONTHS, null=True, blank=True
    )
    schedule_quarter = models.PositiveSmallIntegerField(
        _("jadwal (triwulan)"), choices=SCHEDULE_QUARTERS, null=True, blank=True
    )
    curriculum_fit = models.BooleanField(_("sesuai standar kurikulum instansi pembina"), default=True)
    curriculum_note = models.CharField(_("catatan kesesuaian kurikulum"), max_length=300, blank=True)
    budget_idr = models.PositiveBigIntegerField(_("anggaran (Rp)"))
    funding_source = models.CharField(_("sumber dana"), max_length=20, choices=FundingSource.choices)
    needs_items = models.ManyToManyField(NeedsItem, related_name="plan_items", verbose_name=_("kebutuhan yang dijawab"))

    class Meta:
        verbose_name = _("butir rencana")
        verbose_name_plural = _("butir rencana")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_count__gte=1),
                name="plan_item_target_positive",
                violation_error_message=_("Jumlah ASN sasaran minimal 1."),
            ),
            models.CheckConstraint(
                condition=_form_matches_path(),
                name="plan_item_form_in_path",
                violation_error_message=_("Jenis pengembangan tidak termasuk jalur yang dipilih."),
            ),
            models.CheckConstraint(
                condition=Q(schedule_month__isnull=False) | Q(schedule_quarter__isnull=False),
                name="plan_item_scheduled",
                violation_error_message=_("Isi jadwal: bulan atau triwulan pelaksanaan."),
            ),
            models.CheckConstraint(
                condition=Q(schedule_month__isnull=True) | Q(schedule_month__gte=1, schedule_month__lte=12),
                name="plan_item_month_1_12",
            ),
            models.CheckConstraint(
                condition=Q(schedule_quarter__isnull=True) | Q(schedule_quarter__gte=1, schedule_quarter__lte=4),
                name="plan_item_quarter_1_4",
            ),
            models.CheckConstraint(
                condition=Q(penyelenggara__isnull=False) | ~Q(penyelenggara_text=""),
                name="plan_item_has_provider",
                violation_error_message=_("Isi penyelenggara (pilih dari daftar atau tulis namanya)."),
            ),
        ]
        indexes = [models.Index(fields=["instansi", "plan"], name="plan_item_idx")]

    def __str__(self) -> str:
        return f"{self.kompetensi_id} {self.form}"

    @property
    def schedule_label(self) -> str:
        if self.schedule_month:
            return self.get_schedule_month_display()
        return self.get_schedule_quarter_display() if self.schedule_quarter else ""


# ---- individual development plan (IDP) --------------------------------------------------------------


class IdpStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke atasan")
    AGREED = "agreed", _("Disepakati atasan")


class IndividualDevelopmentPlan(TimeStampedModel):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey("employees.Pegawai", models.CASCADE, related_name="idps", verbose_name=_("pegawai"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(_("status"), max_length=10, choices=IdpStatus.choices, default=IdpStatus.DRAFT)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disepakati oleh"),
    )
    agreed_at = models.DateTimeField(_("disepakati pada"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("rencana pengembangan individu (IDP)")
        verbose_name_plural = _("rencana pengembangan individu (IDP)")
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "year"],
                name="idp_one_per_year",
                violation_error_message=_("IDP pegawai ini untuk tahun tersebut sudah ada."),
            ),
            models.CheckConstraint(condition=Q(status__in=IdpStatus.values), name="idp_status_known"),
        ]
        indexes = [models.Index(fields=["instansi", "year", "status"], name="idp_list_idx")]

    def __str__(self) -> str:
        return f"IDP {self.pegawai_id} {self.year}"


class IdpGoal(models.Model):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    idp = models.ForeignKey(IndividualDevelopmentPlan, models.CASCADE, related_name="goals", verbose_name=_("IDP"))
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="+", verbose_name=_("kompetensi")
    )
    needs_item = models.ForeignKey(
        NeedsItem, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("kebutuhan terkait")
    )
    target_level = models.PositiveSmallIntegerField(_("level sasaran"), choices=LEVEL_CHOICES, null=True, blank=True)
    description = models.CharField(_("sasaran pengembangan"), max_length=300)

    class Meta:
        verbose_name = _("sasaran IDP")
        verbose_name_plural = _("sasaran IDP")
        constraints = [
            models.UniqueConstraint(fields=["idp", "kompetensi"], name="idp_goal_one_per_kompetensi"),
            models.CheckConstraint(
                condition=Q(target_level__isnull=True) | Q(target_level__gte=1, target_level__lte=5),
                name="idp_goal_level_1_5",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "idp"], name="idp_goal_idx")]

    def __str__(self) -> str:
        return self.description


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    DONE = "done", _("Selesai")


class IdpActivity(models.Model):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    idp = models.ForeignKey(IndividualDevelopmentPlan, models.CASCADE, related_name="activities", verbose_name=_("IDP"))
    goal = models.ForeignKey(IdpGoal, models.CASCADE, related_name="activities", verbose_name=_("sasaran"))
    form = models.CharField(_("bentuk"), max_length=30, choices=CatalogForm.choices)
    title = models.CharField(_("kegiatan"), max_length=250)
    target_date = models.DateField(_("target tanggal"))
    plan_item = models.ForeignKey(
        PlanItem, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("butir RPK")
    )
    program = models.ForeignKey(
        "catalog.Program", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("program katalog")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    completed_on = models.DateField(_("selesai pada"), null=True, blank=True)
    progress_note = models.TextField(_("catatan kemajuan"), blank=True)

    class Meta:
        verbose_name = _("kegiatan IDP")
        verbose_name_plural = _("kegiatan IDP")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActivityStatus.values), name="idp_activity_status_known"),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(completed_on__isnull=False), name="idp_activity_done_dated"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "idp"], name="idp_activity_idx"),
            models.Index(fields=["instansi", "program", "status"], name="idp_activity_program_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class IdpEvent(TransitionEvent):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    idp = models.ForeignKey(IndividualDevelopmentPlan, models.CASCADE, related_name="events", verbose_name=_("IDP"))

    class Meta:
        verbose_name = _("riwayat IDP")
        verbose_name_plural = _("riwayat IDP")
        indexes = [models.Index(fields=["instansi", "idp", "-created_at"], name="idp_event_idx")]

    def __str__(self) -> str:
        return f"{self.idp_id} {self.action}"
