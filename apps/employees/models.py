import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.employees.golongan import PANGKAT, PNS_GOLONGAN, PPPK_GOLONGAN
from apps.employees.nip import format_nip, mask_nip


class EmploymentType(models.TextChoices):
    PNS = "pns", _("PNS")
    CPNS = "cpns", _("CPNS")
    PPPK = "pppk", _("PPPK")
    PPPK_PART_TIME = "pppk_part_time", _("PPPK paruh waktu")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


PNS_CODES = [code for code, _title in PNS_GOLONGAN]


class Pegawai(TimeStampedModel):
    """One employee record inside one instansi. The NIP is personal data: stored as 18 digits,
    shown with spaces, masked on non-admin pages, never put in URLs or logs."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, related_name="pegawai_set", verbose_name=_("instansi")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="pegawai", verbose_name=_("akun")
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18)
    name = models.CharField(_("nama lengkap"), max_length=150)
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=20, choices=EmploymentType.choices)
    golongan = models.CharField(_("golongan"), max_length=6, blank=True)
    rank_order = models.PositiveSmallIntegerField(_("urutan golongan"), default=0, editable=False)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    unit_kerja = models.ForeignKey(
        "organizations.UnitKerja", models.PROTECT, related_name="pegawai_set", verbose_name=_("unit kerja")
    )
    jabatan = models.ForeignKey(
        "organizations.Jabatan",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="pegawai_set",
        verbose_name=_("jabatan"),
    )
    atasan = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="subordinates", verbose_name=_("atasan langsung")
    )
    work_location = models.CharField(_("lokasi kerja"), max_length=200, blank=True)
    education = models.CharField(_("pendidikan terakhir"), max_length=100, blank=True)
    tmt = models.DateField(_("TMT pengangkatan"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "nip"], condition=Q(is_active=True), name="pegawai_one_active_nip_per_instansi"
            ),
            models.CheckConstraint(
                condition=Q(employment_type__in=EmploymentType.values), name="pegawai_employment_type_known"
            ),
            models.CheckConstraint(condition=Q(nip__regex=r"^[0-9]{18}$"), name="pegawai_nip_18_digits"),
            models.CheckConstraint(condition=Q(sex__in=["", "L", "P"]), name="pegawai_sex_known"),
            models.CheckConstraint(
                condition=Q(golongan="")
                | (Q(employment_type__in=["pns", "cpns"]) & Q(golongan__in=PNS_CODES))
                | (Q(employment_type__in=["pppk", "pppk_part_time"]) & Q(golongan__in=list(PPPK_GOLONGAN))),
                name="pegawai_golongan_matches_type",
            ),
            models.CheckConstraint(condition=~Q(atasan=F("id")), name="pegawai_not_own_atasan"),
        ]
        indexes = [
            models.Index(fields=["instansi", "name"], name="pegawai_name_idx"),
            models.Index(fields=["instansi", "nip"], name="pegawai_nip_idx"),
            models.Index(fields=["instansi", "unit_kerja"], name="pegawai_unit_idx"),
            models.Index(fields=["instansi", "jabatan"], name="pegawai_jabatan_idx"),
            models.Index(fields=["instansi", "atasan"], name="pegawai_atasan_idx"),
            models.Index(fields=["instansi", "employment_type", "rank_order"], name="pegawai_type_rank_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def nip_masked(self) -> str:
        return mask_nip(self.nip)

    @property
    def pangkat(self) -> str:
        return PANGKAT.get(self.golongan, "")

    @property
    def is_pns(self) -> bool:
        return self.employment_type in {EmploymentType.PNS, EmploymentType.CPNS}


class TransferStatus(models.TextChoices):
    OPEN = "open", _("Menunggu keputusan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class TransferSource(models.TextChoices):
    FORM = "form", _("Formulir pegawai")
    IMPORT = "import", _("Impor berkas")


class TransferRequest(TimeStampedModel):
    """A NIP one instansi tried to add while it is active in another (mutasi, domain.md §2.2). The asking
    admin is told only that the NIP is active elsewhere; the superadmin sees both sides and decides. Approving
    ends the pegawai record in the other instansi, so the asking instansi can then save it."""

    instansi = models.ForeignKey(
        "organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi peminta")
    )
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    source = models.CharField(_("asal"), max_length=10, choices=TransferSource.choices)
    status = models.CharField(_("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("diminta oleh")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("permintaan mutasi")
        verbose_name_plural = _("permintaan mutasi")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "nip"], condition=Q(status="open"), name="transfer_one_open_per_nip"
            ),
            models.CheckConstraint(condition=Q(status__in=TransferStatus.values), name="transfer_status_known"),
        ]
        indexes = [models.Index(fields=["status", "-created_at", "-id"], name="transfer_list_idx")]

    def __str__(self) -> str:
        return f"{self.nip} → {self.instansi_id}"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Menunggu jawaban")
    DONE = "done", _("Diperbaiki")
    REFUSED = "refused", _("Ditolak")


#: The pegawai fields a pegawai may ask BKPSDM to correct (UU 27/2022 art. 6), in the order the page shows them.
CORRECTABLE_FIELDS = (
    "name",
    "nip",
    "birth_date",
    "sex",
    "golongan",
    "tmt",
    "education",
    "work_location",
    "email",
    "phone",
)
CORRECTION_ANSWER_HOURS = 72


@dataclass(frozen=True)
class DueClock:
    """What is left of the 3 × 24 hour answer time, in whole hours, for both sides of a request."""

    hours: int
    overdue: bool

    @property
    def label(self) -> str:
        if self.hours == 0:
            return str(_("lewat kurang dari 1 jam") if self.overdue else _("sisa kurang dari 1 jam"))
        if self.overdue:
            return gettext("lewat %(n)s jam") % {"n": self.hours}
        return gettext("sisa %(n)s jam") % {"n": self.hours}


class CorrectionRequest(TimeStampedModel):
    """A pegawai's request to correct one field of their personal data; BKPSDM answers within 72 hours
    (due_at), by applying it through the pegawai service or refusing it with a reason."""

    instansi = models.ForeignKey("organizations.Instansi", models.PROTECT, related_name="+", verbose_name=_("instansi"))
    pegawai = models.ForeignKey(Pegawai, models.PROTECT, related_name="correction_requests", verbose_name=_("pegawai"))
    field = models.CharField(_("data"), max_length=30)
    requested_value = models.CharField(_("nilai yang benar"), max_length=200)
    reason = models.TextField(_("alasan"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    due_at = models.DateTimeField(_("batas jawaban"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("diminta oleh")
    )
    answer_note = models.TextField(_("catatan jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dijawab oleh"),
    )
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan perbaikan data")
        verbose_name_plural = _("permintaan perbaikan data")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CorrectionStatus.values), name="correction_status_known"),
            models.CheckConstraint(condition=Q(field__in=CORRECTABLE_FIELDS), name="correction_field_known"),
            models.UniqueConstraint(
                fields=["pegawai", "field"], condition=Q(status="open"), name="correction_one_open_per_field"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "status", "due_at"], name="correction_queue_idx"),
            models.Index(fields=["pegawai", "-created_at"], name="correction_pegawai_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id}:{self.field}"

    @property
    def field_label(self) -> str:
        return str(Pegawai._meta.get_field(self.field).verbose_name)

    @property
    def current_value(self) -> object:
        """What the pegawai record holds now for the field asked about (read from the joined pegawai)."""
        if self.field == "sex":
            return self.pegawai.get_sex_display()
        return getattr(self.pegawai, self.field)

    def clock(self, now: datetime.datetime | None = None) -> DueClock:
        """The one place the answer clock is computed (pages of both sides, the admins' home card)."""
        left = self.due_at - (now or timezone.now())
        seconds = int(left.total_seconds())
        return DueClock(hours=abs(seconds) // 3600, overdue=seconds < 0)

    @property
    def due_clock(self) -> DueClock:
        return self.clock()
