"""Competency dictionary (PermenPAN-RB 38/2017), level descriptors, SKJ rows per jabatan and the
reference data that offers default SKJ levels (domain.md §4, rules 6, 10, 33)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.organizations.models import JenisJabatan, Jenjang

LEVEL_CHOICES = [(n, str(n)) for n in range(1, 6)]


class KompetensiKind(models.TextChoices):
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
    TEKNIS = "teknis", _("Teknis")


# Every SKJ must contain these national competencies (rule 6).
MANDATORY_CODES: tuple[str, ...] = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "S.01")


class Kompetensi(TimeStampedModel):
    """A competency of the dictionary. `instansi` null = national (shared by every instansi, editable only
    by the superadmin); otherwise a kompetensi teknis owned by that instansi."""

    instansi = models.ForeignKey(
        "organizations.Instansi",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="kompetensi_set",
        verbose_name=_("instansi"),
        help_text=_("Kosong = kompetensi nasional yang berlaku untuk semua instansi."),
    )
    kind = models.CharField(_("jenis kompetensi"), max_length=20, choices=KompetensiKind.choices)
    code = models.CharField(_("kode"), max_length=40, help_text=_("Contoh: M.01, S.01, T.KEMENKES.01"))
    name = models.CharField(_("nama kompetensi"), max_length=200)
    description = models.TextField(_("definisi"), blank=True)
    pembina = models.CharField(_("instansi pembina"), max_length=150, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "code"], condition=Q(instansi__isnull=False), name="kompetensi_code_per_instansi"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(instansi__isnull=True), name="kompetensi_code_national"
            ),
            models.CheckConstraint(condition=Q(kind__in=KompetensiKind.values), name="kompetensi_kind_known"),
            models.CheckConstraint(
                condition=Q(kind=KompetensiKind.TEKNIS) | Q(instansi__isnull=True),
                name="kompetensi_nonteknis_national",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "kind", "code"], name="kompetensi_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_national(self) -> bool:
        return self.instansi_id is None

    @property
    def is_mandatory(self) -> bool:
        """M.01–M.08 and S.01 of the national dictionary: every SKJ has them, so they are never removed."""
        return self.instansi_id is None and self.code in MANDATORY_CODES


class LevelDescriptor(models.Model):
    """What level n of one competency looks like (kamus kompetensi); indicators one per line (1.1, 1.2…)."""

    kompetensi = models.ForeignKey(Kompetensi, models.CASCADE, related_name="levels", verbose_name=_("kompetensi"))
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES)
    description = models.TextField(_("deskripsi level"))
    indicators = models.TextField(_("indikator perilaku"), blank=True, help_text=_("Satu indikator per baris."))

    class Meta:
        verbose_name = _("deskripsi level")
        verbose_name_plural = _("deskripsi level")
        ordering = ["kompetensi", "level"]
        constraints = [
            models.UniqueConstraint(fields=["kompetensi", "level"], name="level_descriptor_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="level_descriptor_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.kompetensi.code} level {self.level}"

    @property
    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]


class SKJItem(TimeStampedModel):
    """One row of a jabatan's Standar Kompetensi Jabatan: the level required of one competency."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    jabatan = models.ForeignKey(
        "organizations.Jabatan", models.CASCADE, related_name="skj_items", verbose_name=_("jabatan")
    )
    kompetensi = models.ForeignKey(Kompetensi, models.PROTECT, related_name="skj_items", verbose_name=_("kompetensi"))
    required_level = models.PositiveSmallIntegerField(_("level yang dipersyaratkan"), choices=LEVEL_CHOICES)

    class Meta:
        verbose_name = _("baris SKJ")
        verbose_name_plural = _("standar kompetensi jabatan")
        ordering = ["kompetensi__code"]
        constraints = [
            models.UniqueConstraint(fields=["jabatan", "kompetensi"], name="skj_one_row_per_kompetensi"),
            models.CheckConstraint(
                condition=Q(required_level__gte=1, required_level__lte=5), name="skj_required_level_1_5"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "jabatan"], name="skj_jabatan_idx"),
            models.Index(fields=["instansi", "kompetensi"], name="skj_kompetensi_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.jabatan_id}:{self.kompetensi_id}={self.required_level}"


class TaskCompetency(models.Model):
    """Links an uraian tugas of a jabatan to the (technical) competency it needs."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    task = models.ForeignKey(
        "organizations.JobTask", models.CASCADE, related_name="competency_links", verbose_name=_("uraian tugas")
    )
    kompetensi = models.ForeignKey(Kompetensi, models.PROTECT, related_name="task_links", verbose_name=_("kompetensi"))

    class Meta:
        verbose_name = _("kompetensi untuk tugas")
        verbose_name_plural = _("kompetensi untuk tugas")
        constraints = [models.UniqueConstraint(fields=["task", "kompetensi"], name="task_competency_unique")]
        indexes = [models.Index(fields=["instansi", "task"], name="task_competency_idx")]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.kompetensi_id}"


class DefaultLevelRule(TimeStampedModel):
    """Default required level of the manajerial and sosial kultural competencies for a jenis/jenjang
    (domain.md §4, marked verify). `instansi` null = the national default; an instansi row overrides it.
    Versioned by effective dates (rule 10, 33)."""

    instansi = models.ForeignKey(
        "organizations.Instansi",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
        help_text=_("Kosong = aturan nasional."),
    )
    jenis = models.CharField(_("jenis jabatan"), max_length=30)
    jenjang = models.CharField(_("jenjang"), max_length=20, blank=True, help_text=_("Kosong = semua jenjang."))
    level = models.PositiveSmallIntegerField(_("level bawaan"), choices=LEVEL_CHOICES)
    effective_from = models.DateField(_("berlaku mulai"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200)

    class Meta:
        verbose_name = _("aturan level bawaan SKJ")
        verbose_name_plural = _("aturan level bawaan SKJ")
        ordering = ["jenis", "jenjang", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="default_level_1_5"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="default_level_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "jenis", "jenjang"], name="default_level_idx")]

    def __str__(self) -> str:
        return f"{self.jenis}/{self.jenjang or '*'} → {self.level}"

    @property
    def jenis_label(self) -> str:
        """The jenis jabatan by its name (the code where it is not one of the known kinds)."""
        return str(dict(JenisJabatan.choices).get(self.jenis, self.jenis))

    @property
    def jenjang_label(self) -> str:
        return str(dict(Jenjang.choices).get(self.jenjang, self.jenjang))
