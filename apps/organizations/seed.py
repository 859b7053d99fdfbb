"""Demo organisations: two WITA cities (Kendari, Palu) with a realistic unit tree and 30+ jabatan of
every jenis, each with uraian tugas and fungsi. Idempotent: rows are looked up by code first."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from apps.organizations.models import Instansi, Jabatan, JobFunction, JobTask, UnitKerja

DEMO_INSTANSI = [
    {
        "code": "kendari",
        "name": "Pemerintah Kota Kendari",
        "kind": "kota",
        "timezone": "Asia/Makassar",
        "province": "Sulawesi Tenggara",
        "address": "Jl. Drs. H. Abdullah Silondae No. 8, Kendari",
        "head_title": "Kepala BKPSDM Kota Kendari",
        "kecamatan": [
            ("ABELI", "Kecamatan Abeli", True),
            ("NAMBO", "Kecamatan Nambo", True),
            ("PUUWATU", "Kecamatan Puuwatu", False),
        ],
        "puskesmas": [
            ("PKM-ABELI", "Puskesmas Abeli", "Abeli", True),
            ("PKM-NAMBO", "Puskesmas Nambo", "Nambo", True),
            ("PKM-MANDONGA", "Puskesmas Mandonga", "Mandonga", False),
        ],
    },
    {
        "code": "palu",
        "name": "Pemerintah Kota Palu",
        "kind": "kota",
        "timezone": "Asia/Makassar",
        "province": "Sulawesi Tengah",
        "address": "Jl. Balai Kota Selatan No. 1, Palu",
        "head_title": "Kepala BKPSDM Kota Palu",
        "kecamatan": [
            ("TAWAELI", "Kecamatan Tawaeli", True),
            ("ULUJADI", "Kecamatan Ulujadi", True),
            ("PALUBARAT", "Kecamatan Palu Barat", False),
        ],
        "puskesmas": [
            ("PKM-TAWAELI", "Puskesmas Tawaeli", "Tawaeli", True),
            ("PKM-BULI", "Puskesmas Buluri", "Ulujadi", True),
            ("PKM-KAMONJI", "Puskesmas Kamonji", "Palu Barat", False),
        ],
    },
]

# (code, name, kind, parent code, region, remote)
CORE_UNITS = [
    ("SETDA", "Sekretariat Daerah", "setda", "", "", False),
    ("SETDA-ORG", "Bagian Organisasi", "bidang", "SETDA", "", False),
    ("SETDA-UMUM", "Bagian Umum", "bidang", "SETDA", "", False),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "opd", "", "", False),
    ("BKPSDM-BANGKOM", "Bidang Pengembangan Kompetensi", "bidang", "BKPSDM", "", False),
    ("BKPSDM-MUTASI", "Bidang Mutasi dan Promosi", "bidang", "BKPSDM", "", False),
    ("BKPSDM-TU", "Subbagian Umum dan Kepegawaian BKPSDM", "seksi", "BKPSDM", "", False),
    ("DINKES", "Dinas Kesehatan", "opd", "", "", False),
    ("DINKES-YANKES", "Bidang Pelayanan Kesehatan", "bidang", "DINKES", "", False),
    ("DINKES-P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "bidang", "DINKES", "", False),
    ("DINKES-TU", "Subbagian Umum dan Kepegawaian Dinas Kesehatan", "seksi", "DINKES", "", False),
    ("DISDIK", "Dinas Pendidikan dan Kebudayaan", "opd", "", "", False),
    ("DISDIK-SD", "Bidang Pembinaan Sekolah Dasar", "bidang", "DISDIK", "", False),
    ("DISDIK-TU", "Subbagian Perencanaan dan Keuangan Dinas Pendidikan", "seksi", "DISDIK", "", False),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "opd", "", "", False),
    ("DUKCAPIL-DAFDUK", "Bidang Pelayanan Pendaftaran Penduduk", "bidang", "DUKCAPIL", "", False),
    ("DUKCAPIL-PIAK", "Bidang Pengelolaan Informasi Administrasi Kependudukan", "bidang", "DUKCAPIL", "", False),
]

MANAGER_TASKS = [
    ("Menyusun rencana kerja dan anggaran unit", "Dokumen rencana kerja"),
    ("Membagi tugas dan membina bawahan", "Disposisi dan catatan pembinaan"),
    ("Mengevaluasi capaian kinerja unit", "Laporan kinerja triwulanan"),
]
MANAGER_FUNCTIONS = [
    "Perumusan kebijakan teknis sesuai lingkup tugas",
    "Pelaksanaan koordinasi dengan perangkat daerah terkait",
    "Pelaksanaan monitoring, evaluasi dan pelaporan",
]

# (code, name, jenis, jenjang, unit code, class, tasks)
JABATAN = [
    ("SEKDA", "Sekretaris Daerah", "jpt", "pratama", "SETDA", 16, []),
    ("KA-BKPSDM", "Kepala BKPSDM", "jpt", "pratama", "BKPSDM", 15, []),
    ("KADINKES", "Kepala Dinas Kesehatan", "jpt", "pratama", "DINKES", 15, []),
    ("KADISDIK", "Kepala Dinas Pendidikan dan Kebudayaan", "jpt", "pratama", "DISDIK", 15, []),
    ("KADUKCAPIL", "Kepala Dinas Kependudukan dan Pencatatan Sipil", "jpt", "pratama", "DUKCAPIL", 15, []),
    ("KABAG-ORG", "Kepala Bagian Organisasi", "administrator", "", "SETDA-ORG", 12, []),
    ("KABAG-UMUM", "Kepala Bagian Umum", "administrator", "", "SETDA-UMUM", 12, []),
    ("KABID-BANGKOM", "Kepala Bidang Pengembangan Kompetensi", "administrator", "", "BKPSDM-BANGKOM", 12, []),
    ("KABID-MUTASI", "Kepala Bidang Mutasi dan Promosi", "administrator", "", "BKPSDM-MUTASI", 12, []),
    ("KABID-YANKES", "Kepala Bidang Pelayanan Kesehatan", "administrator", "", "DINKES-YANKES", 12, []),
    ("KABID-P2P", "Kepala Bidang Pencegahan dan Pengendalian Penyakit", "administrator", "", "DINKES-P2P", 12, []),
    ("KABID-SD", "Kepala Bidang Pembinaan Sekolah Dasar", "administrator", "", "DISDIK-SD", 12, []),
    ("KABID-DAFDUK", "Kepala Bidang Pelayanan Pendaftaran Penduduk", "administrator", "", "DUKCAPIL-DAFDUK", 12, []),
    ("KABID-PIAK", "Kepala Bidang PIAK", "administrator", "", "DUKCAPIL-PIAK", 12, []),
    ("KASUBAG-TU-BKPSDM", "Kepala Subbagian Umum dan Kepegawaian BKPSDM", "pengawas", "", "BKPSDM-TU", 9, []),
    ("KASUBAG-TU-DINKES", "Kepala Subbagian Umum dan Kepegawaian Dinkes", "pengawas", "", "DINKES-TU", 9, []),
    ("KASUBAG-PK-DISDIK", "Kepala Subbagian Perencanaan dan Keuangan Disdik", "pengawas", "", "DISDIK-TU", 9, []),
    (
        "ASDM-AM",
        "Analis SDM Aparatur Ahli Muda",
        "fungsional_keahlian",
        "ahli_muda",
        "BKPSDM-BANGKOM",
        9,
        [
            ("Menyusun analisis kebutuhan pengembangan kompetensi", "Dokumen AKPK"),
            ("Menyusun rencana pengembangan kompetensi tahunan", "Dokumen RPK"),
            ("Mengevaluasi pelaksanaan pengembangan kompetensi", "Laporan evaluasi"),
        ],
    ),
    (
        "ASDM-AP",
        "Analis SDM Aparatur Ahli Pertama",
        "fungsional_keahlian",
        "ahli_pertama",
        "BKPSDM-MUTASI",
        8,
        [
            ("Mengolah data usul mutasi pegawai", "Rekap usul mutasi"),
            ("Memverifikasi berkas kenaikan pangkat", "Berita acara verifikasi"),
        ],
    ),
    (
        "DOKTER-AM",
        "Dokter Ahli Muda",
        "fungsional_keahlian",
        "ahli_muda",
        "DINKES-YANKES",
        10,
        [("Melakukan pemeriksaan dan diagnosis pasien", "Rekam medis"), ("Melakukan rujukan pasien", "Surat rujukan")],
    ),
    (
        "PERAWAT-AP",
        "Perawat Ahli Pertama",
        "fungsional_keahlian",
        "ahli_pertama",
        "DINKES-YANKES",
        8,
        [
            ("Melakukan pengkajian keperawatan", "Dokumen pengkajian"),
            ("Menyusun rencana asuhan keperawatan", "Rencana asuhan"),
            ("Melakukan edukasi kesehatan kepada pasien", "Catatan edukasi"),
        ],
    ),
    (
        "EPID-AM",
        "Epidemiolog Kesehatan Ahli Muda",
        "fungsional_keahlian",
        "ahli_muda",
        "DINKES-P2P",
        9,
        [
            ("Melakukan surveilans penyakit menular", "Laporan surveilans mingguan"),
            ("Menganalisis kejadian luar biasa", "Laporan penyelidikan epidemiologi"),
        ],
    ),
    (
        "GURU-AP",
        "Guru Ahli Pertama",
        "fungsional_keahlian",
        "ahli_pertama",
        "DISDIK-SD",
        8,
        [
            ("Merencanakan pembelajaran", "Modul ajar"),
            ("Melaksanakan pembelajaran dan penilaian", "Daftar nilai peserta didik"),
        ],
    ),
    (
        "GURU-AM",
        "Guru Ahli Muda",
        "fungsional_keahlian",
        "ahli_muda",
        "DISDIK-SD",
        9,
        [
            ("Membimbing guru pemula", "Catatan pembimbingan"),
            ("Mengembangkan kurikulum satuan pendidikan", "Dokumen kurikulum"),
        ],
    ),
    (
        "PRAKOM-AP",
        "Pranata Komputer Ahli Pertama",
        "fungsional_keahlian",
        "ahli_pertama",
        "DUKCAPIL-PIAK",
        8,
        [
            ("Mengelola basis data kependudukan", "Laporan konsolidasi data"),
            ("Mengamankan sistem informasi", "Catatan insiden"),
        ],
    ),
    (
        "ANJAK-AM",
        "Analis Kebijakan Ahli Muda",
        "fungsional_keahlian",
        "ahli_muda",
        "SETDA-ORG",
        9,
        [("Menyusun kajian kebijakan kelembagaan", "Naskah kajian")],
    ),
    (
        "PERAWAT-T",
        "Perawat Terampil",
        "fungsional_keterampilan",
        "terampil",
        "DINKES-YANKES",
        7,
        [("Melakukan tindakan keperawatan dasar", "Catatan tindakan")],
    ),
    (
        "BIDAN-T",
        "Bidan Terampil",
        "fungsional_keterampilan",
        "terampil",
        "DINKES-YANKES",
        7,
        [
            ("Melakukan pelayanan antenatal", "Buku KIA terisi"),
            ("Melakukan pertolongan persalinan normal", "Partograf"),
        ],
    ),
    (
        "ARSIP-T",
        "Arsiparis Terampil",
        "fungsional_keterampilan",
        "terampil",
        "SETDA-UMUM",
        6,
        [("Menata arsip dinamis", "Daftar arsip")],
    ),
    (
        "ADB-PENYELIA",
        "Administrator Database Kependudukan Penyelia",
        "fungsional_keterampilan",
        "penyelia",
        "DUKCAPIL-PIAK",
        8,
        [("Memantau replikasi database kependudukan", "Laporan replikasi")],
    ),
    (
        "PENGADM-PERKANTORAN",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "klerek",
        "BKPSDM-TU",
        5,
        [("Mengagendakan surat masuk dan keluar", "Buku agenda"), ("Menyiapkan bahan rapat", "Bahan rapat")],
    ),
    (
        "PENGOLAH-DATA",
        "Pengolah Data dan Informasi",
        "pelaksana",
        "operator",
        "DUKCAPIL-DAFDUK",
        6,
        [
            ("Merekam data permohonan dokumen kependudukan", "Data terekam"),
            ("Mencetak dokumen kependudukan", "KTP-el dan KK tercetak"),
        ],
    ),
    (
        "OPERATOR-LAYANAN",
        "Operator Layanan Operasional",
        "pelaksana",
        "operator",
        "DINKES-TU",
        5,
        [("Melayani pendaftaran pasien", "Data pendaftaran")],
    ),
    (
        "TEKNISI-SARPRAS",
        "Teknisi Sarana dan Prasarana",
        "pelaksana",
        "teknisi",
        "DISDIK-TU",
        5,
        [("Memelihara sarana dan prasarana kantor", "Laporan pemeliharaan")],
    ),
]


def _unit(
    instansi: Instansi, code: str, name: str, kind: str, parent: UnitKerja | None, region: str, remote: bool
) -> UnitKerja:
    unit, created = UnitKerja.objects.get_or_create(
        instansi=instansi,
        code=code,
        defaults={"name": name, "kind": kind, "parent": parent, "region": region, "is_remote": remote},
    )
    if created:
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
        unit.save(update_fields=["path", "depth"])
    return unit


def seed_instansi_units(instansi: Instansi, spec: dict) -> dict[str, UnitKerja]:
    units: dict[str, UnitKerja] = {}
    for code, name, kind, parent, region, remote in CORE_UNITS:
        units[code] = _unit(instansi, code, name, kind, units.get(parent), region, remote)
    for code, name, remote in spec["kecamatan"]:
        units[code] = _unit(instansi, code, name, "kecamatan", None, name.replace("Kecamatan ", ""), remote)
        kel_code = f"{code}-KEL"
        units[kel_code] = _unit(
            instansi,
            kel_code,
            f"Kelurahan {name.replace('Kecamatan ', '')}",
            "kelurahan",
            units[code],
            name.replace("Kecamatan ", ""),
            remote,
        )
    for code, name, region, remote in spec["puskesmas"]:
        units[code] = _unit(instansi, code, name, "puskesmas", units["DINKES"], region, remote)
    units["SDN-1"] = _unit(instansi, "SDN-1", "SD Negeri 1", "sekolah", units["DISDIK"], "", False)
    far = spec["kecamatan"][0][1].replace("Kecamatan ", "")
    units["SDN-PESISIR"] = _unit(
        instansi, "SDN-PESISIR", f"SD Negeri Pesisir {far}", "sekolah", units["DISDIK"], far, True
    )
    return units


def _jabatan(
    instansi: Instansi,
    units: dict[str, UnitKerja],
    code: str,
    name: str,
    jenis: str,
    jenjang: str,
    unit_code: str,
    job_class: int,
    tasks: list[tuple[str, str]],
    functions: list[str],
) -> Jabatan:
    jabatan, created = Jabatan.objects.get_or_create(
        instansi=instansi,
        code=code,
        defaults={
            "name": name,
            "jenis": jenis,
            "jenjang": jenjang,
            "unit_kerja": units[unit_code],
            "job_class": job_class,
            "summary": f"{name} pada {units[unit_code].name}.",
            "requirements": "Pendidikan dan pelatihan sesuai standar kompetensi jabatan.",
        },
    )
    if created:
        JobTask.objects.bulk_create(
            JobTask(instansi=instansi, jabatan=jabatan, order=i, description=d, output=o)
            for i, (d, o) in enumerate(tasks, start=1)
        )
        JobFunction.objects.bulk_create(
            JobFunction(instansi=instansi, jabatan=jabatan, order=i, description=f)
            for i, f in enumerate(functions, start=1)
        )
    return jabatan


def seed_instansi_jabatan(instansi: Instansi, units: dict[str, UnitKerja], spec: dict) -> dict[str, Jabatan]:
    result = {}
    for code, name, jenis, jenjang, unit_code, job_class, tasks in JABATAN:
        managerial = jenis in {"jpt", "administrator", "pengawas"}
        result[code] = _jabatan(
            instansi,
            units,
            code,
            name,
            jenis,
            jenjang,
            unit_code,
            job_class,
            tasks or MANAGER_TASKS,
            MANAGER_FUNCTIONS if managerial else [],
        )
    for code, name, _remote in spec["kecamatan"]:
        short = name.replace("Kecamatan ", "")
        result[f"CAMAT-{code}"] = _jabatan(
            instansi,
            units,
            f"CAMAT-{code}",
            f"Camat {short}",
            "administrator",
            "",
            code,
            11,
            MANAGER_TASKS,
            MANAGER_FUNCTIONS,
        )
        result[f"LURAH-{code}"] = _jabatan(
            instansi,
            units,
            f"LURAH-{code}",
            f"Lurah {short}",
            "pengawas",
            "",
            f"{code}-KEL",
            9,
            MANAGER_TASKS,
            MANAGER_FUNCTIONS,
        )
    for code, name, _region, _remote in spec["puskesmas"]:
        result[f"KAPKM-{code}"] = _jabatan(
            instansi,
            units,
            f"KAPKM-{code}",
            f"Kepala {name}",
            "pengawas",
            "",
            code,
            9,
            MANAGER_TASKS,
            MANAGER_FUNCTIONS,
        )
    for code in ("SDN-1", "SDN-PESISIR"):
        result[f"KASEK-{code}"] = _jabatan(
            instansi,
            units,
            f"KASEK-{code}",
            f"Kepala {units[code].name}",
            "pengawas",
            "",
            code,
            9,
            MANAGER_TASKS,
            MANAGER_FUNCTIONS,
        )
    return result


def seed_organizations(say: Callable[[str], None]) -> None:
    for spec in DEMO_INSTANSI:
        with transaction.atomic():
            fields = {k: v for k, v in spec.items() if k not in {"code", "kecamatan", "puskesmas"}}
            instansi, _created = Instansi.objects.get_or_create(code=spec["code"], defaults=fields)
            units = seed_instansi_units(instansi, spec)
            jabatan = seed_instansi_jabatan(instansi, units, spec)
        say(f"  {instansi.name}: {len(units)} unit kerja, {len(jabatan)} jabatan")
