"""Penyelenggara and narasumber: the national directory and each instansi's own rows."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.catalog.models.choices import PenyelenggaraKind
from apps.core.models import TimeStampedModel


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
