"""Demo pegawai (300+ per instansi) with valid NIP / NI PPPK, golongan, atasan chains, and one login
per role. Idempotent: if an instansi already has pegawai, only the logins are (re)ensured."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from django.db import transaction

from apps.accounts.services import membership_grant, user_ensure
from apps.core.roles import Role
from apps.employees.golongan import RANK_ORDER
from apps.employees.models import Pegawai
from apps.organizations.models import MANAGERIAL_JENIS, Instansi, Jabatan, UnitKerja

DEMO_PASSWORD = "Kompetensi#2026"

FIRST_M = [
    "Ahmad",
    "Budi",
    "La Ode",
    "Muhammad",
    "Andi",
    "Rudi",
    "Hendra",
    "Irwan",
    "Agus",
    "Yusuf",
    "Rahmat",
    "Fajar",
    "Arif",
    "Dedi",
    "Syamsul",
    "Hasan",
    "Ridwan",
    "Wahyu",
    "Imam",
    "Taufik",
]
FIRST_F = [
    "Siti",
    "Wa Ode",
    "Nurhayati",
    "Dewi",
    "Rina",
    "Sri",
    "Fitri",
    "Andi Nur",
    "Rahma",
    "Yuliana",
    "Hasnah",
    "Ratna",
    "Indah",
    "Mega",
    "Sulastri",
    "Nurul",
    "Anisa",
    "Kartini",
    "Lestari",
    "Ayu",
]
LAST = [
    "Saputra",
    "Rahman",
    "Hamzah",
    "Kadir",
    "Lamusa",
    "Tamburaka",
    "Lasandara",
    "Pratama",
    "Wijaya",
    "Hidayat",
    "Syahrir",
    "Lamba",
    "Baso",
    "Mappa",
    "Tandiari",
    "Lapasere",
    "Rauf",
    "Latif",
    "Sabir",
    "Daeng",
]
TITLES = {"DOKTER": "dr. ", "PERAWAT": "", "GURU": ""}
SUFFIX = {
    "DOKTER": "",
    "PERAWAT-AP": ", S.Kep., Ns.",
    "BIDAN": ", A.Md.Keb.",
    "GURU": ", S.Pd.",
    "ASDM": ", S.Psi.",
    "EPID": ", S.KM.",
    "PRAKOM": ", S.Kom.",
    "ANJAK": ", S.Sos.",
    "KA": ", M.Si.",
}

# Where staff of each non-managerial jabatan work, and how many per unit.
STAFF_PLACEMENT: dict[str, tuple[list[str], int]] = {
    "ASDM-AM": (["BKPSDM-BANGKOM"], 6),
    "ASDM-AP": (["BKPSDM-MUTASI", "BKPSDM-BANGKOM"], 3),
    "DOKTER-AM": (["DINKES-YANKES", "PKM"], 2),
    "PERAWAT-AP": (["PKM"], 10),
    "PERAWAT-T": (["PKM"], 8),
    "BIDAN-T": (["PKM"], 8),
    "EPID-AM": (["DINKES-P2P"], 3),
    "GURU-AP": (["SDN-1", "SDN-PESISIR"], 24),
    "GURU-AM": (["SDN-1", "SDN-PESISIR"], 12),
    "PRAKOM-AP": (["DUKCAPIL-PIAK"], 6),
    "ADB-PENYELIA": (["DUKCAPIL-PIAK"], 2),
    "ANJAK-AM": (["SETDA-ORG"], 3),
    "ARSIP-T": (["SETDA-UMUM"], 8),
    "PENGADM-PERKANTORAN": (["BKPSDM-TU", "SETDA-UMUM", "KEC", "KEL"], 5),
    "PENGOLAH-DATA": (["DUKCAPIL-DAFDUK", "KEC"], 8),
    "OPERATOR-LAYANAN": (["DINKES-TU", "PKM"], 4),
    "TEKNISI-SARPRAS": (["DISDIK-TU", "SDN-1"], 4),
}

GOLONGAN_BY_JENIS = {
    "jpt": ["IV/c", "IV/b"],
    "administrator": ["IV/a", "IV/b"],
    "pengawas": ["III/d", "IV/a"],
    "fungsional_keahlian": ["III/a", "III/b", "III/c", "III/d"],
    "fungsional_keterampilan": ["II/c", "II/d", "III/a"],
    "pelaksana": ["II/a", "II/b", "II/c", "III/a"],
}
PPPK_GOLONGAN_BY_JENIS = {
    "fungsional_keahlian": ["IX", "X"],
    "fungsional_keterampilan": ["VII", "VIII"],
    "pelaksana": ["V", "VI"],
}


class NipFactory:
    """Valid, unique NIP / NI PPPK numbers (domain.md §2), deterministic per seed."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng, self.taken = rng, taken

    def _unique(self, prefix: str) -> str:
        for seq in range(1, 1000):
            nip = f"{prefix}{seq:03d}"
            if nip not in self.taken:
                self.taken.add(nip)
                return nip
        raise RuntimeError("NIP sequence exhausted")

    def pns(self, sex: str, cpns: bool = False) -> tuple[str, date]:
        born = date(self.rng.randint(1968, 1998), self.rng.randint(1, 12), self.rng.randint(1, 28))
        tmt_year = 2025 if cpns else min(2024, born.year + self.rng.randint(23, 30))
        prefix = f"{born:%Y%m%d}{tmt_year}{self.rng.randint(1, 12):02d}{'1' if sex == 'L' else '2'}"
        return self._unique(prefix), born

    def pppk(self, sex: str) -> tuple[str, date]:
        born = date(self.rng.randint(1980, 1998), self.rng.randint(1, 12), self.rng.randint(1, 28))
        year = self.rng.randint(max(2019, born.year + 21), 2024)
        prefix = f"{born:%Y%m%d}{year}2{self.rng.randint(1, 3)}{'1' if sex == 'L' else '2'}"
        return self._unique(prefix), born


