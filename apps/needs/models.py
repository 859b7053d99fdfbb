"""Assessments, JPM reference data and (later) needs, plans and IDP (domain.md §5, §7; rules 7–13)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

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
