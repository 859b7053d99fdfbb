"""SKP performance records and what counts as a performance gap."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


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