def _name(rng: random.Random, sex: str, jabatan_code: str) -> str:
    first = rng.choice(FIRST_M if sex == "L" else FIRST_F)
    prefix = "dr. " if jabatan_code.startswith("DOKTER") else ""
    suffix = next((s for key, s in SUFFIX.items() if jabatan_code.startswith(key)), "")
    return f"{prefix}{first} {rng.choice(LAST)}{suffix}"


def _units_for(slot: str, units: dict[str, UnitKerja]) -> list[UnitKerja]:
    if slot == "PKM":
        return [u for c, u in units.items() if c.startswith("PKM-")]
    if slot == "KEC":
        return [u for u in units.values() if u.kind == "kecamatan"]
    if slot == "KEL":
        return [u for u in units.values() if u.kind == "kelurahan"]
    return [units[slot]]


def _build(instansi: Instansi, rng: random.Random) -> list[Pegawai]:
    units = {u.code: u for u in UnitKerja.objects.filter(instansi=instansi)}
    jabatan = {j.code: j for j in Jabatan.objects.filter(instansi=instansi)}
    nips = NipFactory(rng, set())
    people: list[Pegawai] = []

    def person(jab: Jabatan, unit: UnitKerja, employment: str = "pns") -> Pegawai:
        sex = rng.choice("LP")
        if employment == "pppk":
            nip, born = nips.pppk(sex)
            golongan = rng.choice(PPPK_GOLONGAN_BY_JENIS.get(jab.jenis, ["IX"]))
        else:
            nip, born = nips.pns(sex, cpns=employment == "cpns")
            golongan = (
                "III/a"
                if employment == "cpns" and jab.jenis == "fungsional_keahlian"
                else ("II/a" if employment == "cpns" else rng.choice(GOLONGAN_BY_JENIS[jab.jenis]))
            )
        pegawai = Pegawai(
            instansi=instansi,
            nip=nip,
            name=_name(rng, sex, jab.code),
            employment_type=employment,
            golongan=golongan,
            rank_order=RANK_ORDER[golongan],
            birth_date=born,
            sex=sex,
            unit_kerja=unit,
            jabatan=jab,
            work_location=f"{unit.name}{', ' + unit.region if unit.region else ''}",
            education=rng.choice(["D3", "S1", "S1", "S2"]),
        )
        people.append(pegawai)
        return pegawai

    for jab in jabatan.values():
        if jab.jenis in MANAGERIAL_JENIS:
            person(jab, jab.unit_kerja)
    for code, (slots, per_unit) in STAFF_PLACEMENT.items():
        for slot in slots:
            for unit in _units_for(slot, units):
                for i in range(per_unit):
                    kind = "pppk" if i % 5 == 4 else ("cpns" if i % 7 == 6 else "pns")
                    person(jabatan[code], unit, kind)
    return people


