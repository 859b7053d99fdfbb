"""The annual development plan (RPK; PP 11/2017 art. 207; rules 12, 13), its items and events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import FORM_PATH, FundingSource
from apps.catalog.models import Form as CatalogForm
from apps.catalog.models import Path as CatalogPath
from apps.core.models import TimeStampedModel, TransitionEvent
from apps.needs.models.inventory import NeedsItem


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
