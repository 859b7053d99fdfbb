"""Evaluation data (domain.md §9): SKM quality bands (versioned reference data), questionnaires,
invitations, anonymous responses and improvement actions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class IkmBand(TimeStampedModel):
    """One row of the SKM quality table (PermenPAN-RB 14/2017) valid from `effective_from` to
    `effective_to`; an IKM result stores the version it was graded with (rule 33)."""

    version = models.CharField(_("versi"), max_length=40)
    mutu = models.CharField(_("mutu"), max_length=2)
    label = models.CharField(_("kinerja unit"), max_length=40)
    low = models.DecimalField(_("IKM terendah"), max_digits=5, decimal_places=2)
    high = models.DecimalField(_("IKM tertinggi"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("berlaku mulai"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=250)

    class Meta:
        verbose_name = _("rentang mutu IKM")
        verbose_name_plural = _("rentang mutu IKM")
        ordering = ["-effective_from", "-low"]
        constraints = [
            models.UniqueConstraint(fields=["version", "mutu"], name="ikmband_version_mutu_unique"),
            models.CheckConstraint(condition=Q(low__lte=models.F("high")), name="ikmband_low_le_high"),
            models.CheckConstraint(condition=Q(low__gte=25) & Q(high__lte=100), name="ikmband_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.mutu} {self.label} ({self.low}–{self.high})"
