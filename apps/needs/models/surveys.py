"""Needs surveys, their responses, and FGD sessions."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Modality(models.TextChoices):
    TATAP_MUKA = "tatap_muka", _("Tatap muka")
    DARING = "daring", _("Daring")
    BLENDED = "blended", _("Blended")


class Constraint(models.TextChoices):
    DISTANCE = "distance", _("Jarak / lokasi terpencil")
    WORKLOAD = "workload", _("Beban kerja")
    CONNECTIVITY = "connectivity", _("Koneksi internet")
    BUDGET = "budget", _("Biaya")
    FAMILY = "family", _("Keluarga / waktu pribadi")


class NeedsSurvey(TimeStampedModel):
    """A needs survey opened by the admin for a period; pegawai and atasan answer it in the app."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    title = models.CharField(_("judul survei"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun rencana"))
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    question = models.TextField(
        _("pertanyaan / pengantar"),
        default=_("Kompetensi dan topik apa yang paling Anda (atau tim Anda) butuhkan tahun depan?"),
    )
    kompetensi = models.ManyToManyField(
        "competencies.Kompetensi", blank=True, related_name="+", verbose_name=_("kompetensi yang ditawarkan")
    )

    class Meta:
        verbose_name = _("survei kebutuhan")
        verbose_name_plural = _("survei kebutuhan")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="survey_dates_ordered")
        ]
        indexes = [models.Index(fields=["instansi", "-opens_on"], name="survey_list_idx")]

    def __str__(self) -> str:
        return self.title


class SurveyResponse(TimeStampedModel):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    survey = models.ForeignKey(NeedsSurvey, models.CASCADE, related_name="responses", verbose_name=_("survei"))
    respondent = models.ForeignKey("employees.Pegawai", models.CASCADE, related_name="+", verbose_name=_("responden"))
    as_atasan = models.BooleanField(_("menjawab sebagai atasan (untuk tim)"), default=False)
    kompetensi = models.ManyToManyField(
        "competencies.Kompetensi", blank=True, related_name="+", verbose_name=_("kompetensi yang dibutuhkan")
    )
    topics = models.TextField(_("topik yang dibutuhkan"), blank=True)
    modality = models.CharField(_("modalitas yang diinginkan"), max_length=20, choices=Modality.choices)
    constraints = models.JSONField(_("kendala"), default=list, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent", "as_atasan"],
                name="survey_one_answer",
                violation_error_message=_("Anda sudah menjawab survei ini."),
            ),
            models.CheckConstraint(condition=Q(modality__in=Modality.values), name="survey_modality_known"),
        ]
        indexes = [models.Index(fields=["instansi", "survey"], name="survey_response_idx")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.respondent_id}"


class FgdSession(TimeStampedModel):
    """A focus-group discussion with units/atasan: who took part, when, notes and the needs it produced."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    title = models.CharField(_("judul FGD"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    unit_kerja = models.ForeignKey(
        "organizations.UnitKerja", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit kerja")
    )
    participants = models.ManyToManyField("employees.Pegawai", blank=True, related_name="+", verbose_name=_("peserta"))
    notes = models.TextField(_("notulen"))
    needs_text = models.TextField(_("kebutuhan yang dihasilkan"), blank=True)
    kompetensi = models.ManyToManyField(
        "competencies.Kompetensi", blank=True, related_name="+", verbose_name=_("kompetensi yang dibutuhkan")
    )

    class Meta:
        verbose_name = _("FGD kebutuhan")
        verbose_name_plural = _("FGD kebutuhan")
        indexes = [models.Index(fields=["instansi", "-held_on"], name="fgd_list_idx")]

    def __str__(self) -> str:
        return self.title
