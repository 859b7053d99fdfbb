"""Choice lists of the catalog: jalur, bentuk and the rules between them, modality, statuses."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
