"""Catalog: penyelenggara, narasumber, programs (jalur/bentuk, JP, curriculum, versions), angkatan
(batches with sessions) and the versioned JP conversion table (domain.md §6, §8).

Visibility (decided here, tested in tests/test_visibility.py):
- `Program.instansi` is the owner. `instansi=None` is a national/provincial program kept by the
  superadmin; it is always `visibility=shared` (a CheckConstraint holds this).
- A published `shared` program is in the catalog of every instansi; a `private` one only in its
  owner's. Only the owner (or the superadmin for national ones) edits a program.
- Penyelenggara and narasumber follow the same idea: `instansi=None` is the national directory
  (LAN, universities…) every instansi may pick; otherwise the row is private to its instansi.
- An `Angkatan` always belongs to exactly one instansi and is offered to that instansi's pegawai.
  A shared program is scheduled by each instansi in its own angkatan.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.storage import private_name

# --------------------------------------------------------------------------- choice lists


class PenyelenggaraKind(models.TextChoices):
    INTERNAL = "internal", _("Internal (BKPSDM/BPSDM)")
    LAN = "lan", _("Lembaga Administrasi Negara (LAN)")
    MINISTRY = "kementerian", _("Kementerian / pusat pelatihan kementerian")
    UNIVERSITY = "universitas", _("Universitas / perguruan tinggi")
    PROFESSIONAL = "lembaga_profesi", _("Lembaga / asosiasi profesi")
    PRIVATE = "swasta", _("Lembaga swasta")


class Path(models.TextChoices):
    """Jalur pengembangan kompetensi (domain.md §6)."""

    PENDIDIKAN = "pendidikan", _("Pendidikan")
    KLASIKAL = "klasikal", _("Pelatihan klasikal")
    NONKLASIKAL = "nonklasikal", _("Pelatihan nonklasikal")


class Form(models.TextChoices):
    """Bentuk pengembangan kompetensi (domain.md §6), grouped by jalur in FORM_PATH."""

    # Jalur pendidikan:
    TUGAS_BELAJAR = "tugas_belajar", _("Tugas belajar")
    IZIN_BELAJAR = "izin_belajar", _("Izin belajar")
    # Pelatihan klasikal, kepemimpinan (struktural):
    LATSAR = "latsar", _("Pelatihan Dasar CPNS (Latsar)")
    PKP = "pkp", _("Pelatihan Kepemimpinan Pengawas (PKP)")
    PKA = "pka", _("Pelatihan Kepemimpinan Administrator (PKA)")
    PKN_II = "pkn_ii", _("Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)")
    PKN_I = "pkn_i", _("Pelatihan Kepemimpinan Nasional Tingkat I (PKN I)")
    # Pelatihan klasikal, lainnya:
    MANAJERIAL = "manajerial", _("Pelatihan manajerial")
    TEKNIS = "teknis", _("Pelatihan teknis")
    FUNGSIONAL = "fungsional", _("Pelatihan fungsional")
    SOSIAL_KULTURAL = "sosial_kultural", _("Pelatihan sosial kultural")
    SEMINAR = "seminar", _("Seminar / konferensi / sarasehan")
    WORKSHOP = "workshop", _("Workshop / lokakarya")
    KURSUS = "kursus", _("Kursus")
    PENATARAN = "penataran", _("Penataran")
    BIMTEK = "bimtek", _("Bimbingan teknis (bimtek)")
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    # Pelatihan nonklasikal:
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    E_LEARNING = "e_learning", _("E-learning")
    PJJ = "pelatihan_jarak_jauh", _("Pelatihan jarak jauh")
    DETASERING = "detasering", _("Detasering (secondment)")
    OUTBOUND = "outbound", _("Pembelajaran alam terbuka (outbound)")
    BENCHMARKING = "patok_banding", _("Patok banding (benchmarking)")
    EXCHANGE = "pertukaran_pegawai", _("Pertukaran PNS dengan pegawai swasta/BUMN/BUMD")
    SELF_STUDY = "belajar_mandiri", _("Belajar mandiri (self development)")
    COMMUNITY = "komunitas_belajar", _("Komunitas belajar (community of practice)")
    ON_THE_JOB = "bimbingan_tempat_kerja", _("Bimbingan di tempat kerja")
    MAGANG = "magang", _("Magang / praktik kerja")


LEADERSHIP_FORMS = frozenset({Form.LATSAR, Form.PKP, Form.PKA, Form.PKN_II, Form.PKN_I})

FORM_PATH: dict[str, str] = {
    Form.TUGAS_BELAJAR: Path.PENDIDIKAN,
    Form.IZIN_BELAJAR: Path.PENDIDIKAN,
    **dict.fromkeys(
        (
            Form.LATSAR,
            Form.PKP,
            Form.PKA,
            Form.PKN_II,
            Form.PKN_I,
            Form.MANAJERIAL,
            Form.TEKNIS,
            Form.FUNGSIONAL,
            Form.SOSIAL_KULTURAL,
            Form.SEMINAR,
            Form.WORKSHOP,
            Form.KURSUS,
            Form.PENATARAN,
            Form.BIMTEK,
            Form.SOSIALISASI,
        ),
        Path.KLASIKAL,
    ),
    **dict.fromkeys(
        (
            Form.COACHING,
            Form.MENTORING,
            Form.E_LEARNING,
            Form.PJJ,
            Form.DETASERING,
            Form.OUTBOUND,
            Form.BENCHMARKING,
            Form.EXCHANGE,
            Form.SELF_STUDY,
            Form.COMMUNITY,
            Form.ON_THE_JOB,
            Form.MAGANG,
        ),
        Path.NONKLASIKAL,
    ),
}


def _form_matches_path() -> Q:
    condition = Q()
    for path in Path.values:
        condition |= Q(path=path, form__in=[f for f, p in FORM_PATH.items() if p == path])
    return condition


class Modality(models.TextChoices):
    TATAP_MUKA = "tatap_muka", _("Tatap muka")
    DARING_SINKRON = "daring_sinkron", _("Daring sinkron")
    DARING_ASINKRON = "daring_asinkron", _("Daring asinkron / e-learning")
    BLENDED = "blended", _("Blended (campuran)")


ONLINE_MODALITIES = frozenset({Modality.DARING_SINKRON, Modality.DARING_ASINKRON, Modality.BLENDED})


class ConversionUnit(models.TextChoices):
    PROGRAM = "program", _("per program (JP program)")
    DAY = "day", _("per hari")
    SESSION = "session", _("per sesi")
    VISIT = "visit", _("per kunjungan")
    ASSIGNMENT = "assignment", _("per penugasan selesai")
    MINUTES = "minutes", _("menit ÷ 45")


class CapPeriod(models.TextChoices):
    NONE = "", _("tanpa batas")
    DAY = "day", _("per hari")
    MONTH = "month", _("per bulan")
    YEAR = "year", _("per tahun")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Hanya instansi pemilik")
    SHARED = "shared", _("Dibagikan ke semua instansi (nasional/provinsi)")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    ARCHIVED = "archived", _("Diarsipkan")


class AngkatanStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    OPEN = "open", _("Pendaftaran dibuka")
    FULL = "full", _("Penuh")
    RUNNING = "running", _("Berlangsung")
    FINISHED = "finished", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD instansi")
    APBN = "apbn", _("APBN")
    PROVIDER = "penyelenggara", _("Ditanggung penyelenggara")
    SELF = "mandiri", _("Biaya sendiri")
    SPONSOR = "sponsor", _("Sponsor / hibah")
    NONE = "tanpa_biaya", _("Tanpa biaya")


class MaterialKind(models.TextChoices):
    FILE = "file", _("Berkas")
    LINK = "link", _("Tautan")


# --------------------------------------------------------------------------- providers and speakers


class Penyelenggara(TimeStampedModel):
    """A training provider. `instansi=None`: national directory entry, kept by the superadmin."""

    instansi = models.ForeignKey(
        "organizations.Instansi",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="penyelenggara_set",
        verbose_name=_("instansi"),
    )
    name = models.CharField(_("nama penyelenggara"), max_length=200)
    kind = models.CharField(_("jenis penyelenggara"), max_length=20, choices=PenyelenggaraKind.choices)
    is_lan_accredited = models.BooleanField(
        _("terakreditasi LAN"), default=False, help_text=_("Syarat untuk menyelenggarakan pelatihan kepemimpinan.")
    )
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("telepon"), max_length=30, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    mou_number = models.CharField(_("nomor MoU / PKS"), max_length=100, blank=True)
    mou_start = models.DateField(_("MoU mulai"), null=True, blank=True)
    mou_end = models.DateField(_("MoU berakhir"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("penyelenggara")
        verbose_name_plural = _("penyelenggara")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PenyelenggaraKind.values), name="penyelenggara_kind_known"),
            models.CheckConstraint(
                condition=Q(mou_start__isnull=True) | Q(mou_end__isnull=True) | Q(mou_end__gte=F("mou_start")),
                name="penyelenggara_mou_end_after_start",
            ),
            models.UniqueConstraint(fields=["instansi", "name"], name="penyelenggara_name_unique_per_instansi"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(instansi__isnull=True), name="penyelenggara_name_unique_national"
            ),
        ]
        indexes = [models.Index(fields=["instansi", "name"], name="penyelenggara_name_idx")]

    def __str__(self) -> str:
        return self.name


class Narasumber(TimeStampedModel):
    """A speaker or trainer. The rating is filled by the evaluations app (L1 trainer questions)."""

    instansi = models.ForeignKey(
        "organizations.Instansi",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="narasumber_set",
        verbose_name=_("instansi"),
    )
    name = models.CharField(_("nama narasumber"), max_length=150)
    expertise = models.CharField(_("bidang keahlian"), max_length=250, blank=True)
    institution = models.CharField(_("asal lembaga"), max_length=200, blank=True)
    is_widyaiswara = models.BooleanField(_("widyaiswara"), default=False)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    rating_avg = models.DecimalField(
        _("rata-rata penilaian"), max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )
    rating_count = models.PositiveIntegerField(_("jumlah penilaian"), default=0, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")
        ordering = ["name"]
        indexes = [models.Index(fields=["instansi", "name"], name="narasumber_name_idx")]

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- JP conversion (reference data)


class JPConversionRule(TimeStampedModel):
    """One version of the JP conversion of a bentuk (domain.md §6, rules 14–16, 33).

    `instansi=None` is the national default; an instansi row overrides it for that instansi.
    `jp_per_unit=None` with unit `program` means "JP of the programme". A row is never edited once
    JP were booked with it: a change is a new row with a later `effective_from`."""

    instansi = models.ForeignKey(
        "organizations.Instansi",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="jp_conversion_rules",
        verbose_name=_("instansi"),
    )
    form = models.CharField(_("bentuk"), max_length=30, choices=Form.choices)
    unit = models.CharField(_("satuan"), max_length=20, choices=ConversionUnit.choices)
    jp_per_unit = models.PositiveSmallIntegerField(_("JP per satuan"), null=True, blank=True)
    international_jp_per_unit = models.PositiveSmallIntegerField(
        _("JP per satuan (internasional)"), null=True, blank=True
    )
    international_bonus_percent = models.PositiveSmallIntegerField(
        _("tambahan JP internasional (%)"), default=0, help_text=_("Mis. 20 untuk JP program + 20 %.")
    )
    cap_jp = models.PositiveSmallIntegerField(_("batas JP"), null=True, blank=True)
    cap_units = models.PositiveSmallIntegerField(_("batas jumlah satuan"), null=True, blank=True)
    cap_period = models.CharField(_("periode batas"), max_length=10, choices=CapPeriod.choices, blank=True)
    evidence_required = models.CharField(_("bukti yang diperlukan"), max_length=200, blank=True)
    note = models.CharField(_("catatan"), max_length=250, blank=True)
    needs_verification = models.BooleanField(
        _("perlu diverifikasi"), default=False, help_text=_("Nilai belum dicocokkan dengan teks regulasi.")
    )
    effective_from = models.DateField(_("berlaku mulai"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=250)

    class Meta:
        verbose_name = _("aturan konversi JP")
        verbose_name_plural = _("aturan konversi JP")
        ordering = ["form", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(form__in=Form.values), name="jprule_form_known"),
            models.CheckConstraint(condition=Q(unit__in=ConversionUnit.values), name="jprule_unit_known"),
            models.CheckConstraint(condition=Q(cap_period__in=CapPeriod.values), name="jprule_cap_period_known"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="jprule_effective_range",
            ),
            models.CheckConstraint(
                condition=Q(unit="program") | Q(jp_per_unit__gte=1), name="jprule_jp_per_unit_positive"
            ),
            models.UniqueConstraint(
                fields=["instansi", "form", "effective_from"], name="jprule_one_version_per_day_instansi"
            ),
            models.UniqueConstraint(
                fields=["form", "effective_from"],
                condition=Q(instansi__isnull=True),
                name="jprule_one_version_per_day_national",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "form", "-effective_from"], name="jprule_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} ({self.effective_from:%Y-%m-%d})"

    def compute_jp(self, quantity: int, *, programme_jp: int = 0, international: bool = False) -> int:
        """JP for `quantity` units (days, sessions, visits, assignments, minutes). Always an
        integer (rule 14): minutes convert with floor(minutes / 45); the cap is applied by the
        caller per period, since it depends on other activities of the same pegawai."""
        if self.unit == ConversionUnit.PROGRAM:
            base = programme_jp
            if international and self.international_bonus_percent:
                return base + base * self.international_bonus_percent // 100
            return base
        per_unit = self.jp_per_unit or 0
        if international and self.international_jp_per_unit:
            per_unit = self.international_jp_per_unit
        if self.unit == ConversionUnit.MINUTES:
            return (quantity // 45) * per_unit
        return quantity * per_unit


# --------------------------------------------------------------------------- programs


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


# --------------------------------------------------------------------------- batches


class Angkatan(TimeStampedModel):
    """One batch of a programme, owned by one instansi and offered to its pegawai.

    Seats: `seats_taken` only moves under `select_for_update` in the enrollments services; the
    CheckConstraint is the backstop against overbooking."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, related_name="angkatan_set", verbose_name=_("instansi")
    )
    program = models.ForeignKey(Program, models.PROTECT, related_name="angkatan_set", verbose_name=_("program"))
    code = models.CharField(_("kode angkatan"), max_length=40)
    name = models.CharField(_("nama angkatan"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    registration_opens = models.DateField(_("pendaftaran dibuka"), null=True, blank=True)
    registration_closes = models.DateField(_("pendaftaran ditutup"), null=True, blank=True)
    modality = models.CharField(_("moda"), max_length=20, choices=Modality.choices)
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    venue_address = models.CharField(_("alamat tempat"), max_length=250, blank=True)
    region = models.CharField(
        _("wilayah (kecamatan)"), max_length=100, blank=True, help_text=_("Dicocokkan dengan wilayah unit kerja.")
    )
    online_link = models.URLField(_("tautan daring"), blank=True)
    seats_total = models.PositiveIntegerField(_("kuota peserta"))
    seats_taken = models.PositiveIntegerField(_("kursi terisi"), default=0, editable=False)
    waitlist_size = models.PositiveIntegerField(_("kuota daftar tunggu"), default=0)
    cost_idr = models.PositiveBigIntegerField(_("biaya per peserta (Rp)"), default=0)
    funding_source = models.CharField(
        _("sumber dana"), max_length=20, choices=FundingSource.choices, default=FundingSource.APBD
    )
    requires_atasan_approval = models.BooleanField(_("perlu persetujuan atasan"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AngkatanStatus.choices, default=AngkatanStatus.PLANNED
    )
    created_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("dibuat oleh")
    )

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        constraints = [
            models.CheckConstraint(condition=Q(seats_total__gte=1), name="angkatan_seats_total_positive"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("seats_total")), name="angkatan_seats_le_total"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="angkatan_end_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True) | Q(registration_closes__lte=F("start_date")),
                name="angkatan_registration_before_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gte=F("registration_opens")),
                name="angkatan_registration_window",
            ),
            models.CheckConstraint(condition=Q(modality__in=Modality.values), name="angkatan_modality_known"),
            models.CheckConstraint(condition=Q(status__in=AngkatanStatus.values), name="angkatan_status_known"),
            models.CheckConstraint(condition=Q(funding_source__in=FundingSource.values), name="angkatan_funding_known"),
            models.UniqueConstraint(fields=["instansi", "code"], name="angkatan_code_unique_per_instansi"),
        ]
        indexes = [
            models.Index(fields=["instansi", "start_date", "id"], name="angkatan_start_idx"),
            models.Index(fields=["instansi", "program", "start_date"], name="angkatan_program_idx"),
            models.Index(fields=["instansi", "status", "start_date"], name="angkatan_status_idx"),
            models.Index(fields=["instansi", "modality", "start_date"], name="angkatan_modality_idx"),
            models.Index(fields=["instansi", "region"], name="angkatan_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}"

    @property
    def seats_left(self) -> int:
        return max(0, self.seats_total - self.seats_taken)

    @property
    def is_online(self) -> bool:
        return self.modality in ONLINE_MODALITIES


class AngkatanSession(models.Model):
    """One scheduled session of a batch."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    angkatan = models.ForeignKey(Angkatan, models.CASCADE, related_name="sessions", verbose_name=_("angkatan"))
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    topic = models.CharField(_("topik"), max_length=250)
    narasumber = models.ForeignKey(
        Narasumber, models.SET_NULL, null=True, blank=True, related_name="sessions", verbose_name=_("narasumber")
    )
    online_link = models.URLField(_("tautan daring"), blank=True)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="session_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["instansi", "angkatan", "date"], name="session_angkatan_idx"),
            models.Index(fields=["instansi", "date"], name="session_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.topic}"
