"""Issue 23: a programme's curriculum modules and target competencies are row editors ('Judul | JP'
and 'kode | level' lines are gone as the main input). Errors land on the row; nothing is half-saved."""

import pytest
from django.urls import reverse

from apps.catalog.models import Program, ProgramCompetency, ProgramModule
from apps.catalog.tests.factories import ProgramFactory, ProgramModuleFactory
from apps.competencies.models import Kompetensi
from apps.organizations.tests.rowposts import page_post


@pytest.fixture
def draft(world):
    program = ProgramFactory(instansi=world.a, status="draft", title="Pelayanan Prima", learning_hours=10)
    ProgramModuleFactory(program=program, order=1, title="Etika pelayanan", learning_hours=4)
    ProgramModuleFactory(program=program, order=2, title="Standar pelayanan", learning_hours=6)
    m05 = Kompetensi.objects.get(instansi=None, code="M.05")
    ProgramCompetency.objects.create(instansi=world.a, program=program, kompetensi=m05, target_level=3)
    return program


def _url(program):
    return reverse("catalog:program_edit", args=[program.pk])


def _current(client, program):
    resp = client.get(_url(program))
    assert resp.status_code == 200
    return page_post(resp, "form", "modules", "competencies")


def _snapshot(program):
    return (
        Program.objects.filter(pk=program.pk).values_list("title", "learning_hours").get(),
        list(program.modules.values_list("title", "learning_hours")),
        list(program.competencies.values_list("kompetensi__code", "target_level")),
    )


def _code(code):
    return str(Kompetensi.objects.get(instansi=None, code=code).pk)


def test_get_renders_module_and_competency_rows(world, login_actor, client, draft):
    login_actor("bkpsdm_admin")
    resp = client.get(_url(draft))
    assert [f.initial.get("title") for f in resp.context["modules"].forms] == [
        "Etika pelayanan",
        "Standar pelayanan",
        None,
        None,
        None,
    ]
    assert 'name="modul-1-learning_hours" value="6"' in resp.text
    assert f'<option value="{_code("M.05")}" selected>' in resp.text
    assert "Modul ke-2" in resp.text and "Kompetensi ke-1" in resp.text
    assert 'name="tambah_baris" value="modul"' in resp.text and 'name="tambah_baris" value="kompetensi"' in resp.text
    assert not resp.context["form"]["modules_text"].value()  # the paste box starts empty: rows are the editor


def test_valid_rows_are_saved_and_jp_follows_the_modules(world, login_actor, client, draft):
    login_actor("bkpsdm_admin")
    post = _current(client, draft)
    post.update(
        {
            "modul-0-learning_hours": "5",
            "modul-2-title": "Penanganan pengaduan",
            "modul-2-learning_hours": "3",
            "modul-2-description": "Studi kasus",
            "kompetensi-1-kompetensi": _code("S.01"),
            "kompetensi-1-target_level": "2",
        }
    )
    resp = client.post(_url(draft), post)
    assert resp.status_code == 302
    assert _snapshot(draft) == (
        ("Pelayanan Prima", 14),
        [("Etika pelayanan", 5), ("Standar pelayanan", 6), ("Penanganan pengaduan", 3)],
        [("M.05", 3), ("S.01", 2)],
    )
    assert ProgramModule.objects.get(title="Penanganan pengaduan").description == "Studi kasus"


