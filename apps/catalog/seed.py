"""Demo catalog: national providers (LAN, BPSDM Provinsi Sulawesi Tenggara/Tengah, Universitas Halu
Oleo, Universitas Tadulako, a ministry centre, a professional body, a private firm), narasumber, 34
programmes across every jalur and most bentuk (shared nationally, plus a few private to each demo
instansi), and classroom/online/blended angkatan with sessions through 2026–2027 for each instansi.
Idempotent: every row is looked up by its code or name first."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from apps.catalog import services
from apps.catalog.models import (
    Angkatan,
    AngkatanStatus,
    Narasumber,
    Path,
    Penyelenggara,
    Program,
)
from apps.competencies.models import Kompetensi
from apps.organizations.models import Instansi, UnitKerja

SYSTEM = SimpleNamespace(pk=None)

PROVIDERS = {
    "lan": ("Lembaga Administrasi Negara (LAN) RI", "lan", True, "Jl. Veteran No. 10, Jakarta Pusat"),
    "bpsdm_sultra": ("BPSDM Provinsi Sulawesi Tenggara", "internal", True, "Jl. Mayjen S. Parman, Kendari"),
    "bpsdm_sulteng": ("BPSDM Provinsi Sulawesi Tengah", "internal", True, "Jl. Sam Ratulangi, Palu"),
    "uho": ("Universitas Halu Oleo", "universitas", False, "Kampus Hijau Bumi Tridharma, Anduonohu, Kendari"),
    "untad": ("Universitas Tadulako", "universitas", False, "Jl. Soekarno-Hatta Km 9, Tondo, Palu"),
    "kemenkes": ("Bapelkes Kementerian Kesehatan Makassar", "kementerian", False, "Jl. Wijaya Kusuma Raya, Makassar"),
    "ppni": ("DPW PPNI Sulawesi Tenggara", "lembaga_profesi", False, "Kendari"),
    "swasta": ("PT Cendekia Digital Nusantara", "swasta", False, "Makassar"),
}

SPEAKERS = [
    ("Dr. Hj. Wa Ode Sitti Marlina, M.Si.", "Kepemimpinan dan manajemen perubahan", "BPSDM Provinsi Sultra", True),
    ("Ir. La Ode Muhammad Yasin, M.T.", "Perencanaan pembangunan daerah", "Universitas Halu Oleo", False),
    ("Dr. Nurhayati Lamadi, S.Kep., Ns., M.Kes.", "Keperawatan komunitas", "Universitas Halu Oleo", False),
    ("Drs. Moh. Rizal Lamaluta, M.Si.", "Pelayanan publik dan SKM", "BPSDM Provinsi Sulteng", True),
    ("Andi Tenri Abeng, S.Kom., M.Cs.", "Transformasi digital dan SPBE", "Universitas Tadulako", False),
    ("Dra. Ni Made Suarsini, M.Pd.", "Pengembangan kurikulum pelatihan", "LAN RI", True),
    ("Fitriani Lasanudin, S.E., M.Ak.", "Pengelolaan keuangan daerah", "BPKP Perwakilan Sultra", False),
]

# Each row: code, title, bentuk, moda, provider key, modules as (title, JP) pairs, conversion quantity,
# target competency codes, eligible jenis jabatan.
PROGRAMS = [
    ("PDD-TB-S2", "Tugas Belajar S2 Administrasi Publik", "tugas_belajar", "tatap_muka", "uho", [], None, [], ""),
    ("PDD-IB-S1", "Izin Belajar S1 Keperawatan (kelas karyawan)", "izin_belajar", "blended", "untad", [], None, [], ""),
    (
        "LAT-LATSAR",
        "Pelatihan Dasar CPNS Golongan III",
        "latsar",
        "blended",
        "bpsdm_sultra",
        [
            ("Sikap perilaku bela negara", 24),
            ("Nilai-nilai dasar PNS (BerAKHLAK)", 60),
            ("Kedudukan dan peran PNS", 30),
            ("Habituasi dan aktualisasi", 60),
        ],
        None,
        ["M.01", "S.01"],
        "",
    ),
    (
        "LAT-PKP",
        "Pelatihan Kepemimpinan Pengawas (PKP)",
        "pkp",
        "blended",
        "bpsdm_sultra",
        [
            ("Membangun integritas", 20),
            ("Kepemimpinan pelayanan", 30),
            ("Manajemen kinerja", 30),
            ("Proyek perubahan", 110),
        ],
        None,
        ["M.01", "M.04", "M.05"],
        "pengawas",
    ),
    (
        "LAT-PKA",
        "Pelatihan Kepemimpinan Administrator (PKA)",
        "pka",
        "blended",
        "bpsdm_sulteng",
        [("Kepemimpinan kinerja", 40), ("Inovasi pelayanan", 40), ("Proyek perubahan", 150)],
        None,
        ["M.04", "M.05", "M.07"],
        "administrator",
    ),
    (
        "LAT-PKN2",
        "Pelatihan Kepemimpinan Nasional Tingkat II",
        "pkn_ii",
        "tatap_muka",
        "lan",
        [("Kepemimpinan strategis", 60), ("Tata kelola pemerintahan", 60), ("Proyek perubahan", 160)],
        None,
        ["M.04", "M.06", "M.08"],
        "jpt",
    ),
    (
        "LAT-PKN1",
        "Pelatihan Kepemimpinan Nasional Tingkat I",
        "pkn_i",
        "tatap_muka",
        "lan",
        [("Visi kebangsaan", 80), ("Kebijakan publik strategis", 100), ("Proyek perubahan", 200)],
        None,
        ["M.06", "M.08"],
        "jpt",
    ),
    (
        "MAN-RENCANA",
        "Perencanaan Kinerja dan Penganggaran Berbasis Kinerja",
        "manajerial",
        "tatap_muka",
        "bpsdm_sulteng",
        [("SAKIP dan pohon kinerja", 8), ("Penyusunan indikator", 8), ("Cascading", 8)],
        None,
        ["M.04", "M.08"],
        "administrator,pengawas",
    ),
    (
        "TEK-PRIMA",
        "Pelayanan Prima di Unit Layanan",
        "teknis",
        "tatap_muka",
        "bpsdm_sultra",
        [
            ("Standar pelayanan", 6),
            ("Komunikasi efektif dengan warga", 6),
            ("Penanganan pengaduan", 6),
            ("Survei kepuasan masyarakat", 6),
        ],
        None,
        ["M.05", "S.01"],
        "",
    ),
    (
        "TEK-ARSIP",
        "Pengelolaan Arsip Dinamis",
        "teknis",
        "tatap_muka",
        "bpsdm_sultra",
        [("Klasifikasi arsip", 8), ("Tata naskah dinas", 8), ("Arsip elektronik (SRIKANDI)", 8)],
        None,
        ["M.03"],
        "pelaksana",
    ),
    (
        "TEK-BMD",
        "Pengelolaan Barang Milik Daerah",
        "teknis",
        "tatap_muka",
        "kemenkes",
        [("Siklus BMD", 10), ("Inventarisasi dan penilaian", 10), ("Aplikasi SIMDA BMD", 12)],
        None,
        ["M.03"],
        "",
    ),
    (
        "FUN-PERAWAT",
        "Pelatihan Jabatan Fungsional Perawat",
        "fungsional",
        "tatap_muka",
        "kemenkes",
        [("Asuhan keperawatan", 16), ("Etika profesi", 8), ("Angka kredit perawat", 8)],
        None,
        ["M.05"],
        "fungsional_keahlian,fungsional_keterampilan",
    ),
    (
        "FUN-ANALIS",
        "Pelatihan Fungsional Analis Kebijakan",
        "fungsional",
        "blended",
        "lan",
        [("Analisis kebijakan", 24), ("Policy brief", 16), ("Advokasi kebijakan", 16)],
        None,
        ["M.06", "M.08"],
        "fungsional_keahlian",
    ),
    (
        "SOS-HARMONI",
        "Wawasan Kebangsaan dan Moderasi Beragama",
        "sosial_kultural",
        "tatap_muka",
        "bpsdm_sulteng",
        [("Perekat bangsa", 8), ("Moderasi beragama", 8)],
        None,
        ["S.01"],
        "",
    ),
    (
        "SEM-SPBE",
        "Seminar Nasional Transformasi Digital Pemerintah Daerah",
        "seminar",
        "daring_sinkron",
        "untad",
        [],
        1,
        ["M.07"],
        "",
    ),
    ("SEM-STUNTING", "Sarasehan Percepatan Penurunan Stunting", "seminar", "tatap_muka", "uho", [], 2, ["S.01"], ""),
    (
        "WS-SOP",
        "Workshop Penyusunan SOP Administrasi Pemerintahan",
        "workshop",
        "tatap_muka",
        "bpsdm_sultra",
        [],
        2,
        ["M.03", "M.07"],
        "",
    ),
    ("WS-INOVASI", "Lokakarya Inovasi Pelayanan Publik", "workshop", "blended", "untad", [], 3, ["M.07"], ""),
    (
        "KUR-EXCEL",
        "Kursus Analisis Data dengan Spreadsheet",
        "kursus",
        "daring_sinkron",
        "swasta",
        [("Fungsi dasar dan tabel pivot", 6), ("Visualisasi data", 6), ("Dasbor kinerja", 6)],
        None,
        ["M.03"],
        "",
    ),
    (
        "KUR-INGGRIS",
        "Kursus Bahasa Inggris untuk ASN",
        "kursus",
        "daring_sinkron",
        "uho",
        [("Correspondence", 10), ("Presentation", 10), ("Meeting", 10)],
        None,
        ["M.05"],
        "",
    ),
    (
        "PNT-PDP",
        "Penataran Pelindungan Data Pribadi (UU 27/2022)",
        "penataran",
        "daring_sinkron",
        "lan",
        [("Prinsip PDP", 4), ("Hak subjek data", 4), ("Insiden dan notifikasi", 4)],
        None,
        ["M.01"],
        "",
    ),
    (
        "BIM-SIPD",
        "Bimbingan Teknis Aplikasi SIPD",
        "bimtek",
        "tatap_muka",
        "bpsdm_sulteng",
        [("Perencanaan di SIPD", 8), ("Penganggaran", 8), ("Penatausahaan", 8)],
        None,
        ["M.03"],
        "pelaksana,pengawas",
    ),
    (
        "BIM-PBJ",
        "Bimtek Pengadaan Barang/Jasa Pemerintah",
        "bimtek",
        "blended",
        "swasta",
        [("Regulasi PBJ", 8), ("E-katalog dan e-purchasing", 8), ("Kontrak", 8)],
        None,
        ["M.01", "M.03"],
        "",
    ),
    (
        "SOSI-SKP",
        "Sosialisasi SKP dan Manajemen Kinerja ASN",
        "sosialisasi",
        "daring_sinkron",
        "bpsdm_sultra",
        [("Perencanaan kinerja", 2), ("Dialog kinerja", 2)],
        None,
        ["M.04"],
        "",
    ),
    (
        "COA-KINERJA",
        "Coaching Kinerja untuk Pejabat Pengawas",
        "coaching",
        "tatap_muka",
        "bpsdm_sultra",
        [],
        6,
        ["M.04", "M.05"],
        "pengawas",
    ),
    (
        "MEN-JF",
        "Mentoring Pejabat Fungsional Ahli Pertama",
        "mentoring",
        "blended",
        "ppni",
        [],
        6,
        ["M.05"],
        "fungsional_keahlian",
    ),
    (
        "ELN-ASNCU",
        "E-learning Etika dan Integritas ASN (ASN Corpu)",
        "e_learning",
        "daring_asinkron",
        "lan",
        [("Nilai BerAKHLAK", 3), ("Konflik kepentingan", 3), ("Gratifikasi", 3)],
        None,
        ["M.01"],
        "",
    ),
    (
        "ELN-PUSKESMAS",
        "E-learning Manajemen Puskesmas",
        "e_learning",
        "daring_asinkron",
        "kemenkes",
        [("Perencanaan tingkat puskesmas", 4), ("Mini lokakarya", 4), ("Penilaian kinerja puskesmas", 4)],
        None,
        ["M.03", "M.04"],
        "",
    ),
    (
        "PJJ-KEUDA",
        "Pelatihan Jarak Jauh Akuntansi Keuangan Daerah",
        "pelatihan_jarak_jauh",
        "daring_asinkron",
        "bpsdm_sulteng",
        [("Standar akuntansi pemerintahan", 10), ("Laporan keuangan", 10)],
        None,
        ["M.03"],
        "",
    ),
    (
        "DET-PROV",
        "Detasering ke Bappeda Provinsi",
        "detasering",
        "tatap_muka",
        "bpsdm_sultra",
        [],
        1,
        ["M.08"],
        "fungsional_keahlian,administrator",
    ),
    ("OUT-TIM", "Pembelajaran Alam Terbuka: Kerja Sama Tim", "outbound", "tatap_muka", "swasta", [], 720, ["M.02"], ""),
    (
        "BENCH-MPP",
        "Patok Banding Mal Pelayanan Publik",
        "patok_banding",
        "tatap_muka",
        "bpsdm_sultra",
        [],
        1,
        ["M.07"],
        "administrator,pengawas",
    ),
    (
        "TUKAR-BUMD",
        "Pertukaran Pegawai dengan BUMD Air Minum",
        "pertukaran_pegawai",
        "tatap_muka",
        "bpsdm_sulteng",
        [],
        1,
        ["M.07"],
        "",
    ),
    (
        "MANDIRI-BACA",
        "Belajar Mandiri: Membaca dan Meresume Buku Kebijakan",
        "belajar_mandiri",
        "daring_asinkron",
        None,
        [],
        5,
        ["M.08"],
        "",
    ),
    (
        "KOM-PERAWAT",
        "Komunitas Belajar Perawat Puskesmas",
        "komunitas_belajar",
        "daring_sinkron",
        "ppni",
        [],
        540,
        ["M.05"],
        "",
    ),
    (
        "BTK-ADMIN",
        "Bimbingan di Tempat Kerja: Administrasi Kepegawaian",
        "bimbingan_tempat_kerja",
        "tatap_muka",
        None,
        [],
        360,
        ["M.03"],
        "pelaksana",
    ),
    ("MAG-RS", "Magang Manajemen Rumah Sakit Daerah", "magang", "tatap_muka", "uho", [], 1, ["M.04"], ""),
]

PRIVATE_PROGRAMS = {
    "kendari": [
        (
            "KDI-SIGAP",
            "Bimtek Aplikasi Layanan Kependudukan SIGAP Kendari",
            "bimtek",
            "tatap_muka",
            [("Alur layanan", 4), ("Praktik aplikasi", 8)],
            ["M.03"],
        ),
        (
            "KDI-PESISIR",
            "Pelatihan Teknis Pelayanan Kesehatan Wilayah Pesisir",
            "teknis",
            "blended",
            [("Epidemiologi pesisir", 8), ("Kunjungan rumah", 8), ("Rujukan antarpulau", 8)],
            ["M.05"],
        ),
    ],
    "palu": [
        (
            "PLU-MITIGASI",
            "Pelatihan Teknis Mitigasi Bencana Gempa dan Likuefaksi",
            "teknis",
            "tatap_muka",
            [("Peta rawan bencana", 8), ("Rencana kontinjensi OPD", 8), ("Simulasi evakuasi", 8)],
            ["M.08"],
        ),
        (
            "PLU-HUNTAP",
            "Bimtek Pendataan Hunian Tetap Pascabencana",
            "bimtek",
            "daring_sinkron",
            [("Kriteria penerima", 4), ("Verifikasi lapangan", 4)],
            ["M.03"],
        ),
    ],
}


def _providers(say: Callable[[str], None]) -> dict[str, Penyelenggara]:
    found = {}
    for key, (name, kind, accredited, address) in PROVIDERS.items():
        obj = Penyelenggara.objects.filter(instansi__isnull=True, name=name).first()
        if obj is None:
            obj = services.penyelenggara_save(
                actor=SYSTEM,
                instansi_id=None,
                name=name,
                kind=kind,
                is_lan_accredited=accredited,
                address=address,
                contact_name="Bagian Kerja Sama",
                mou_number=f"MOU/{key.upper()}/2025" if kind != "lan" else "",
                mou_start=datetime.date(2025, 1, 1) if kind != "lan" else None,
                mou_end=datetime.date(2027, 12, 31) if kind != "lan" else None,
            )
        found[key] = obj
    say(f"catalog: {len(found)} penyelenggara nasional")
    return found


def _speakers() -> list[Narasumber]:
    people = []
    for name, expertise, institution, widyaiswara in SPEAKERS:
        obj = Narasumber.objects.filter(instansi__isnull=True, name=name).first()
        if obj is None:
            obj = services.narasumber_save(
                actor=SYSTEM,
                instansi_id=None,
                name=name,
                expertise=expertise,
                institution=institution,
                is_widyaiswara=widyaiswara,
            )
        people.append(obj)
    return people


def _kompetensi(codes: list[str]) -> list:
    found = {k.code: k for k in Kompetensi.objects.filter(instansi__isnull=True, code__in=codes)}
    return [found[c] for c in codes if c in found]


def _program(spec: tuple, providers: dict, speakers: list, instansi_id: int | None, rng: random.Random) -> Program:
    code, title, form, modality, provider_key, modules, quantity, competencies, jenis = spec
    existing = Program.objects.filter(instansi_id=instansi_id, code=code).order_by("-version").first()
    if existing is not None:
        return existing
    comps = [services.CompetencySpec(kompetensi=k, target_level=3) for k in _kompetensi(competencies)]
    program = services.program_save(
        actor=SYSTEM,
        instansi_id=instansi_id,
        code=code,
        title=title,
        form=form,
        modality=modality,
        visibility="shared" if instansi_id is None else "private",
        penyelenggara=providers.get(provider_key) if provider_key else None,
        description=f"{title}. Program pengembangan kompetensi untuk ASN pemerintah daerah.",
        objectives="Peserta mampu menerapkan materi dalam tugas sehari-hari dan menyusun rencana tindak lanjut.",
        jp_quantity=quantity,
        learning_hours=None,
        modules=[services.ModuleSpec(title=t, learning_hours=jp) for t, jp in modules],
        competencies=comps,
        narasumber=rng.sample(speakers, 2),
        eligible_jenis_jabatan=[j for j in jenis.split(",") if j],
    )
    return services.program_set_status(actor=SYSTEM, program=program, action="publish")


def _status_for(start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    if end < today:
        return AngkatanStatus.FINISHED
    if start <= today:
        return AngkatanStatus.RUNNING
    return AngkatanStatus.OPEN


def _batches(instansi: Instansi, programs: list[Program], speakers: list, rng: random.Random) -> int:
    today = timezone.localdate()
    regions = sorted(
        set(UnitKerja.objects.filter(instansi=instansi).exclude(region="").values_list("region", flat=True))
    ) or ["Kota"]
    created = 0
    for index, program in enumerate(programs):
        if program.path == Path.PENDIDIKAN and index % 2:
            continue
        for round_no in (1, 2):
            code = f"{program.code}-{instansi.code.upper()}-{round_no}"
            if Angkatan.objects.filter(instansi=instansi, code=code).exists():
                continue
            # Spread from January 2026 to December 2027.
            offset = (index * 37 + round_no * 211 + rng.randint(0, 40)) % 700
            start = datetime.date(2026, 1, 12) + datetime.timedelta(days=offset)
            while start.weekday() >= 5:
                start += datetime.timedelta(days=1)
            days = 1 if program.learning_hours <= 8 else min(5, max(2, program.learning_hours // 12))
            end = start + datetime.timedelta(days=days - 1)
            modality = program.modality
            if modality == "blended" and round_no == 2:
                modality = "daring_sinkron"
            classroom = modality in ("tatap_muka", "blended")
            region = rng.choice(regions) if classroom else ""
            opens = start - datetime.timedelta(days=60)
            closes = start - datetime.timedelta(days=7)
            link = "" if modality == "tatap_muka" else f"https://zoom.us/j/{rng.randint(10**9, 10**10 - 1)}"
            sessions = []
            for day in range(days):
                date = start + datetime.timedelta(days=day)
                sessions.append(
                    services.SessionSpec(
                        date=date,
                        start_time=datetime.time(8, 0),
                        end_time=datetime.time(12, 0),
                        topic=f"Hari {day + 1}: sesi pagi",
                        narasumber=speakers[(index + day) % len(speakers)],
                        online_link=link,
                    )
                )
                sessions.append(
                    services.SessionSpec(
                        date=date,
                        start_time=datetime.time(13, 0),
                        end_time=datetime.time(16, 0),
                        topic=f"Hari {day + 1}: praktik dan diskusi",
                        narasumber=speakers[(index + day + 1) % len(speakers)],
                        online_link=link,
                    )
                )
            angkatan = services.angkatan_save(
                actor=SYSTEM,
                instansi_id=instansi.pk,
                program=program,
                code=code,
                name=f"{program.title} — Angkatan {'I' * round_no} {start.year}",
                start_date=start,
                end_date=end,
                registration_opens=opens,
                registration_closes=closes,
                modality=modality,
                venue=f"Aula Kecamatan {region}"
                if classroom and region != "Kota"
                else ("Aula BKPSDM" if classroom else ""),
                venue_address=f"Kecamatan {region}, {instansi.name.replace('Pemerintah ', '')}" if classroom else "",
                region=region,
                online_link=link,
                seats_total=rng.choice([20, 25, 30, 40, 60]) if classroom else rng.choice([100, 200, 500]),
                waitlist_size=rng.choice([0, 5, 10]),
                cost_idr=rng.choice([0, 750_000, 1_500_000, 2_500_000]) if classroom else 0,
                funding_source="apbd" if classroom else "tanpa_biaya",
                requires_atasan_approval=program.path != Path.NONKLASIKAL or classroom,
                sessions=sessions,
            )
            Angkatan.objects.filter(pk=angkatan.pk).update(status=_status_for(start, end, today))
            created += 1
    return created


def seed_catalog(say: Callable[[str], None]) -> None:
    rng = random.Random(5)  # noqa: S311 - demo data
    with transaction.atomic():
        providers = _providers(say)
        speakers = _speakers()
        national = [_program(spec, providers, speakers, None, rng) for spec in PROGRAMS]
        say(f"catalog: {len(national)} program nasional ({len({p.form for p in national})} bentuk)")
        for instansi in Instansi.objects.filter(code__in=list(PRIVATE_PROGRAMS)).order_by("code"):
            local_provider = Penyelenggara.objects.filter(instansi=instansi, name__startswith="BKPSDM").first()
            if local_provider is None:
                local_provider = services.penyelenggara_save(
                    actor=SYSTEM,
                    instansi_id=instansi.pk,
                    name=f"BKPSDM {instansi.name.replace('Pemerintah ', '')}",
                    kind="internal",
                    is_lan_accredited=False,
                )
            own = []
            for code, title, form, modality, modules, comps in PRIVATE_PROGRAMS[instansi.code]:
                spec = (code, title, form, modality, "local", modules, None, comps, "")
                own.append(_program(spec, {**providers, "local": local_provider}, speakers, instansi.pk, rng))
            count = _batches(instansi, national + own, speakers, rng)
            say(f"catalog: {instansi.code}: {len(own)} program sendiri, {count} angkatan baru")
