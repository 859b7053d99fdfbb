"""Programmes, their modules, target competencies and materials."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.catalog.models.choices import (
    Form,
    MaterialKind,
    Modality,
    Path,
    ProgramStatus,
    Visibility,
    _form_matches_path,
)
from apps.catalog.models.conversion import JPConversionRule
from apps.catalog.models.providers import Narasumber, Penyelenggara
from apps.core.models import TimeStampedModel
from apps.core.storage import private_name


class Program(TimeStampedModel):
    """A catalog programme (one version). See the module docstring for visibility."""

    instansi = models.ForeignKey(
        "organizations.Instansi",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("instansi pemilik"),
    )
    visibility = models.CharField(
        _("visibilitas"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    code = models.CharField(_("kode program"), max_length=40)
    title = models.CharField(_("judul program"), max_length=250)
    description = models.TextField(_("deskripsi"), blank=True)
    objectives = models.TextField(_("tujuan pembelajaran"), blank=True)
    path = models.CharField(_("jalur"), max_length=20, choices=Path.choices)
    form = models.CharField(_("bentuk"), max_length=30, choices=Form.choices)
    modality = models.CharField(_("moda"), max_length=20, choices=Modality.choices)
    learning_hours = models.PositiveSmallIntegerField(
        _("total JP"), default=0, help_text=_("Dihitung dari modul atau dari tabel konversi JP.")
    )
    jp_quantity = models.PositiveSmallIntegerField(
        _("jumlah satuan konversi"),
        null=True,
        blank=True,
        help_text=_("Untuk bentuk nonklasikal: jumlah hari/sesi/kunjungan/penugasan/menit."),
    )
    conversion_rule = models.ForeignKey(
        JPConversionRule,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("aturan konversi JP yang dipakai"),
    )
    is_international = models.BooleanField(_("internasional"), default=False)
    penyelenggara = models.ForeignKey(
        Penyelenggara, models.PROTECT, null=True, blank=True, related_name="programs", verbose_name=_("penyelenggara")
    )
    narasumber = models.ManyToManyField(Narasumber, blank=True, related_name="programs", verbose_name=_("narasumber"))
    # Eligibility: empty = everyone. Stored as ",a,b," so one indexed LIKE answers "for my jabatan"
    # on PostgreSQL and SQLite alike (see selectors.programs_for_jenis).
    eligible_jenis_jabatan = models.CharField(_("jenis jabatan sasaran"), max_length=200, blank=True)
    eligible_employment_types = models.CharField(_("jenis kepegawaian sasaran"), max_length=100, blank=True)
    min_rank_order = models.PositiveSmallIntegerField(_("golongan terendah (urutan)"), null=True, blank=True)
    max_rank_order = models.PositiveSmallIntegerField(_("golongan tertinggi (urutan)"), null=True, blank=True)
    prerequisites = models.TextField(_("prasyarat"), blank=True)
    # Rule 25: the L3 follow-up (evaluasi pasca pelatihan) opens this many months after a batch ends. Empty:
    # the instansi's evaluation setting (3 months unless changed), so one value serves most programmes.
    l3_after_months = models.PositiveSmallIntegerField(
        _("evaluasi pasca pelatihan setelah (bulan)"),
        null=True,
        blank=True,
        help_text=_("1–12 bulan setelah angkatan selesai. Kosongkan untuk memakai pengaturan evaluasi instansi."),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    previous_version = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("versi sebelumnya"),
    )
    change_note = models.TextField(_("catatan perubahan"), blank=True)
    search_text = models.TextField(_("teks pencarian"), blank=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("dibuat oleh")
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        constraints = [
            models.CheckConstraint(condition=Q(path__in=Path.values), name="program_path_known"),
            models.CheckConstraint(condition=Q(form__in=Form.values), name="program_form_known"),
            models.CheckConstraint(condition=_form_matches_path(), name="program_form_matches_path"),
            models.CheckConstraint(condition=Q(modality__in=Modality.values), name="program_modality_known"),
            models.CheckConstraint(condition=Q(status__in=ProgramStatus.values), name="program_status_known"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="program_visibility_known"),
            models.CheckConstraint(
                condition=Q(instansi__isnull=False) | Q(visibility="shared"), name="program_national_is_shared"
            ),
            # Pendidikan (tugas/izin belajar) earns no JP by default (domain.md §6); every training does.
            models.CheckConstraint(
                condition=Q(path="pendidikan") | Q(learning_hours__gte=1), name="program_jp_positive"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="program_version_positive"),
            models.CheckConstraint(
                condition=Q(l3_after_months__isnull=True) | Q(l3_after_months__gte=1, l3_after_months__lte=12),
                name="program_l3_months_range",
                violation_error_message=_("Evaluasi pasca pelatihan dibuka 1–12 bulan setelah angkatan selesai."),
            ),
            models.CheckConstraint(
                condition=Q(min_rank_order__isnull=True)
                | Q(max_rank_order__isnull=True)
                | Q(max_rank_order__gte=F("min_rank_order")),
                name="program_rank_range",
            ),
            models.UniqueConstraint(fields=["instansi", "code", "version"], name="program_code_version_unique"),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=Q(instansi__isnull=True),
                name="program_code_version_unique_national",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "status", "title"], name="program_list_idx"),
            models.Index(fields=["visibility", "status", "title"], name="program_shared_idx"),
            models.Index(fields=["instansi", "path", "form"], name="program_form_idx"),
            models.Index(fields=["instansi", "modality"], name="program_modality_idx"),
            models.Index(fields=["instansi", "penyelenggara"], name="program_provider_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.instansi_id is None

    @property
    def jenis_list(self) -> list[str]:
        return [x for x in self.eligible_jenis_jabatan.split(",") if x]

    @property
    def employment_type_list(self) -> list[str]:
        return [x for x in self.eligible_employment_types.split(",") if x]


class ProgramModule(models.Model):
    """One curriculum module, in order, with its JP."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi")
    )
    program = models.ForeignKey(Program, models.CASCADE, related_name="modules", verbose_name=_("program"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    title = models.CharField(_("judul modul"), max_length=250)
    description = models.TextField(_("uraian"), blank=True)
    learning_hours = models.PositiveSmallIntegerField(_("JP"))

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("modul")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(learning_hours__gte=1), name="module_jp_positive"),
        ]
        indexes = [models.Index(fields=["program", "order"], name="module_program_idx")]

    def __str__(self) -> str:
        return self.title


