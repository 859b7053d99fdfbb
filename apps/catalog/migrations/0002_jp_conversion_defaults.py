"""National default JP conversion table (domain.md §6). Values marked (verify) there are seeded with
`needs_verification=True`: they are reference data an admin changes by adding a new version, never code
constants (rule 33). Shared by every instansi (instansi = NULL)."""

import datetime

from django.db import migrations

EFFECTIVE_FROM = datetime.date(2018, 1, 1)
SOURCE = "domain.md §6 — Peraturan LAN 10/2018 (pengembangan kompetensi PNS)"

# form, unit, jp_per_unit, international_jp_per_unit, international_bonus_percent, cap_jp, cap_units,
# cap_period, evidence, note, needs_verification
PROGRAMME = ("program", None, None)
DEFAULTS = [
    *[
        (form, *PROGRAMME, 0, None, None, "", "sertifikat/STTPP", "JP sesuai sertifikat", False)
        for form in ("latsar", "pkp", "pka", "pkn_ii", "pkn_i")
    ],
    *[
        (form, *PROGRAMME, 20, None, None, "", "sertifikat", "luar negeri: JP program + 20 %", False)
        for form in ("manajerial", "teknis", "fungsional", "sosial_kultural")
    ],
    ("seminar", "day", 4, 6, 0, None, None, "", "bukti kehadiran", "", False),
    ("workshop", "day", 5, 7, 0, None, None, "", "produk workshop", "", False),
    *[
        (form, *PROGRAMME, 0, None, None, "", "sertifikat", "JP program; bila tidak ada, menit ÷ 45", True)
        for form in ("kursus", "penataran", "bimtek", "sosialisasi", "pelatihan_jarak_jauh")
    ],
    *[
        (form, "session", 2, None, 0, None, 2, "month", "log sesi", "maks. 2 sesi per pasangan per bulan", True)
        for form in ("coaching", "mentoring")
    ],
    ("e_learning", "program", None, None, 0, 3, None, "day", "sertifikat e-learning", "maks. 3 JP per hari", True),
    ("belajar_mandiri", "day", 2, None, 0, None, None, "", "laporan + persetujuan atasan", "", True),
    *[
        (form, "assignment", 20, None, 0, None, None, "", "surat penugasan", "per penugasan selesai", True)
        for form in ("detasering", "magang", "pertukaran_pegawai")
    ],
    ("patok_banding", "visit", 10, None, 0, None, None, "", "laporan kunjungan", "", True),
    *[
        (form, "minutes", 1, None, 0, None, None, "", "log kegiatan", "menit ÷ 45", True)
        for form in ("outbound", "komunitas_belajar", "bimbingan_tempat_kerja")
    ],
    # Pendidikan: tracked separately, no JP by default (domain.md §6, verify).
    *[
        (form, "program", None, None, 0, None, None, "", "surat tugas/izin belajar", "tidak menambah JP", True)
        for form in ("tugas_belajar", "izin_belajar")
    ],
]


def seed(apps, schema_editor):
    Rule = apps.get_model("catalog", "JPConversionRule")
    for form, unit, jp, intl, bonus, cap_jp, cap_units, period, evidence, note, verify in DEFAULTS:
        Rule.objects.get_or_create(
            instansi=None,
            form=form,
            effective_from=EFFECTIVE_FROM,
            defaults={
                "unit": unit,
                "jp_per_unit": jp,
                "international_jp_per_unit": intl,
                "international_bonus_percent": bonus,
                "cap_jp": cap_jp,
                "cap_units": cap_units,
                "cap_period": period,
                "evidence_required": evidence,
                "note": note,
                "needs_verification": verify,
                "source": SOURCE,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("catalog", "JPConversionRule").objects.filter(
        instansi=None, effective_from=EFFECTIVE_FROM, source=SOURCE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
