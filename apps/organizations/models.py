from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class InstansiKind(models.TextChoices):
    KOTA = "kota", _("Pemerintah Kota")
    KABUPATEN = "kabupaten", _("Pemerintah Kabupaten")
    PROVINSI = "provinsi", _("Pemerintah Provinsi")


class TimeZoneChoice(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


FILE_RETENTION_DEFAULT_DAYS = 30  # uploaded import files (full personal data) and generated reports


class Instansi(TimeStampedModel):
    """The tenant: one pemerintah daerah. Nothing of one instansi is ever shown to another."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama instansi"), max_length=150, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=InstansiKind.choices)
    timezone = models.CharField(_("zona waktu"), max_length=40, choices=TimeZoneChoice.choices)
    province = models.CharField(_("provinsi"), max_length=80, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    head_title = models.CharField(_("jabatan kepala BKPSDM"), max_length=150, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    file_retention_days = models.PositiveSmallIntegerField(
        _("masa simpan berkas (hari)"),
        default=FILE_RETENTION_DEFAULT_DAYS,
        help_text=_("Berkas impor dan berkas laporan dihapus setelah sekian hari (1–3650)."),
    )

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InstansiKind.values), name="instansi_kind_known"),
            models.CheckConstraint(condition=Q(timezone__in=TimeZoneChoice.values), name="instansi_tz_known"),
            models.CheckConstraint(
                condition=Q(file_retention_days__gte=1, file_retention_days__lte=3650), name="instansi_retention_1_3650"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    SETDA = "setda", _("Sekretariat daerah")
    OPD = "opd", _("Perangkat daerah (OPD)")
    BIDANG = "bidang", _("Bidang / bagian")
    SEKSI = "seksi", _("Seksi / subbagian")
    UPT = "upt", _("UPT")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    SEKOLAH = "sekolah", _("Sekolah")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan / desa")


class UnitKerja(TimeStampedModel):
    """A node of the organisation tree. `path` (ids from the root, '/1/5/9/') makes subtree queries
    one indexed prefix match instead of a recursive walk."""

    instansi = models.ForeignKey(Instansi, models.PROTECT, related_name="units", verbose_name=_("instansi"))
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("unit induk")
    )
    code = models.CharField(_("kode unit"), max_length=30)
    name = models.CharField(_("nama unit kerja"), max_length=200)
    kind = models.CharField(_("jenis unit"), max_length=20, choices=UnitKind.choices)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    region = models.CharField(_("wilayah (kecamatan)"), max_length=100, blank=True)
    is_remote = models.BooleanField(
        _("lokasi terpencil"), default=False, help_text=_("Jauh dari pusat kota; diutamakan untuk kelas daring.")
    )
    path = models.CharField(_("jalur pohon"), max_length=255, blank=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("kedalaman"), default=0, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "code"], name="unit_code_unique_per_instansi"),
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="unit_kind_known"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["instansi", "path"], name="unit_tree_idx"),
            models.Index(fields=["instansi", "kind"], name="unit_kind_idx"),
            models.Index(fields=["instansi", "name"], name="unit_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class JenisJabatan(models.TextChoices):
    JPT = "jpt", _("Jabatan Pimpinan Tinggi")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", _("Fungsional keahlian")
    FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", _("Fungsional keterampilan")
    PELAKSANA = "pelaksana", _("Pelaksana")


MANAGERIAL_JENIS = frozenset({JenisJabatan.JPT, JenisJabatan.ADMINISTRATOR, JenisJabatan.PENGAWAS})


class Jenjang(models.TextChoices):
    UTAMA = "utama", _("Utama")
    MADYA = "madya", _("Madya")
    PRATAMA = "pratama", _("Pratama")
    AHLI_UTAMA = "ahli_utama", _("Ahli utama")
    AHLI_MADYA = "ahli_madya", _("Ahli madya")
    AHLI_MUDA = "ahli_muda", _("Ahli muda")
    AHLI_PERTAMA = "ahli_pertama", _("Ahli pertama")
    PENYELIA = "penyelia", _("Penyelia")
    MAHIR = "mahir", _("Mahir")
    TERAMPIL = "terampil", _("Terampil")
    PEMULA = "pemula", _("Pemula")
    KLEREK = "klerek", _("Kelompok klerek")
    OPERATOR = "operator", _("Kelompok operator")
    TEKNISI = "teknisi", _("Kelompok teknisi")


# domain.md §3: which jenjang belong to which jenis jabatan (rule 5). Administrator and pengawas have none.
JENJANG_BY_JENIS: dict[str, tuple[str, ...]] = {
    JenisJabatan.JPT: (Jenjang.UTAMA, Jenjang.MADYA, Jenjang.PRATAMA),
    JenisJabatan.ADMINISTRATOR: (),
    JenisJabatan.PENGAWAS: (),
    JenisJabatan.FUNGSIONAL_KEAHLIAN: (Jenjang.AHLI_UTAMA, Jenjang.AHLI_MADYA, Jenjang.AHLI_MUDA, Jenjang.AHLI_PERTAMA),
    JenisJabatan.FUNGSIONAL_KETERAMPILAN: (Jenjang.PENYELIA, Jenjang.MAHIR, Jenjang.TERAMPIL, Jenjang.PEMULA),
    JenisJabatan.PELAKSANA: (Jenjang.KLEREK, Jenjang.OPERATOR, Jenjang.TEKNISI),
}


def _jenjang_constraint() -> Q:
    condition = Q()
    for jenis, allowed in JENJANG_BY_JENIS.items():
        if allowed:
            condition |= Q(jenis=jenis, jenjang__in=list(allowed))
        else:
            condition |= Q(jenis=jenis, jenjang="")
    return condition


class Jabatan(TimeStampedModel):
    """A position with its ikhtisar, uraian tugas and fungsi (from the instansi's anjab)."""

    instansi = models.ForeignKey(Instansi, models.PROTECT, related_name="jabatan_set", verbose_name=_("instansi"))
    unit_kerja = models.ForeignKey(UnitKerja, models.PROTECT, related_name="jabatan_set", verbose_name=_("unit kerja"))
    code = models.CharField(_("kode jabatan"), max_length=30)
    name = models.CharField(_("nama jabatan"), max_length=200)
    jenis = models.CharField(_("jenis jabatan"), max_length=30, choices=JenisJabatan.choices)
    jenjang = models.CharField(_("jenjang"), max_length=20, choices=Jenjang.choices, blank=True)
    job_class = models.PositiveSmallIntegerField(_("kelas jabatan"), null=True, blank=True)
    summary = models.TextField(_("ikhtisar jabatan"), blank=True)
    requirements = models.TextField(_("syarat jabatan"), blank=True)
    pembina = models.CharField(_("instansi pembina"), max_length=150, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "code"], name="jabatan_code_unique_per_instansi"),
            models.CheckConstraint(condition=Q(jenis__in=JenisJabatan.values), name="jabatan_jenis_known"),
            models.CheckConstraint(condition=_jenjang_constraint(), name="jabatan_jenjang_matches_jenis"),
            models.CheckConstraint(
                condition=Q(job_class__isnull=True) | Q(job_class__gte=1, job_class__lte=17),
                name="jabatan_class_1_17",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "jenis"], name="jabatan_jenis_idx"),
            models.Index(fields=["instansi", "unit_kerja"], name="jabatan_unit_idx"),
            models.Index(fields=["instansi", "name"], name="jabatan_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_managerial(self) -> bool:
        return self.jenis in MANAGERIAL_JENIS


class JobTask(models.Model):
    """One uraian tugas line with its hasil kerja (output)."""

    instansi = models.ForeignKey(Instansi, models.PROTECT, related_name="+", verbose_name=_("instansi"))
    jabatan = models.ForeignKey(Jabatan, models.CASCADE, related_name="tasks", verbose_name=_("jabatan"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    description = models.TextField(_("uraian tugas"))
    output = models.CharField(_("hasil kerja"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("uraian tugas")
        verbose_name_plural = _("uraian tugas")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["instansi", "jabatan"], name="jobtask_jabatan_idx")]

    def __str__(self) -> str:
        return self.description[:80]


class JobFunction(models.Model):
    """One fungsi of the unit a manajerial jabatan heads."""

    instansi = models.ForeignKey(Instansi, models.PROTECT, related_name="+", verbose_name=_("instansi"))
    jabatan = models.ForeignKey(Jabatan, models.CASCADE, related_name="functions", verbose_name=_("jabatan"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    description = models.TextField(_("fungsi"))

    class Meta:
        verbose_name = _("fungsi")
        verbose_name_plural = _("fungsi")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["instansi", "jabatan"], name="jobfunction_jabatan_idx")]

    def __str__(self) -> str:
        return self.description[:80]