class ProgramCompetency(models.Model):
    """A competency the programme develops and the level (1–5) it brings participants to."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi")
    )
    program = models.ForeignKey(Program, models.CASCADE, related_name="competencies", verbose_name=_("program"))
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="program_links", verbose_name=_("kompetensi")
    )
    target_level = models.PositiveSmallIntegerField(_("level sasaran"), choices=[(n, str(n)) for n in range(1, 6)])

    class Meta:
        verbose_name = _("kompetensi sasaran")
        verbose_name_plural = _("kompetensi sasaran")
        constraints = [
            models.UniqueConstraint(fields=["program", "kompetensi"], name="program_competency_unique"),
            models.CheckConstraint(
                condition=Q(target_level__gte=1, target_level__lte=5), name="program_competency_level_1_5"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "kompetensi", "program"], name="program_competency_idx"),
            models.Index(fields=["kompetensi", "program"], name="program_competency_k_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kompetensi_id} → {self.target_level}"


def material_upload_to(instance: "ProgramMaterial", filename: str) -> str:
    return private_name("catalog/materials", instance.program_id, filename=filename)


class ProgramMaterial(models.Model):
    """Downloadable material or a link (small files help pegawai with weak connections)."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi")
    )
    program = models.ForeignKey(Program, models.CASCADE, related_name="materials", verbose_name=_("program"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    title = models.CharField(_("judul materi"), max_length=250)
    kind = models.CharField(_("jenis"), max_length=10, choices=MaterialKind.choices)
    file = models.FileField(_("berkas"), upload_to=material_upload_to, blank=True, max_length=255)
    url = models.URLField(_("tautan"), blank=True)

    class Meta:
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MaterialKind.values), name="material_kind_known"),
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="")) | (Q(kind="link") & ~Q(url="")),
                name="material_file_or_link",
            ),
        ]
        indexes = [models.Index(fields=["program", "order"], name="material_program_idx")]

    def __str__(self) -> str:
        return self.title
