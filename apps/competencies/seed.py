"""Demo dictionary and SKJ: a few kompetensi teknis per demo instansi with level descriptors, and an SKJ for
every demo jabatan (M.01–M.08/S.01 at the default level, manajerial heads one level up on M.04/M.08, plus the
teknis competencies of the jabatan linked to its uraian tugas). Idempotent: rows are looked up by code."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from apps.competencies.models import Kompetensi, LevelDescriptor, SKJItem, TaskCompetency
from apps.competencies.selectors import default_level_for, mandatory_kompetensi
from apps.organizations.models import Instansi, Jabatan, JobTask

LEVEL_TEMPLATES = [
    "Memahami {topic} dan menerapkannya pada tugas sendiri sesuai prosedur.",
    "Menerapkan {topic} secara mandiri dan membantu rekan satu tim.",
    "Menerapkan {topic} secara mendalam dan membimbing unit kerja menerapkannya.",
    "Mengembangkan praktik {topic} lintas unit kerja.",
    "Merumuskan kebijakan dan strategi {topic} di tingkat organisasi.",
]

# code, name, pembina, topic
TEKNIS = [
    ("T.KEMENKES.01", "Asuhan Keperawatan", "Kementerian Kesehatan", "asuhan keperawatan"),
    ("T.KEMENKES.02", "Pelayanan Kebidanan", "Kementerian Kesehatan", "pelayanan kebidanan"),
    ("T.KEMENKES.03", "Surveilans Epidemiologi", "Kementerian Kesehatan", "surveilans epidemiologi"),
    ("T.KEMENKES.04", "Pelayanan Medis Dasar", "Kementerian Kesehatan", "pelayanan medis dasar"),
    ("T.KEMDIKBUD.01", "Perencanaan dan Pelaksanaan Pembelajaran", "Kemendikbudristek", "pembelajaran"),
    ("T.KEMDIKBUD.02", "Asesmen Pembelajaran", "Kemendikbudristek", "asesmen pembelajaran"),
    ("T.BKN.01", "Analisis Kebutuhan Pengembangan Kompetensi", "Badan Kepegawaian Negara", "analisis kebutuhan"),
    ("T.BKN.02", "Administrasi Mutasi dan Kepangkatan", "Badan Kepegawaian Negara", "administrasi mutasi"),
    ("T.KEMENDAGRI.01", "Administrasi Kependudukan", "Kementerian Dalam Negeri", "administrasi kependudukan"),
    ("T.BSSN.01", "Keamanan dan Pengelolaan Basis Data", "BSSN / Kominfo", "pengelolaan basis data"),
    ("T.LAN.01", "Analisis Kebijakan Publik", "Lembaga Administrasi Negara", "analisis kebijakan"),
    ("T.ANRI.01", "Pengelolaan Arsip Dinamis", "Arsip Nasional RI", "pengelolaan arsip"),
    ("T.PANRB.01", "Administrasi Perkantoran", "KemenPAN-RB", "administrasi perkantoran"),
]

# jabatan code → [(teknis code, required level, task order numbers that need it)]
JABATAN_TEKNIS = {
    "ASDM-AM": [("T.BKN.01", 3, [1, 2, 3])],
    "ASDM-AP": [("T.BKN.02", 2, [1, 2]), ("T.BKN.01", 1, [])],
    "DOKTER-AM": [("T.KEMENKES.04", 3, [1, 2])],
    "PERAWAT-AP": [("T.KEMENKES.01", 2, [1, 2, 3])],
    "PERAWAT-T": [("T.KEMENKES.01", 2, [1])],
    "BIDAN-T": [("T.KEMENKES.02", 2, [1, 2])],
    "EPID-AM": [("T.KEMENKES.03", 3, [1, 2])],
    "GURU-AP": [("T.KEMDIKBUD.01", 2, [1, 2]), ("T.KEMDIKBUD.02", 2, [2])],
    "GURU-AM": [("T.KEMDIKBUD.01", 3, [1, 2]), ("T.KEMDIKBUD.02", 3, [])],
    "PRAKOM-AP": [("T.BSSN.01", 2, [1, 2])],
    "ADB-PENYELIA": [("T.BSSN.01", 3, [1])],
    "ANJAK-AM": [("T.LAN.01", 3, [1])],
    "ARSIP-T": [("T.ANRI.01", 2, [1])],
    "PENGADM-PERKANTORAN": [("T.PANRB.01", 2, [1, 2])],
    "PENGOLAH-DATA": [("T.KEMENDAGRI.01", 2, [1])],
    "KABID-DAFDUK": [("T.KEMENDAGRI.01", 3, [])],
    "KABID-BANGKOM": [("T.BKN.01", 4, [])],
}


def _teknis_for(instansi: Instansi) -> dict[str, Kompetensi]:
    found = {}
    for code, name, pembina, topic in TEKNIS:
        komp, created = Kompetensi.objects.get_or_create(
            instansi=instansi,
            code=code,
            defaults={
                "kind": "teknis",
                "name": name,
                "pembina": pembina,
                "description": f"Kemampuan melaksanakan {topic} sesuai standar instansi pembina.",
            },
        )
        if created:
            LevelDescriptor.objects.bulk_create(
                LevelDescriptor(
                    kompetensi=komp,
                    level=n,
                    description=text.format(topic=topic),
                    indicators=f"{n}.1 {text.format(topic=topic)}\n{n}.2 Mendokumentasikan hasil kerja {topic}.",
                )
                for n, text in enumerate(LEVEL_TEMPLATES, start=1)
            )
        found[code] = komp
    return found


def seed_competencies(say: Callable[[str], None]) -> None:
    today = timezone.localdate()
    mandatory = list(mandatory_kompetensi())
    for instansi in Instansi.objects.filter(code__in=["kendari", "palu"]):
        with transaction.atomic():
            teknis = _teknis_for(instansi)
            have = set(SKJItem.objects.filter(instansi=instansi).values_list("jabatan_id", "kompetensi_id"))
            new_rows: list[SKJItem] = []
            jabatan_list = list(Jabatan.objects.filter(instansi=instansi))
            for jab in jabatan_list:
                rule = default_level_for(instansi_id=instansi.pk, jenis=jab.jenis, jenjang=jab.jenjang, on=today)
                base = rule.level if rule else 1
                for komp in mandatory:
                    level = base
                    if jab.is_managerial and komp.code in {"M.04", "M.08"}:
                        level = min(5, base + 1)
                    if (jab.pk, komp.pk) not in have:
                        new_rows.append(SKJItem(instansi=instansi, jabatan=jab, kompetensi=komp, required_level=level))
                for code, level, _orders in JABATAN_TEKNIS.get(jab.code, []):
                    if (jab.pk, teknis[code].pk) not in have:
                        new_rows.append(
                            SKJItem(instansi=instansi, jabatan=jab, kompetensi=teknis[code], required_level=level)
                        )
            SKJItem.objects.bulk_create(new_rows, batch_size=1000)
            tasks = {
                (t.jabatan_id, t.order): t
                for t in JobTask.objects.filter(instansi=instansi, jabatan__code__in=list(JABATAN_TEKNIS))
            }
            links = []
            linked = set(TaskCompetency.objects.filter(instansi=instansi).values_list("task_id", "kompetensi_id"))
            for jab in jabatan_list:
                for code, _level, orders in JABATAN_TEKNIS.get(jab.code, []):
                    for order in orders:
                        task = tasks.get((jab.pk, order))
                        if task and (task.pk, teknis[code].pk) not in linked:
                            links.append(TaskCompetency(instansi=instansi, task=task, kompetensi=teknis[code]))
            TaskCompetency.objects.bulk_create(links)
        say(f"  {instansi.name}: {len(teknis)} kompetensi teknis, {len(new_rows)} baris SKJ baru")
