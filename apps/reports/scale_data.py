"""Data at national scale for benchmarks (issue 13): `manage.py generate_scale_data --preset provinsi`.

Every instansi gets the shape of a real pemerintah daerah: a unit tree (setda → OPD → bidang → seksi)
with a head jabatan per unit and staff jabatan per OPD, an SKJ of national competencies per jabatan,
pegawai with valid NIPs and their atasan (the head of their unit, or of the unit above), an assessment
with scores for most pegawai, five years of programmes and batches, enrolments with their outcome, JP
ledger rows for every completed enrolment and L1 survey answers for the last two years. Logins exist
for one admin, one atasan and one pegawai per instansi.

Rows go in with PostgreSQL COPY (ids allocated from each table's sequence first), so `provinsi` loads in
minutes. The same seed gives the same data; every foreign key stays inside its own instansi. Dates
count from `year` (default: this year), never from the clock inside the loops."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from apps.accounts.models import Membership, User
from apps.catalog.models import Angkatan, Program
from apps.competencies.models import Kompetensi, SKJItem
from apps.core.roles import Role
from apps.employees.golongan import PNS_GOLONGAN, PPPK_GOLONGAN, RANK_ORDER
from apps.employees.models import Pegawai
from apps.enrollments.models import Enrollment, JPLedgerEntry
from apps.evaluations.models import Answer, Question, Questionnaire, Response
from apps.needs.models import Assessment, AssessmentScore
from apps.organizations.models import Instansi, Jabatan, UnitKerja
from apps.reports.scale_copy import Copier, NipSource

SCALE_PASSWORD = "Skala#2026"  # noqa: S105 - benchmark logins, printed by the command


@dataclass(frozen=True)
class Preset:
    instansi: int
    pegawai: int
    help: str


PRESETS = {
    "mini": Preset(2, 300, "2 instansi × 150 pegawai (tests)"),
    "kota": Preset(1, 8_000, "one city of about 8,000 pegawai"),
    "provinsi": Preset(30, 150_000, "30 instansi, 150,000 pegawai"),
    "nasional-sample": Preset(500, 1_000_000, "500 instansi, 1,000,000 pegawai"),
}

SEKSI_PER_OPD = 6  # 2 bidang × 3 seksi
STAFF_PER_SEKSI = 14
STAFF_JABATAN = (
    ("fungsional_keahlian", "ahli_pertama", "Analis Kebijakan"),
    ("fungsional_keahlian", "ahli_muda", "Perencana"),
    ("fungsional_keterampilan", "terampil", "Pranata Komputer"),
    ("pelaksana", "klerek", "Pengadministrasi Umum"),
    ("pelaksana", "operator", "Operator Layanan"),
)
PROGRAMS = (  # (path, form, modality, JP)
    ("klasikal", "teknis", "tatap_muka", 24),
    ("klasikal", "manajerial", "blended", 32),
    ("klasikal", "fungsional", "daring_sinkron", 40),
    ("klasikal", "bimtek", "tatap_muka", 16),
    ("klasikal", "workshop", "daring_sinkron", 8),
    ("nonklasikal", "e_learning", "daring_asinkron", 10),
)
SEATS = 30
ENROLMENTS_PER_PEGAWAI_YEAR = 2
VERIFY_QUEUE = 2_000
YEARS = 5
SURVEY_YEARS = 2
FIRST_NAMES = ("Andi", "Wa Ode", "La Ode", "Siti", "Muhammad", "Dewi", "Rahmat", "Nur", "Agus", "Fitri", "Yusuf", "Ayu")
LAST_NAMES = ("Saputra", "Hasanuddin", "Wulandari", "Pratama", "Rahman", "Lestari", "Halim", "Sari", "Baso", "Tandi")


def _required_level(jenis: str) -> int:
    return {"jpt": 4, "administrator": 3}.get(jenis, 2)


class InstansiBuilder:
    def __init__(self, *, index: int, seed: int, pegawai: int, year: int, ctx: Context):
        self.i, self.seed, self.pegawai_count, self.year, self.ctx = index, seed, pegawai, year, ctx
        self.rng = random.Random(seed * 1_000_003 + index)  # noqa: S311 - reproducible data, not secrets
        self.now = ctx.now

    def build(self) -> None:
        c = self.ctx
        instansi = Instansi.objects.create(
            code=f"skala{self.seed}-{self.i:03d}",
            name=f"Pemerintah Kabupaten Skala {self.seed}-{self.i + 1}",
            kind="kabupaten",
            timezone="Asia/Makassar",
            province="Sulawesi Tenggara",
        )
        self.instansi_id = instansi.pk
        self._units()
        self._jabatan()
        self._skj()
        self._pegawai()
        self._logins()
        self._assessments()
        self._catalog()
        self._enrollments()
        self._surveys()
        c.counts["instansi"] += 1

    # -- organisation
    def _units(self) -> None:
        staff = self.pegawai_count
        seksi_needed = max(SEKSI_PER_OPD, round(staff / (STAFF_PER_SEKSI + 1)))
        opd_count = max(1, -(-seksi_needed // SEKSI_PER_OPD))
        units: list[dict[str, Any]] = []
        ids = iter(self.ctx.copiers[UnitKerja].ids(1 + opd_count * (1 + 2 + 6)))

        def unit(parent: dict | None, code: str, name: str, kind: str) -> dict:
            pk = next(ids)
            path = f"{parent['path'] if parent else '/'}{pk}/"
            row = {
                "id": pk,
                "instansi_id": self.instansi_id,
                "parent_id": parent["id"] if parent else None,
                "code": code,
                "name": name,
                "kind": kind,
                "path": path,
                "depth": path.count("/") - 2,
                "is_remote": kind == "seksi" and self.rng.random() < 0.15,
            }
            units.append(row)
            return row

        root = unit(None, "SETDA", "Sekretariat Daerah", "setda")
        self.opds = []
        for o in range(opd_count):
            opd = unit(root, f"OPD{o:03d}", f"Dinas {o + 1}", "opd")
            opd["seksi"] = []
            for b in range(2):
                bidang = unit(opd, f"OPD{o:03d}-B{b}", f"Bidang {o + 1}.{b + 1}", "bidang")
                for s in range(3):
                    seksi = unit(bidang, f"OPD{o:03d}-B{b}-S{s}", f"Seksi {o + 1}.{b + 1}.{s + 1}", "seksi")
                    seksi["bidang"] = bidang
                    opd["seksi"].append(seksi)
            self.opds.append(opd)
        self.root, self.units = root, units
        keep = {f.attname for f in UnitKerja._meta.concrete_fields}
        self.ctx.copy(UnitKerja, ({k: v for k, v in u.items() if k in keep} for u in units))

    def _jabatan(self) -> None:
        rows = []
        copier = self.ctx.copiers[Jabatan]
        ids = iter(copier.ids(len(self.units) + len(self.opds) * len(STAFF_JABATAN)))
        for u in self.units:
            jenis, jenjang = {
                "setda": ("jpt", "madya"),
                "opd": ("jpt", "pratama"),
                "bidang": ("administrator", ""),
                "seksi": ("pengawas", ""),
            }[u["kind"]]
            u["head_jabatan"] = pk = next(ids)
            rows.append(self._jab(pk, u, f"KEP-{u['code']}", f"Kepala {u['name']}", jenis, jenjang))
        for opd in self.opds:
            opd["staff_jabatan"] = []
            for n, (jenis, jenjang, title) in enumerate(STAFF_JABATAN):
                pk = next(ids)
                opd["staff_jabatan"].append((pk, jenis))
                rows.append(self._jab(pk, opd, f"{opd['code']}-J{n}", f"{title} {opd['name']}", jenis, jenjang))
        self.jabatan = rows
        self.ctx.copy(Jabatan, rows)

    def _jab(self, pk, unit, code, name, jenis, jenjang) -> dict:
        return {
            "id": pk,
            "instansi_id": self.instansi_id,
            "unit_kerja_id": unit["id"],
            "code": code,
            "name": name,
            "jenis": jenis,
            "jenjang": jenjang,
        }

    def _skj(self) -> None:
        kompetensi = self.ctx.national_kompetensi
        rows = (
            {
                "instansi_id": self.instansi_id,
                "jabatan_id": j["id"],
                "kompetensi_id": k,
                "required_level": _required_level(j["jenis"]),
            }
            for j in self.jabatan
            for k in kompetensi
        )
        self.ctx.copy(SKJItem, rows)

    # -- people
    def _person(self, pk: int, unit: dict, jabatan_id: int, atasan_id: int | None, manager: bool) -> dict:
        rng = self.rng
        nip, birth, tmt, sex = self.ctx.nips.next(rng)
        pns = manager or rng.random() < 0.8
        golongan = (
            rng.choice(PNS_GOLONGAN[8:13] if manager else PNS_GOLONGAN[4:12])[0]
            if pns
            else rng.choice(PPPK_GOLONGAN[4:11])
        )
        return {
            "id": pk,
            "instansi_id": self.instansi_id,
            "nip": nip,
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "employment_type": "pns" if pns else "pppk",
            "golongan": golongan,
            "rank_order": RANK_ORDER[golongan],
            "birth_date": birth,
            "sex": sex,
            "unit_kerja_id": unit["id"],
            "jabatan_id": jabatan_id,
            "atasan_id": atasan_id,
            "tmt": tmt,
            "is_active": True,
        }

    def _pegawai(self) -> None:
        heads = len(self.units)
        staff_total = max(0, self.pegawai_count - heads)
        seksi = [s for opd in self.opds for s in opd["seksi"]]
        ids = iter(self.ctx.copiers[Pegawai].ids(heads + staff_total))
        rows: list[dict] = []
        head_of: dict[int, int] = {}
        for u in self.units:  # parents come before children in self.units
            pk = next(ids)
            parent_head = head_of.get(u["parent_id"]) if u["parent_id"] else None
            rows.append(self._person(pk, u, u["head_jabatan"], parent_head, manager=True))
            head_of[u["id"]] = pk
        opd_of = {s["id"]: opd for opd in self.opds for s in opd["seksi"]}
        for n in range(staff_total):
            unit = seksi[n % len(seksi)]
            jabatan_id, _jenis = self.rng.choice(opd_of[unit["id"]]["staff_jabatan"])
            rows.append(self._person(next(ids), unit, jabatan_id, head_of[unit["id"]], manager=False))
        self.pegawai = rows
        self.head_of = head_of
        self.ctx.copy(Pegawai, rows)

    def _logins(self) -> None:
        """admin, atasan (head of the first seksi) and pegawai (a staff member of that seksi)."""
        first_seksi = self.opds[0]["seksi"][0]
        atasan = next(p for p in self.pegawai if p["id"] == self.head_of[first_seksi["id"]])
        staff = next(p for p in self.pegawai if p["atasan_id"] == atasan["id"])
        admin = next(p for p in self.pegawai if p["id"] == self.head_of[self.root["id"]])
        self.logins = {}
        for role, person in (("admin", admin), ("atasan", atasan), ("pegawai", staff)):
            user = User.objects.create(
                username=f"skala{self.seed}-{self.i:03d}-{role}", full_name=person["name"], password=self.ctx.password
            )
            Pegawai.objects.filter(pk=person["id"]).update(user=user)
            Membership.objects.create(user=user, instansi_id=self.instansi_id, role=Role.EMPLOYEE)
            if role == "admin":
                Membership.objects.create(user=user, instansi_id=self.instansi_id, role=Role.ADMIN_BKPSDM)
            self.logins[role] = user.username
        self.login_pegawai_id = staff["id"]

    def _assessments(self) -> None:
        assessed = [p for p in self.pegawai if self.rng.random() < 0.7]
        ids = self.ctx.copiers[Assessment].ids(len(assessed))
        on = datetime.date(self.year - 1, 9, 1)
        self.ctx.copy(
            Assessment,
            (
                {
                    "id": pk,
                    "instansi_id": self.instansi_id,
                    "pegawai_id": p["id"],
                    "jabatan_id": p["jabatan_id"],
                    "method": "assessment_center" if k % 5 == 0 else "atasan",
                    "assessed_on": on + datetime.timedelta(days=k % 90),
                }
                for k, (pk, p) in enumerate(zip(ids, assessed, strict=True))
            ),
        )
        required = {
            j["id"]: 4 if j["jenis"] == "jpt" else 3 if j["jenis"] == "administrator" else 2 for j in self.jabatan
        }
        self.ctx.copy(
            AssessmentScore,
            (
                {
                    "instansi_id": self.instansi_id,
                    "assessment_id": pk,
                    "kompetensi_id": k,
                    "required_level": required[p["jabatan_id"]],
                    "actual_level": max(1, min(5, required[p["jabatan_id"]] + self.rng.choice((-2, -1, -1, 0, 0, 1)))),
                }
                for pk, p in zip(ids, assessed, strict=True)
                for k in self.ctx.national_kompetensi
            ),
        )

    # -- catalog and enrolments
    def _catalog(self) -> None:
        programs = []
        program_count = max(len(PROGRAMS), min(60, self.pegawai_count // 100))
        per_year = max(1, round(ENROLMENTS_PER_PEGAWAI_YEAR * self.pegawai_count / (program_count * SEATS)))
        ids = self.ctx.copiers[Program].ids(program_count)
        for n, pk in enumerate(ids):
            path, form, modality, jp = PROGRAMS[n % len(PROGRAMS)]
            title = f"Pelatihan {form.replace('_', ' ').title()} {n + 1}"
            programs.append(
                {
                    "id": pk,
                    "instansi_id": self.instansi_id,
                    "visibility": "private",
                    "code": f"P{n:03d}",
                    "title": title,
                    "path": path,
                    "form": form,
                    "modality": modality,
                    "learning_hours": jp,
                    "status": "published",
                    "version": 1,
                    "search_text": f"{title} p{n:03d} {form}".lower(),
                }
            )
        self.ctx.copy(Program, programs)
        batches = []
        first_year = self.year - YEARS + 1
        pairs = [(p, y, b) for y in range(first_year, self.year + 1) for p in programs for b in range(per_year)]
        ids = iter(self.ctx.copiers[Angkatan].ids(len(pairs)))
        for n, (program, year, b) in enumerate(pairs):
            start = datetime.date(year, 2, 1) + datetime.timedelta(days=(n * 7 + b * 120) % 300)
            end = start + datetime.timedelta(days=max(1, program["learning_hours"] // 8))
            current = year == self.year
            batches.append(
                {
                    "id": next(ids),
                    "instansi_id": self.instansi_id,
                    "program_id": program["id"],
                    "code": f"{program['code']}-{year}-{b + 1}",
                    "name": f"Angkatan {b + 1} tahun {year}",
                    "start_date": start,
                    "end_date": end,
                    "registration_opens": start - datetime.timedelta(days=45),
                    "registration_closes": start - datetime.timedelta(days=7),
                    "modality": program["modality"],
                    "seats_total": SEATS,
                    "status": "open" if current and b == per_year - 1 else "finished",
                    "funding_source": "apbd",
                    "requires_atasan_approval": True,
                    "year": year,
                    "jp": program["learning_hours"],
                    "title": program["title"],
                }
            )
        if self.i == 0:  # requests waiting for BKPSDM's verification, for the verify-seat benchmark
            program = programs[0]
            start = datetime.date(self.year + 1, 3, 2)
            batches.append(
                {
                    "id": self.ctx.copiers[Angkatan].ids(1)[0],
                    "instansi_id": self.instansi_id,
                    "program_id": program["id"],
                    "code": f"VERIFIKASI-{self.year + 1}",
                    "name": f"Angkatan verifikasi {self.year + 1}",
                    "start_date": start,
                    "end_date": start + datetime.timedelta(days=3),
                    "registration_opens": start - datetime.timedelta(days=90),
                    "registration_closes": start - datetime.timedelta(days=7),
                    "modality": program["modality"],
                    "seats_total": min(VERIFY_QUEUE, self.pegawai_count),
                    "status": "open",
                    "funding_source": "apbd",
                    "requires_atasan_approval": True,
                    "year": self.year + 1,
                    "jp": program["learning_hours"],
                    "title": program["title"],
                    "verify_queue": True,
                }
            )
        self.batches = batches

    def _enrollments(self) -> None:
        rng = self.rng
        people = [p["id"] for p in self.pegawai]
        enrol_rows, ledger_rows = [], []
        ids = iter(self.ctx.copiers[Enrollment].ids(len(self.batches) * SEATS))
        verify_ids = iter(
            self.ctx.copiers[Enrollment].ids(sum(b["seats_total"] for b in self.batches if b.get("verify_queue")))
        )
        for batch in self.batches:
            open_batch = batch["status"] == "open"
            if batch.get("verify_queue"):
                chosen = rng.sample(people, batch["seats_total"])
                enrol_rows += [
                    {
                        "id": next(verify_ids),
                        "instansi_id": self.instansi_id,
                        "pegawai_id": pegawai_id,
                        "angkatan_id": batch["id"],
                        "status": "approved",
                    }
                    for pegawai_id in chosen
                ]
                batch["completed"], batch["seats_taken"] = [], 0
                continue
            chosen = rng.sample(people, min(SEATS, len(people)))
            if open_batch and self.login_pegawai_id not in chosen:
                chosen[-1] = self.login_pegawai_id  # the pegawai login waits for their atasan
            taken = 0
            batch["completed"] = []
            for k, pegawai_id in enumerate(chosen):
                pk = next(ids)
                if open_batch:
                    status = ("requested", "approved", "enrolled")[k % 3]
                    if pegawai_id == self.login_pegawai_id:
                        status = "requested"
                else:
                    status = "completed" if rng.random() < 0.92 else "not_completed"
                taken += status in ("enrolled", "completed", "not_completed")
                row = {
                    "id": pk,
                    "instansi_id": self.instansi_id,
                    "pegawai_id": pegawai_id,
                    "angkatan_id": batch["id"],
                    "status": status,
                    "attendance_percent": None if open_batch else rng.choice((80, 90, 100)),
                    "final_score": None if open_batch else rng.randint(60, 98),
                    "completed_on": batch["end_date"] if status == "completed" else None,
                }
                enrol_rows.append(row)
                if status == "completed":
                    batch["completed"].append(pegawai_id)
                    ledger_rows.append(
                        {
                            "instansi_id": self.instansi_id,
                            "pegawai_id": pegawai_id,
                            "year": batch["year"],
                            "credited_on": batch["end_date"],
                            "jp": batch["jp"],
                            "source_type": "enrollment",
                            "source_ref": f"enrollment:{pk}",
                            "enrollment_id": pk,
                            "title": batch["title"],
                            "start_date": batch["start_date"],
                            "end_date": batch["end_date"],
                        }
                    )
            batch["seats_taken"] = taken
        keep = {f.attname for f in Angkatan._meta.concrete_fields}
        self.ctx.copy(Angkatan, ({k: v for k, v in b.items() if k in keep} for b in self.batches))
        self.ctx.copy(Enrollment, enrol_rows)
        self.ctx.copy(JPLedgerEntry, ledger_rows)

    def _surveys(self) -> None:
        """L1 (reaction) answers of the finished batches of the last SURVEY_YEARS years, anonymous."""
        batches = [b for b in self.batches if b["status"] == "finished" and b["year"] > self.year - SURVEY_YEARS]
        q_ids = iter(self.ctx.copiers[Questionnaire].ids(len(batches)))
        questionnaires, questions, responses, answers = [], [], [], []
        question_ids = iter(self.ctx.copiers[Question].ids(len(batches) * len(self.ctx.l1_questions)))
        response_total = sum(len(b["completed"]) for b in batches)
        response_ids = iter(self.ctx.copiers[Response].ids(response_total))
        for batch in batches:
            qid = next(q_ids)
            questionnaires.append(
                {
                    "id": qid,
                    "instansi_id": self.instansi_id,
                    "title": f"Evaluasi reaksi {batch['code']}",
                    "level": "l1",
                    "angkatan_id": batch["id"],
                    "anonymous": True,
                    "min_group_size": 5,
                    "opens_on": batch["end_date"],
                    "closes_on": batch["end_date"] + datetime.timedelta(days=14),
                    "status": "closed",
                    "salt": f"{self.seed}-{qid}",
                }
            )
            own_questions = []
            for order, (code, section, text) in enumerate(self.ctx.l1_questions, start=1):
                question_id = next(question_ids)
                own_questions.append(question_id)
                questions.append(
                    {
                        "id": question_id,
                        "instansi_id": self.instansi_id,
                        "questionnaire_id": qid,
                        "order": order,
                        "code": code,
                        "section": section,
                        "text": text,
                        "kind": "likert4",
                        "choices": [],
                    }
                )
            for _pegawai in batch["completed"]:
                rid = next(response_ids)
                values = [self.rng.choice((2, 3, 3, 4, 4)) for _q in own_questions]
                responses.append(
                    {
                        "id": rid,
                        "instansi_id": self.instansi_id,
                        "questionnaire_id": qid,
                        "submitted_on": batch["end_date"] + datetime.timedelta(days=self.rng.randint(0, 13)),
                        "score": round(sum(values) / (4 * len(values)) * 100, 2),
                        "complete": True,
                        "profile": {},
                    }
                )
                answers += [
                    {
                        "instansi_id": self.instansi_id,
                        "response_id": rid,
                        "questionnaire_id": qid,
                        "question_id": question_id,
                        "value_int": value,
                        "value_choices": [],
                    }
                    for question_id, value in zip(own_questions, values, strict=True)
                ]
        self.ctx.copy(Questionnaire, questionnaires)
        self.ctx.copy(Question, questions)
        self.ctx.copy(Response, responses)
        self.ctx.copy(Answer, answers)


class Context:
    def __init__(self, seed: int):
        self.now = timezone.now()
        self.copiers: dict[type[models.Model], Copier] = {}
        self.counts: Counter[str] = Counter()
        self.nips = NipSource(seed)
        self.password = make_password(SCALE_PASSWORD, salt=f"skala{seed}")
        self.national_kompetensi = list(
            Kompetensi.objects.filter(instansi__isnull=True, is_active=True)
            .exclude(kind="teknis")
            .order_by("code")
            .values_list("pk", flat=True)[:9]
        )
        self.l1_questions = [
            ("L1.MAT.1", "Materi", "Materi sesuai dengan kebutuhan pekerjaan saya."),
            ("L1.MAT.2", "Materi", "Materi tersusun runtut dan mudah dipahami."),
            ("L1.ORG.1", "Penyelenggaraan", "Jadwal dan durasi pelatihan memadai."),
            ("L1.ORG.2", "Penyelenggaraan", "Panitia sigap membantu peserta."),
            ("L1.FAS", "Sarana", "Ruang, konsumsi dan sarana belajar memadai."),
        ]

    def copy(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
        copier = self.copiers.setdefault(model, Copier(model, self.now))
        self.counts[model._meta.label] += copier.copy(rows)


class _Copiers(dict):
    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx

    def __missing__(self, model):
        copier = self[model] = Copier(model, self.ctx.now)
        return copier


def generate(
    preset: str, *, seed: int = 1, year: int | None = None, progress: Callable[[str], None] = lambda _m: None
) -> dict[str, Any]:
    """Load `preset` (PRESETS); returns the row counts and the logins of the first instansi."""
    if connection.vendor != "postgresql":
        raise RuntimeError("generate_scale_data needs PostgreSQL (it writes with COPY).")
    spec = PRESETS[preset]
    year = year or timezone.localdate().year
    ctx = Context(seed)
    ctx.copiers = _Copiers(ctx)
    if not ctx.national_kompetensi:
        raise RuntimeError("The national competency dictionary is empty: run migrate first.")
    if Instansi.objects.filter(code__startswith=f"skala{seed}-").exists():
        raise RuntimeError(f"Seed {seed} is already loaded in this database: use another --seed or a fresh database.")
    per_instansi = spec.pegawai // spec.instansi
    logins: dict[str, str] = {}
    for i in range(spec.instansi):
        with transaction.atomic():
            builder = InstansiBuilder(index=i, seed=seed, pegawai=per_instansi, year=year, ctx=ctx)
            builder.build()
        if i == 0:
            logins = builder.logins
        progress(f"instansi {i + 1}/{spec.instansi}: {sum(ctx.counts.values()):,} rows")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {"preset": preset, "seed": seed, "year": year, "rows": dict(ctx.counts), "logins": logins}