def _link_atasan(people: list[Pegawai]) -> None:
    heads: dict[int, Pegawai] = {}
    for p in people:
        if p.jabatan.jenis in MANAGERIAL_JENIS:
            heads.setdefault(p.unit_kerja_id, p)
    for p in people:
        ids = [int(x) for x in p.unit_kerja.path.strip("/").split("/") if x]
        if p.jabatan.jenis in MANAGERIAL_JENIS:
            ids = ids[:-1]
        boss = next((heads[u] for u in reversed(ids) if u in heads and heads[u] is not p), None)
        if boss is None and p.jabatan.code != "SEKDA":
            boss = next((h for h in heads.values() if h.jabatan.code == "SEKDA"), None)
        p.atasan = boss


def _login(instansi: Instansi, username: str, pegawai: Pegawai, roles: list[str]) -> None:
    user = user_ensure(
        actor=None,
        username=username,
        full_name=pegawai.name,
        email=f"{username}@{instansi.code}.demo.go.id",
        password=DEMO_PASSWORD,
    )
    for role in roles:
        membership_grant(actor=None, user=user, role=role, instansi_id=instansi.pk)
    if pegawai.user_id != user.pk:
        Pegawai.objects.filter(user=user).exclude(pk=pegawai.pk).update(user=None)
        pegawai.user = user
        pegawai.save(update_fields=["user"])


def demo_pick(instansi: Instansi, jabatan_code: str, unit_prefix: str = "") -> Pegawai:
    qs = Pegawai.objects.filter(instansi=instansi, jabatan__code=jabatan_code, employment_type="pns")
    if unit_prefix:
        qs = qs.filter(unit_kerja__code__startswith=unit_prefix)
    return qs.order_by("id").first()


def seed_employees(say: Callable[[str], None]) -> None:
    superadmin = user_ensure(
        actor=None,
        username="superadmin",
        full_name="Operator Platform",
        email="superadmin@demo.go.id",
        password=DEMO_PASSWORD,
    )
    membership_grant(actor=None, user=superadmin, role=Role.SUPERADMIN, instansi_id=None)
    for instansi in Instansi.objects.filter(code__in=["kendari", "palu"]).order_by("code"):
        with transaction.atomic():
            if not Pegawai.objects.filter(instansi=instansi).exists():
                rng = random.Random(f"demo-{instansi.code}")
                people = _build(instansi, rng)
                Pegawai.objects.bulk_create(people, batch_size=1000)
                _link_atasan(people)
                Pegawai.objects.bulk_update(people, ["atasan"], batch_size=1000)
            first_pkm = (
                Pegawai.objects.filter(
                    instansi=instansi, jabatan__code__startswith="KAPKM-", unit_kerja__is_remote=True
                )
                .order_by("id")
                .first()
            )
            pkm_code = first_pkm.unit_kerja.code
            code = instansi.code
            _login(instansi, f"admin.{code}", demo_pick(instansi, "ASDM-AM"), [Role.ADMIN_BKPSDM, Role.EMPLOYEE])
            _login(instansi, f"atasan.{code}", first_pkm, [Role.EMPLOYEE])
            _login(instansi, f"pegawai.{code}", demo_pick(instansi, "PERAWAT-AP", pkm_code), [Role.EMPLOYEE])
            _login(instansi, f"mentor.{code}", demo_pick(instansi, "DOKTER-AM", pkm_code), [Role.EMPLOYEE, Role.MENTOR])
        total = Pegawai.objects.filter(instansi=instansi).count()
        say(f"  {instansi.name}: {total} pegawai")
    say(
        f"  Logins (kata sandi semua: {DEMO_PASSWORD}): superadmin, admin.<kota>, atasan.<kota>, pegawai.<kota>, "
        "mentor.<kota> untuk kota = kendari, palu"
    )
