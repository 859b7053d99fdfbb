"""The scale data generator (issue 13): valid rows the pages can read, every foreign key inside its own
instansi, the same data for the same seed, and a clear refusal to load a seed twice."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from apps.employees.models import Pegawai
from apps.enrollments.models import Enrollment, JPLedgerEntry
from apps.organizations.models import Instansi
from apps.reports.scale_data import generate

pytestmark = pytest.mark.django_db

# (child table, its instansi column, parent table) for every FK the generator writes across tables.
SAME_INSTANSI = [
    ("organizations_unitkerja c JOIN organizations_unitkerja p ON p.id = c.parent_id", "c", "p"),
    ("organizations_jabatan c JOIN organizations_unitkerja p ON p.id = c.unit_kerja_id", "c", "p"),
    ("competencies_skjitem c JOIN organizations_jabatan p ON p.id = c.jabatan_id", "c", "p"),
    ("employees_pegawai c JOIN organizations_unitkerja p ON p.id = c.unit_kerja_id", "c", "p"),
    ("employees_pegawai c JOIN organizations_jabatan p ON p.id = c.jabatan_id", "c", "p"),
    ("employees_pegawai c JOIN employees_pegawai p ON p.id = c.atasan_id", "c", "p"),
    ("needs_assessment c JOIN employees_pegawai p ON p.id = c.pegawai_id", "c", "p"),
    ("needs_assessmentscore c JOIN needs_assessment p ON p.id = c.assessment_id", "c", "p"),
    ("catalog_angkatan c JOIN catalog_program p ON p.id = c.program_id", "c", "p"),
    ("enrollments_enrollment c JOIN catalog_angkatan p ON p.id = c.angkatan_id", "c", "p"),
    ("enrollments_enrollment c JOIN employees_pegawai p ON p.id = c.pegawai_id", "c", "p"),
    ("enrollments_jpledgerentry c JOIN enrollments_enrollment p ON p.id = c.enrollment_id", "c", "p"),
    ("evaluations_questionnaire c JOIN catalog_angkatan p ON p.id = c.angkatan_id", "c", "p"),
    ("evaluations_answer c JOIN evaluations_response p ON p.id = c.response_id", "c", "p"),
    ("evaluations_answer c JOIN evaluations_question p ON p.id = c.question_id", "c", "p"),
]


def fingerprint(seed: int) -> str:
    """What the data says, without the ids the database handed out."""
    codes = Instansi.objects.filter(code__startswith=f"skala{seed}-")
    rows = [
        list(Pegawai.objects.filter(instansi__in=codes).order_by("nip").values_list("nip", "name", "golongan")),
        list(
            Enrollment.objects.filter(instansi__in=codes)
            .order_by("angkatan__code", "pegawai__nip")
            .values_list("angkatan__code", "pegawai__nip", "status", "final_score")
        ),
        list(
            JPLedgerEntry.objects.filter(instansi__in=codes).order_by("pegawai__nip", "title").values_list("jp", "year")
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_mini_preset_is_valid_and_stays_inside_each_instansi():
    summary = generate("mini", seed=11, year=2026)
    rows = summary["rows"]
    assert rows["instansi"] == 2 and rows["employees.Pegawai"] == 300
    assert (
        rows["enrollments.Enrollment"] > 0 and rows["enrollments.JPLedgerEntry"] > 0 and rows["evaluations.Answer"] > 0
    )
    assert summary["logins"] == {
        "admin": "skala11-000-admin",
        "atasan": "skala11-000-atasan",
        "pegawai": "skala11-000-pegawai",
    }
    with connection.cursor() as cur:
        for joined, child, parent in SAME_INSTANSI:
            cur.execute(f"SELECT count(*) FROM {joined} WHERE {child}.instansi_id <> {parent}.instansi_id")  # noqa: S608
            assert cur.fetchone()[0] == 0, joined
    # the logins see their own data: the pegawai waits for their atasan in the open batch
    pegawai = Pegawai.objects.get(user__username="skala11-000-pegawai")
    assert pegawai.atasan.user.username == "skala11-000-atasan"
    assert Enrollment.objects.filter(pegawai=pegawai, status="requested").exists()
    # JP only for completed enrolments, once each
    assert (
        JPLedgerEntry.objects.filter(instansi__code__startswith="skala11-").count()
        == Enrollment.objects.filter(instansi__code__startswith="skala11-", status="completed").count()
    )


def test_same_seed_gives_the_same_data():
    prints = []
    for _run in range(2):
        with pytest.raises(RuntimeError, match="rolled back"), transaction.atomic():
            generate("mini", seed=12, year=2026)
            prints.append(fingerprint(12))
            raise RuntimeError("rolled back")
    assert prints[0] == prints[1]
    generate("mini", seed=13, year=2026)
    assert fingerprint(13) != prints[0]


def test_a_seed_is_loaded_once():
    call_command("generate_scale_data", preset="mini", seed=14, year=2026, json=True)
    with pytest.raises(CommandError, match="Seed 14 is already loaded"):
        call_command("generate_scale_data", preset="mini", seed=14, year=2026)
