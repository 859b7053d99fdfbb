"""Assessments, their scores, and the JPM policy and thresholds they are computed with (rules 7–10)."""

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
