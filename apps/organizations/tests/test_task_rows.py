"""Issue 23: a jabatan's uraian tugas and fungsi are row editors (one row per task, its hasil kerja in
its own box), not 'tugas | hasil kerja' lines. Errors land on the row, nothing is half-saved, a stored
task keeps its id (and the competencies linked to it) when its text changes."""

import pytest
from django.urls import reverse

from apps.competencies.models import TaskCompetency
from apps.competencies.tests.factories import KompetensiFactory
from apps.organizations.models import Jabatan, JobTask
from apps.organizations.tests.factories import JabatanFactory
from apps.organizations.tests.rowposts import page_post


@pytest.fixture
def jabatan(world):
    jab = world.staff_jab
    first = JobTask.objects.create(
        instansi=world.a, jabatan=jab, order=1, description="Melakukan pengkajian", output="Dokumen pengkajian"
    )
    second = JobTask.objects.create(instansi=world.a, jabatan=jab, order=2, description="Menyusun rencana asuhan")
    return jab, first, second


def _url(jab):
    return reverse("organizations:jabatan_edit", args=[jab.pk])


def _current(client, jab):
    resp = client.get(_url(jab))
    assert resp.status_code == 200
    return page_post(resp, "form", "tasks", "functions")


def _snapshot(jab):
    return (
        Jabatan.objects.filter(pk=jab.pk).values_list("name", flat=True).get(),
        list(JobTask.objects.filter(jabatan=jab).order_by("order").values_list("id", "description", "output")),
    )


def test_get_renders_one_row_per_task_with_its_id_and_empty_rows(world, login_actor, client, jabatan):
    jab, first, second = jabatan
    login_actor("bkpsdm_admin")
    resp = client.get(_url(jab))
    tasks = resp.context["tasks"]
    assert [row.initial.get("id") for row in tasks.forms] == [first.pk, second.pk, None, None, None]
    assert f'name="tugas-0-id" value="{first.pk}"' in resp.text
    assert 'name="tugas-0-output" value="Dokumen pengkajian"' in resp.text
    assert 'name="tugas-1-DELETE"' in resp.text and 'name="tugas-2-DELETE"' not in resp.text
    assert "Tugas ke-2" in resp.text and 'name="tambah_baris" value="tugas"' in resp.text
    assert "|" not in tasks.forms[0]["description"].value()


def test_valid_rows_are_saved_in_place_and_links_survive(world, login_actor, client, jabatan):
    jab, first, _second = jabatan
    kompetensi = KompetensiFactory(instansi=world.a, kind="teknis")
    TaskCompetency.objects.create(instansi=world.a, task=first, kompetensi=kompetensi)
    login_actor("bkpsdm_admin")
    post = _current(client, jab)
    post.update(
        {
            "tugas-0-description": "Melakukan pengkajian keperawatan",
            "tugas-2-description": "Mengevaluasi asuhan",
            "tugas-2-output": "Laporan evaluasi",
            "fungsi-0-description": "Pembinaan perawat",
        }
    )
    resp = client.post(_url(jab), post)
    assert resp.status_code == 302
    assert _snapshot(jab)[1] == [
        (first.pk, "Melakukan pengkajian keperawatan", "Dokumen pengkajian"),
        (_second.pk, "Menyusun rencana asuhan", ""),
        (JobTask.objects.get(description="Mengevaluasi asuhan").pk, "Mengevaluasi asuhan", "Laporan evaluasi"),
    ]
    assert TaskCompetency.objects.filter(task=first, kompetensi=kompetensi).exists()
    assert list(jab.functions.values_list("description", flat=True)) == ["Pembinaan perawat"]


@pytest.mark.parametrize(
    "change, row_message",
    [
        ({"tugas-1-description": ""}, "Tugas ke-2: Tulis uraian tugasnya."),
        ({"tugas-3-output": "Laporan tanpa tugas"}, "Tugas ke-4: Tulis uraian tugasnya."),
        ({"tugas-2-description": "Tugas", "tugas-2-output": "x" * 251}, "Tugas ke-3: Hasil kerja paling banyak 250"),
        ({"tugas-2-description": '=HYPERLINK("http://x")'}, "Tugas ke-3: Isi sel tampak seperti rumus"),
    ],
)
def test_bad_row_is_422_with_the_message_on_that_row_and_nothing_saved(
    change, row_message, world, login_actor, client, jabatan
):
    jab, *_rest = jabatan
    login_actor("bkpsdm_admin")
    before = _snapshot(jab)
    post = _current(client, jab)
    post.update({"name": "Nama yang tidak boleh tersimpan", "tugas-0-description": "Diubah", **change})
    resp = client.post(_url(jab), post)
    assert resp.status_code == 422
    assert row_message in resp.text
    row = int(next(k for k in change if k.startswith("tugas-")).split("-")[1])
    assert resp.context["tasks"].forms[row].errors  # the message is on the row itself too
    assert _snapshot(jab) == before