@pytest.mark.parametrize(
    "change, row, message",
    [
        ({"modul-1-learning_hours": "0"}, ("modules", 1), "Modul ke-2: JP harus bilangan bulat positif."),
        ({"modul-1-learning_hours": "enam"}, ("modules", 1), "Modul ke-2: JP harus bilangan bulat positif."),
        ({"modul-3-learning_hours": "2"}, ("modules", 3), "Modul ke-4: Tulis judul modulnya."),
        ({"modul-2-title": "Tanpa JP"}, ("modules", 2), "Modul ke-3: Isi JP modul ini."),
        (
            {"kompetensi-1-kompetensi": "M.05", "kompetensi-1-target_level": "2"},
            ("competencies", 1),
            "Kompetensi ke-2: Pilih kompetensi yang ada di kamus.",
        ),
        ({"kompetensi-0-target_level": "7"}, ("competencies", 0), "Kompetensi ke-1: Level harus bilangan bulat 1–5."),
        ({"kompetensi-2-target_level": "4"}, ("competencies", 2), "Kompetensi ke-3: Pilih kompetensinya."),
    ],
)
def test_bad_row_is_422_with_the_message_on_that_row_and_nothing_saved(
    change, row, message, world, login_actor, client, draft
):
    login_actor("bkpsdm_admin")
    before = _snapshot(draft)
    post = _current(client, draft)
    post.update({"title": "Judul yang tidak boleh tersimpan", **change})
    resp = client.post(_url(draft), post)
    assert resp.status_code == 422
    assert message in resp.text
    name, index = row
    assert resp.context[name].forms[index].errors
    assert _snapshot(draft) == before


def test_the_same_competency_twice_is_refused_on_the_second_row(world, login_actor, client, draft):
    login_actor("bkpsdm_admin")
    before = _snapshot(draft)
    post = _current(client, draft)
    post.update({"kompetensi-1-kompetensi": _code("M.05"), "kompetensi-1-target_level": "4"})
    resp = client.post(_url(draft), post)
    assert resp.status_code == 422
    assert "Kompetensi ke-2: Kompetensi ini sudah ada di baris ke-1." in resp.text
    assert resp.context["competencies"].forms[1].errors and not resp.context["competencies"].forms[0].errors
    assert _snapshot(draft) == before


def test_ticking_delete_removes_the_rows(world, login_actor, client, draft):
    login_actor("bkpsdm_admin")
    post = _current(client, draft)
    post.update({"modul-0-DELETE": "on", "kompetensi-0-DELETE": "on"})
    resp = client.post(_url(draft), post)
    assert resp.status_code == 302
    assert _snapshot(draft) == (("Pelayanan Prima", 6), [("Standar pelayanan", 6)], [])


def test_tambah_baris_answers_more_empty_rows_and_saves_nothing(world, login_actor, client, draft):
    login_actor("bkpsdm_admin")
    before = _snapshot(draft)
    post = _current(client, draft)
    post.update({"title": "", "modul-2-title": "Belum ada JP", "tambah_baris": "kompetensi"})
    resp = client.post(_url(draft), post)
    assert resp.status_code == 200
    assert len(resp.context["competencies"].forms) == 7 and len(resp.context["modules"].forms) == 5
    assert "Belum ada JP" in resp.text and "Isi JP modul ini." not in resp.text
    assert _snapshot(draft) == before


def test_pasted_module_lines_are_added_after_the_rows(world, login_actor, client, draft):
    login_actor("bkpsdm_admin")
    post = _current(client, draft)
    post["modules_text"] = "Penanganan pengaduan | 2"
    assert client.post(_url(draft), post).status_code == 302
    assert _snapshot(draft)[1] == [("Etika pelayanan", 4), ("Standar pelayanan", 6), ("Penanganan pengaduan", 2)]


def test_new_programme_from_rows(world, login_actor, client):
    login_actor("bkpsdm_admin")
    post = page_post(client.get(reverse("catalog:program_create")), "form", "modules", "competencies")
    post.update(
        {
            "code": "ROW-1",
            "title": "Program dari baris",
            "form": "teknis",
            "modality": "tatap_muka",
            "visibility": "private",
            "modul-0-title": "Pengantar",
            "modul-0-learning_hours": "8",
            "kompetensi-0-kompetensi": _code("M.01"),
            "kompetensi-0-target_level": "2",
        }
    )
    resp = client.post(reverse("catalog:program_create"), post)
    assert resp.status_code == 302, (resp.context["form"].errors, post)
    program = Program.objects.get(code="ROW-1")
    assert _snapshot(program) == (("Program dari baris", 8), [("Pengantar", 8)], [("M.01", 2)])
