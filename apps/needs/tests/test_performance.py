import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from apps.competencies.models import Kompetensi
from apps.core.imports import read_table
from apps.employees.tests.factories import PegawaiFactory
from apps.needs.importers import PerformanceImporter
from apps.needs.models import PerformanceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(world):
    r = PerformanceRecord.objects.create(
        instansi=world.a, pegawai=world.owner_pegawai, year=2025, predikat="butuh_perbaikan", hasil_kerja="di_bawah"
    )
    r.kompetensi.add(Kompetensi.objects.get(instansi=None, code="M.04"))
    return r


ACTORS = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 302),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 200),
]


@pytest.mark.parametrize("actor, status", ACTORS)
def test_list_matrix(actor, status, login_actor, client, record):
    login_actor(actor)
    resp = client.get(reverse("needs:performance_list"))
    assert resp.status_code == status
    if status == 200:  # a 403 page carries the signed-in owner's own name in its header
        assert (record.pegawai.name in resp.text) == (actor == "bkpsdm_admin")


def test_points_at_competency_filter(login_actor, client, world, record):
    PerformanceRecord.objects.create(instansi=world.a, pegawai=world.mate_pegawai, year=2025, predikat="baik")
    m04 = Kompetensi.objects.get(instansi=None, code="M.04")
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("needs:performance_list"), {"gap": "true", "kompetensi": m04.pk})
    assert [r.pegawai_id for r in resp.context["page_obj"]] == [world.owner_pegawai.pk]


def test_edit_cross_instansi_404_unchanged(login_actor, client, record):
    login_actor("other_instansi_admin")
    resp = client.post(reverse("needs:performance_edit", args=[record.pk]), {"year": 2025, "predikat": "baik"})
    assert resp.status_code == 404
    record.refresh_from_db()
    assert record.predikat == "butuh_perbaikan"


def test_create_with_nip_of_other_instansi_is_422(login_actor, client, world):
    login_actor("bkpsdm_admin")
    data = {"pegawai": world.pegawai_b.nip, "year": 2025, "predikat": "baik"}
    resp = client.post(reverse("needs:performance_create"), data)
    assert resp.status_code == 422
    assert "Tidak ada pegawai aktif dengan NIP ini yang dapat Anda pilih." in resp.text
    assert not PerformanceRecord.objects.exists()


def test_edit_keeps_the_pegawai_whatever_nip_is_posted(login_actor, client, world, record):
    login_actor("bkpsdm_admin")
    url = reverse("needs:performance_edit", args=[record.pk])
    assert world.owner_pegawai.nip_display in client.get(url).text
    resp = client.post(url, {"pegawai": world.mate_pegawai.nip, "year": 2025, "predikat": "baik"})
    assert resp.status_code == 302
    record.refresh_from_db()
    assert record.predikat == "baik" and record.pegawai == world.owner_pegawai


def test_create_and_bad_predikat(login_actor, client, world):
    login_actor("bkpsdm_admin")
    data = {"pegawai": world.mate_pegawai.nip, "year": 2025, "predikat": "luar_biasa"}
    resp = client.post(reverse("needs:performance_create"), data)
    assert resp.status_code == 422
    assert "lima predikat SKP" in resp.text
    assert not PerformanceRecord.objects.exists()
    data["predikat"] = "sangat_baik"
    assert client.post(reverse("needs:performance_create"), data).status_code == 302
    resp = client.post(reverse("needs:performance_create"), data)
    assert resp.status_code == 422 and "sudah ada" in resp.text
    assert PerformanceRecord.objects.count() == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_constant(rows, login_actor, client, world, django_assert_max_num_queries):
    m04 = Kompetensi.objects.get(instansi=None, code="M.04")
    for _i in range(rows):
        r = PerformanceRecord.objects.create(
            instansi=world.a,
            pegawai=PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a),
            year=2025,
            predikat="kurang",
        )
        r.kompetensi.add(m04)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("needs:performance_list"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


def _import(instansi_id, rows):
    wb = Workbook()
    wb.active.append(["NIP", "Tahun", "Predikat", "Hasil kerja", "Perilaku kerja", "Kompetensi terkait"])
    for r in rows:
        wb.active.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    importer = PerformanceImporter()
    parsed = read_table(buf.getvalue(), "skp.xlsx", importer.columns)
    errors, plan = importer.validate(instansi_id=instansi_id, rows=parsed, progress=lambda n: None)
    if not errors:
        importer.save(instansi_id=instansi_id, actor_id=None, prepared=plan)
    return errors


def test_import_all_or_nothing(world):
    nip = world.owner_pegawai.nip
    errors = _import(
        world.a.pk,
        [
            (nip, 2025, "Butuh Perbaikan", "Di Bawah", "Sesuai", "M.04, M.08"),
            (nip, 2024, "Hebat", "", "", ""),
            (nip, 2025, "Baik", "", "", ""),
        ],
    )
    assert {e.row for e in errors} == {3, 4}
    assert not PerformanceRecord.objects.exists()
    assert _import(world.a.pk, [(nip, 2025, "Butuh Perbaikan", "Di Bawah", "Sesuai", "M.04, M.08")]) == []
    record = PerformanceRecord.objects.get()
    assert record.has_gap and record.kompetensi.count() == 2