def test_ticking_delete_removes_the_task_and_its_links(world, login_actor, client, jabatan):
    jab, first, second = jabatan
    kompetensi = KompetensiFactory(instansi=world.a, kind="teknis")
    TaskCompetency.objects.create(instansi=world.a, task=first, kompetensi=kompetensi)
    login_actor("bkpsdm_admin")
    post = _current(client, jab)
    post["tugas-0-DELETE"] = "on"
    resp = client.post(_url(jab), post)
    assert resp.status_code == 302
    assert list(JobTask.objects.filter(jabatan=jab).values_list("id", "order")) == [(second.pk, 1)]
    assert not TaskCompetency.objects.filter(kompetensi=kompetensi).exists()


def test_tambah_baris_answers_more_empty_rows_and_saves_nothing(world, login_actor, client, jabatan):
    jab, *_rest = jabatan
    login_actor("bkpsdm_admin")
    before = _snapshot(jab)
    post = _current(client, jab)
    post.update({"name": "", "tugas-2-description": "Ditulis sebelum menambah baris", "tambah_baris": "tugas"})
    resp = client.post(_url(jab), post)
    assert resp.status_code == 200
    tasks = resp.context["tasks"]
    assert len(tasks.forms) == 8 and 'name="tugas-7-description"' in resp.text
    assert "Ditulis sebelum menambah baris" in resp.text
    assert len(resp.context["functions"].forms) == 1  # only the editor whose button was pressed grows
    assert "tidak boleh kosong" not in resp.text  # not a save: the half-filled form is not marked wrong
    assert _snapshot(jab) == before


def test_a_task_id_of_another_jabatan_refuses_the_whole_save(world, login_actor, client, jabatan):
    jab, *_rest = jabatan
    other = JabatanFactory(instansi=world.a, unit_kerja=world.unit_a, code="LAIN")
    foreign = JobTask.objects.create(instansi=world.a, jabatan=other, order=1, description="Milik jabatan lain")
    login_actor("bkpsdm_admin")
    before = _snapshot(jab)
    post = _current(client, jab)
    post.update({"tugas-1-id": str(foreign.pk), "tugas-1-description": "Diambil alih", "name": "Diubah"})
    resp = client.post(_url(jab), post)
    assert resp.status_code == 422
    assert "Tugas ke-2 sudah tidak ada pada jabatan ini" in resp.text
    assert _snapshot(jab) == before
    assert JobTask.objects.get(pk=foreign.pk).description == "Milik jabatan lain"


def test_pasted_lines_are_added_after_the_rows(world, login_actor, client, jabatan):
    jab, first, second = jabatan
    login_actor("bkpsdm_admin")
    post = _current(client, jab)
    post["tasks_text"] = "Mengarsipkan dokumen | Arsip\n\nMelapor ke atasan"
    assert client.post(_url(jab), post).status_code == 302
    assert [d for _i, d, _o in _snapshot(jab)[1]] == [
        "Melakukan pengkajian",
        "Menyusun rencana asuhan",
        "Mengarsipkan dokumen",
        "Melapor ke atasan",
    ]


def test_new_jabatan_with_rows(world, login_actor, client):
    login_actor("bkpsdm_admin")
    page = client.get(reverse("organizations:jabatan_create"))
    post = page_post(page, "form", "tasks", "functions")
    post.update(
        {
            "code": "KASUBAG",
            "name": "Kepala Subbagian Umum",
            "jenis": "pengawas",
            "unit_kerja": world.unit_a.pk,
            "tugas-0-description": "Menyusun rencana kerja",
            "tugas-0-output": "Rencana kerja",
            "fungsi-0-description": "Pengelolaan urusan umum",
        }
    )
    resp = client.post(reverse("organizations:jabatan_create"), post)
    assert resp.status_code == 302
    jab = Jabatan.objects.get(code="KASUBAG")
    assert list(jab.tasks.values_list("description", "output")) == [("Menyusun rencana kerja", "Rencana kerja")]
    assert list(jab.functions.values_list("description", flat=True)) == ["Pengelolaan urusan umum"]


def test_tambah_baris_stops_at_the_row_limit(world, login_actor, client, jabatan):
    jab, *_rest = jabatan
    login_actor("bkpsdm_admin")
    post = _current(client, jab)
    post.update({"tugas-TOTAL_FORMS": "199", "tambah_baris": "tugas"})
    resp = client.post(_url(jab), post)
    assert resp.status_code == 200
    assert len(resp.context["tasks"].forms) == 200
