"""Individual development plans (IDP): goals, activities, events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Form as CatalogForm
from apps.core.models import TimeStampedModel, TransitionEvent
from apps.needs.models.assessments import LEVEL_CHOICES
from apps.needs.models.inventory import NeedsItem
from apps.needs.models.plans import PlanItem


class IdpStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke atasan")
    AGREED = "agreed", _("Disepakati atasan")


class IndividualDevelopmentPlan(TimeStampedModel):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey("employees.Pegawai", models.CASCADE, related_name="idps", verbose_name=_("pegawai"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(_("status"), max_length=10, choices=IdpStatus.choices, default=IdpStatus.DRAFT)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disepakati oleh"),
    )
    agreed_at = models.DateTimeField(_("disepakati pada"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("rencana pengembangan individu (IDP)")
        verbose_name_plural = _("rencana pengembangan individu (IDP)")
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "year"],
                name="idp_one_per_year",
                violation_error_message=_("IDP pegawai ini untuk tahun tersebut sudah ada."),
            ),
            models.CheckConstraint(condition=Q(status__in=IdpStatus.values), name="idp_status_known"),
        ]
        indexes = [models.Index(fields=["instansi", "year", "status"], name="idp_list_idx")]

    def __str__(self) -> str:
        return f"IDP {self.pegawai_id} {self.year}"


class IdpGoal(models.Model):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    idp = models.ForeignKey(IndividualDevelopmentPlan, models.CASCADE, related_name="goals", verbose_name=_("IDP"))
    kompetensi = models.ForeignKey(
        "competencies.Kompetensi", models.PROTECT, related_name="+", verbose_name=_("kompetensi")
    )
    needs_item = models.ForeignKey(
        NeedsItem, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("kebutuhan terkait")
    )
    target_level = models.PositiveSmallIntegerField(_("level sasaran"), choices=LEVEL_CHOICES, null=True, blank=True)
    description = models.CharField(_("sasaran pengembangan"), max_length=300)

    class Meta:
        verbose_name = _("sasaran IDP")
        verbose_name_plural = _("sasaran IDP")
        constraints = [
            models.UniqueConstraint(fields=["idp", "kompetensi"], name="idp_goal_one_per_kompetensi"),
            models.CheckConstraint(
                condition=Q(target_level__isnull=True) | Q(target_level__gte=1, target_level__lte=5),
                name="idp_goal_level_1_5",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "idp"], name="idp_goal_idx")]

    def __str__(self) -> str:
        return self.description


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    DONE = "done", _("Selesai")


class IdpActivity(models.Model):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    idp = models.ForeignKey(IndividualDevelopmentPlan, models.CASCADE, related_name="activities", verbose_name=_("IDP"))
    goal = models.ForeignKey(IdpGoal, models.CASCADE, related_name="activities", verbose_name=_("sasaran"))
    form = models.CharField(_("bentuk"), max_length=30, choices=CatalogForm.choices)
    title = models.CharField(_("kegiatan"), max_length=250)
    target_date = models.DateField(_("target tanggal"))
    plan_item = models.ForeignKey(
        PlanItem, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("butir RPK")
    )
    program = models.ForeignKey(
        "catalog.Program", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("program katalog")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    completed_on = models.DateField(_("selesai pada"), null=True, blank=True)
    progress_note = models.TextField(_("catatan kemajuan"), blank=True)

    class Meta:
        verbose_name = _("kegiatan IDP")
        verbose_name_plural = _("kegiatan IDP")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActivityStatus.values), name="idp_activity_status_known"),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(completed_on__isnull=False), name="idp_activity_done_dated"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "idp"], name="idp_activity_idx"),
            models.Index(fields=["instansi", "program", "status"], name="idp_activity_program_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class IdpEvent(TransitionEvent):
    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    idp = models.ForeignKey(IndividualDevelopmentPlan, models.CASCADE, related_name="events", verbose_name=_("IDP"))

    class Meta:
        verbose_name = _("riwayat IDP")
        verbose_name_plural = _("riwayat IDP")
        indexes = [models.Index(fields=["instansi", "idp", "-created_at"], name="idp_event_idx")]

    def __str__(self) -> str:
        return f"{self.idp_id} {self.action}"
