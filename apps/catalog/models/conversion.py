"""The versioned JP conversion table (reference data; rules 14–16)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.catalog.models.choices import CapPeriod, ConversionUnit, Form
from apps.core.models import TimeStampedModel


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
