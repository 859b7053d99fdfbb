"""The needs inventory (domain.md §7; rule 11)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


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
    source_fgd = models.ForeignKey(
        "needs.FgdSession",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_items",
        verbose_name=_("dari FGD"),
        help_text=_("FGD yang temuannya melahirkan kebutuhan ini."),
    )

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
