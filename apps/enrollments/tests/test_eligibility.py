"""The pure eligibility rules (rules 20–21): plain values in, Indonesian reasons out, no database."""

from datetime import date
from types import SimpleNamespace

import pytest

from apps.catalog.models import AngkatanStatus
from apps.enrollments.eligibility import eligibility_problems, registration_problem


def program(**over):
    base = {"jenis_list": [], "employment_type_list": [], "min_rank_order": None, "max_rank_order": None}
    return SimpleNamespace(**(base | over))


def pegawai(jenis="pelaksana", employment_type="pns", rank_order=9):
    jabatan = None if jenis is None else SimpleNamespace(jenis=jenis)
    return SimpleNamespace(jabatan=jabatan, employment_type=employment_type, rank_order=rank_order)


def angkatan(status=AngkatanStatus.OPEN, start=date(2026, 7, 1), opens=None, closes=None):
    return SimpleNamespace(status=status, start_date=start, registration_opens=opens, registration_closes=closes)


def test_empty_targets_admit_everyone():
    assert eligibility_problems(program(), pegawai(jenis=None, employment_type="pppk", rank_order=1)) == []


def test_each_missed_target_is_named():
    prog = program(jenis_list=["fungsional"], employment_type_list=["pppk"], min_rank_order=10)
    problems = eligibility_problems(prog, pegawai())
    assert problems == [
        "Jenis jabatan tidak termasuk sasaran program ini.",
        "Jenis kepegawaian tidak termasuk sasaran program ini.",
        "Golongan di bawah golongan terendah yang disyaratkan.",
    ]


def test_pegawai_without_jabatan_misses_a_jenis_target():
    assert eligibility_problems(program(jenis_list=["pelaksana"]), pegawai(jenis=None)) == [
        "Jenis jabatan tidak termasuk sasaran program ini."
    ]


@pytest.mark.parametrize("rank, ok", [(8, False), (9, True), (12, True), (13, False)])
def test_golongan_range_is_inclusive(rank, ok):
    prog = program(min_rank_order=9, max_rank_order=12)
    assert (eligibility_problems(prog, pegawai(rank_order=rank)) == []) is ok


@pytest.mark.parametrize(
    "batch, today, nomination, expected",
    [
        (angkatan(), date(2026, 6, 1), False, None),
        (angkatan(status=AngkatanStatus.CANCELLED), date(2026, 6, 1), True, "Angkatan ini tidak menerima pendaftaran."),
        (angkatan(), date(2026, 7, 1), True, "Angkatan ini sudah dimulai; pendaftaran ditutup."),
        (angkatan(status=AngkatanStatus.PLANNED), date(2026, 6, 1), False, "Pendaftaran angkatan ini belum dibuka."),
        (angkatan(status=AngkatanStatus.PLANNED), date(2026, 6, 1), True, None),
        (angkatan(opens=date(2026, 6, 10)), date(2026, 6, 9), False, "Pendaftaran angkatan ini belum dibuka."),
        (angkatan(opens=date(2026, 6, 10)), date(2026, 6, 10), False, None),
        (angkatan(closes=date(2026, 6, 20)), date(2026, 6, 20), False, None),
        (angkatan(closes=date(2026, 6, 20)), date(2026, 6, 21), False, "Pendaftaran angkatan ini sudah ditutup."),
    ],
)
def test_registration_window(batch, today, nomination, expected):
    assert registration_problem(batch, today, nomination=nomination) == expected
