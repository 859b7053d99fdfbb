"""Role × view matrix, cross-instansi 404 (row unchanged), constant query counts, bad input → 422."""

import datetime

import pytest
from django.urls import reverse

from apps.catalog.models import Angkatan, Program
from apps.catalog.tests.factories import (
    AngkatanFactory,
    NarasumberFactory,
    PenyelenggaraFactory,
    ProgramFactory,
    ProgramModuleFactory,
    SessionFactory,
    formset_rows,
    session_rows,
)
from apps.competencies.models import Kompetensi

PEGAWAI_ROLES = ["owner", "supervisor", "other_employee", "mentor"]


@pytest.fixture
def data(world):
    program = ProgramFactory(instansi=world.a, title="Pelayanan Prima Kota A")
    ProgramModuleFactory(program=program, title="Standar pelayanan")
    angkatan = AngkatanFactory(program=program, name="Angkatan Prima A")
    SessionFactory(angkatan=angkatan, topic="Pembukaan kelas")
    return {
        "program": program,
        "angkatan": angkatan,
        "penyelenggara": PenyelenggaraFactory(instansi=world.a, name="BKPSDM Kota A"),
        "narasumber": NarasumberFactory(instansi=world.a, name="Narasumber Kota A"),
    }


# --- pegawai pages: every role of A sees A's catalog; B's admin gets 404 on A's rows -----------

OPEN_PAGES = [("catalog:index", None), ("catalog:program_catalog", None), ("catalog:calendar", None)]


@pytest.mark.parametrize("url_name, _arg", OPEN_PAGES)
@pytest.mark.parametrize(
    "actor, sees",
    [(a, True) for a in ["owner", "supervisor", "bkpsdm_admin", "superadmin", "other_employee", "mentor"]]
    + [("other_instansi_admin", False)],
)
def test_catalog_lists_matrix(url_name, _arg, actor, sees, login_actor, client, data):
    login_actor(actor)
    # The calendar shows one year; in late December the batch (two weeks ahead) is in the next one.
    query = {"tahun": data["angkatan"].start_date.year} if url_name == "catalog:calendar" else {}
    resp = client.get(reverse(url_name), query)
    assert resp.status_code == 200
    assert ("Pelayanan Prima Kota A" in resp.text) == sees


DETAIL_ACTORS = [
    ("owner", 200),
    ("supervisor", 200),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 200),
    ("mentor", 200),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", DETAIL_ACTORS)
@pytest.mark.parametrize(
    "url_name, key",
    [
        ("catalog:program_detail", "program"),
        ("catalog:angkatan_detail", "angkatan"),
        ("catalog:angkatan_ics", "angkatan"),
    ],
)
def test_detail_matrix(actor, status, url_name, key, login_actor, client, data):
    login_actor(actor)
    resp = client.get(reverse(url_name, args=[data[key].pk]))
    assert resp.status_code == status
    if status == 200:
        assert "Pelayanan Prima Kota A" in resp.content.decode()


def test_pegawai_cannot_see_draft_or_planned(world, login_actor, client):
    draft = ProgramFactory(instansi=world.a, status="draft")
    planned = AngkatanFactory(program=ProgramFactory(instansi=world.a), status="planned")
    login_actor("owner")
    assert client.get(reverse("catalog:program_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("catalog:angkatan_detail", args=[planned.pk])).status_code == 404
    login_actor("bkpsdm_admin")
    assert client.get(reverse("catalog:program_detail", args=[draft.pk])).status_code == 200


def test_program_page_shows_modules_seats_and_no_fake_enrol_button(login_actor, client, data):
    login_actor("owner")
    resp = client.get(reverse("catalog:program_detail", args=[data["program"].pk]))
    text = resp.content.decode()
    assert "Standar pelayanan" in text and "24 JP" in text and "Sisa 30 kursi" in text
    assert "Daftar" not in text.split("</nav>", 1)[-1].split("Angkatan", 1)[0]


def test_ics_is_rfc5545(login_actor, client, data):
    login_actor("owner")
    resp = client.get(reverse("catalog:angkatan_ics", args=[data["angkatan"].pk]))
    body = resp.content.decode()
    assert resp["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.count("BEGIN:VEVENT") == 1 and "SUMMARY:Angkatan Prima A: Pembukaan kelas" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert body.endswith("END:VCALENDAR\r\n")


# --- management pages -------------------------------------------------------------------------

ADMIN_LISTS = [
    "catalog:penyelenggara_list",
    "catalog:narasumber_list",
    "catalog:program_admin_list",
    "catalog:angkatan_admin_list",
]
MARKERS = {
    "catalog:penyelenggara_list": "BKPSDM Kota A",
    "catalog:narasumber_list": "Narasumber Kota A",
    "catalog:program_admin_list": "Pelayanan Prima Kota A",
    "catalog:angkatan_admin_list": "Angkatan Prima A",
}


@pytest.mark.parametrize("url_name", ADMIN_LISTS)
@pytest.mark.parametrize(
    "actor, status, sees",
    [("bkpsdm_admin", 200, True), ("superadmin", 200, True), ("other_instansi_admin", 200, False)]
    + [(a, 403, False) for a in PEGAWAI_ROLES],
)
def test_admin_lists_matrix(url_name, actor, status, sees, login_actor, client, data):
    login_actor(actor)
    resp = client.get(reverse(url_name))
    assert resp.status_code == status
    assert (MARKERS[url_name] in resp.content.decode()) == sees


EDIT_PAGES = [
    ("catalog:penyelenggara_edit", "penyelenggara"),
    ("catalog:narasumber_edit", "narasumber"),
    ("catalog:angkatan_edit", "angkatan"),
]


@pytest.mark.parametrize("url_name, key", EDIT_PAGES + [("catalog:program_edit", "draft")])
@pytest.mark.parametrize(
    "actor, status",
    [("bkpsdm_admin", 200), ("superadmin", 200), ("other_instansi_admin", 404)] + [(a, 403) for a in PEGAWAI_ROLES],
)
def test_edit_pages_matrix(url_name, key, actor, status, login_actor, client, data, world):
    data["draft"] = ProgramFactory(instansi=world.a, status="draft")
    login_actor(actor)
    assert client.get(reverse(url_name, args=[data[key].pk])).status_code == status


@pytest.mark.parametrize("url_name", ["catalog:export_programs", "catalog:export_angkatan", "catalog:remote_report"])
@pytest.mark.parametrize(
    "actor, status", [("bkpsdm_admin", 200), ("other_instansi_admin", 200)] + [(a, 403) for a in PEGAWAI_ROLES]
)
def test_exports_and_report_matrix(url_name, actor, status, login_actor, client, data):
    login_actor(actor)
    resp = client.get(reverse(url_name))
    assert resp.status_code == status
    if status == 200 and url_name != "catalog:remote_report":
        assert resp.content.startswith(b"PK")


def test_exports_contain_only_own_rows(login_actor, client, data):
    from io import BytesIO

    from openpyxl import load_workbook

    login_actor("other_instansi_admin")
    sheet = load_workbook(BytesIO(client.get(reverse("catalog:export_angkatan")).content)).active
    assert sheet.max_row == 1
    login_actor("bkpsdm_admin")
    sheet = load_workbook(BytesIO(client.get(reverse("catalog:export_angkatan")).content)).active
    assert sheet.cell(2, 3).value == "Angkatan Prima A"


# --- cross-instansi writes: 404 and the row unchanged -----------------------------------------


@pytest.mark.parametrize(
    "url_name, key, post",
    [
        ("catalog:penyelenggara_edit", "penyelenggara", {"name": "Diubah", "kind": "swasta"}),
        ("catalog:narasumber_edit", "narasumber", {"name": "Diubah"}),
        ("catalog:angkatan_status", "angkatan", {"action": "cancel"}),
        ("catalog:program_status", "program", {"action": "archive"}),
        ("catalog:program_new_version", "program", {"change_note": "coba"}),
    ],
)
def test_cross_instansi_writes_are_404_and_change_nothing(url_name, key, post, login_actor, client, data):
    obj = data[key]
    before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    login_actor("other_instansi_admin")
    assert client.post(reverse(url_name, args=[obj.pk]), post).status_code == 404
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == before
    assert Program.objects.count() == 1


def test_cross_instansi_angkatan_edit_post_is_404(login_actor, client, data):
    angkatan = data["angkatan"]
    login_actor("other_instansi_admin")
    resp = client.post(reverse("catalog:angkatan_edit", args=[angkatan.pk]), {"name": "Diubah"})
    assert resp.status_code == 404
    angkatan.refresh_from_db()
    assert angkatan.name == "Angkatan Prima A"


# --- query counts: 3 rows vs 30 rows ----------------------------------------------------------


def _make_rows(world, n):
    for i in range(n):
        program = ProgramFactory(instansi=world.a, title=f"Program {i}")
        ProgramModuleFactory(program=program)
        AngkatanFactory(program=program)
        PenyelenggaraFactory(instansi=world.a)
        NarasumberFactory(instansi=world.a)


LISTS = [
    ("owner", "catalog:index", ""),
    ("owner", "catalog:index", "?q=program&seats_left=true&reachable=true&for_me=true&modality=tatap_muka"),
    ("owner", "catalog:program_catalog", "?for_me=true&path=klasikal"),
    ("owner", "catalog:calendar", ""),
    ("bkpsdm_admin", "catalog:program_admin_list", ""),
    ("bkpsdm_admin", "catalog:angkatan_admin_list", ""),
    ("bkpsdm_admin", "catalog:penyelenggara_list", ""),
    ("bkpsdm_admin", "catalog:narasumber_list", ""),
    ("bkpsdm_admin", "catalog:remote_report", ""),
]


@pytest.mark.parametrize("actor, url_name, query", LISTS)
def test_list_queries_constant(actor, url_name, query, world, login_actor, client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (3, 27):
        _make_rows(world, rows)
        login_actor(actor)
        cache.clear()  # both counts with cold cached figures (the filter dropdowns)
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get(reverse(url_name) + query)
        assert resp.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 16


# --- bad input: Indonesian message, 422, nothing saved -----------------------------------------


def _batch_post(program, **overrides):
    post = {
        "program": program.pk,
        "code": "B-NEW",
        "name": "Angkatan Baru",
        "start_date": "2027-03-10",
        "end_date": "2027-03-12",
        "registration_opens": "2027-02-01",
        "registration_closes": "2027-03-01",
        "modality": "tatap_muka",
        "venue": "Aula",
        "seats_total": "25",
        "waitlist_size": "0",
        "cost_idr": "0",
        "funding_source": "apbd",
        **session_rows({"date": "2027-03-10", "start_time": "08:00", "end_time": "12:00", "topic": "Pembukaan"}),
    }
    post.update(overrides)
    return post


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"end_date": "2027-03-09"}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"seats_total": "0"}, "Kuota peserta minimal 1 orang."),
        ({"registration_closes": "2027-03-11"}, "Pendaftaran harus ditutup paling lambat pada tanggal mulai angkatan."),
        ({"sesi-0-start_time": "12:00", "sesi-0-end_time": "08:00"}, "Sesi ke-1: Jam selesai harus setelah jam mulai."),
        ({"sesi-0-date": "2027-04-10"}, "Sesi ke-1 berada di luar tanggal angkatan."),
        ({"sesi-0-topic": ""}, "Sesi ke-1: "),
    ],
)
def test_bad_batch_input_is_422_and_nothing_saved(overrides, message, login_actor, client, data):
    login_actor("bkpsdm_admin")
    before = Angkatan.objects.count()
    resp = client.post(reverse("catalog:angkatan_create"), _batch_post(data["program"], **overrides))
    assert resp.status_code == 422
    assert message in resp.content.decode()
    assert Angkatan.objects.count() == before


def test_good_batch_is_saved_with_sessions(login_actor, client, data):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("catalog:angkatan_create"), _batch_post(data["program"]))
    assert resp.status_code == 302
    created = Angkatan.objects.get(code="B-NEW")
    assert created.sessions.count() == 1 and created.status == "planned"
    assert created.sessions.get().start_time == datetime.time(8)


def _program_post(**overrides):
    post = {
        "code": "NEW-1",
        "title": "Program Baru",
        "form": "teknis",
        "modality": "tatap_muka",
        "visibility": "private",
        **formset_rows(
            "modul",
            {"title": "Etika pelayanan", "learning_hours": 4},
            {"title": "Standar pelayanan", "learning_hours": 6},
        ),
        **formset_rows(
            "kompetensi", {"kompetensi": Kompetensi.objects.get(instansi=None, code="M.05").pk, "target_level": 3}
        ),
    }
    post.update(overrides)
    return post


NO_MODULES = {"modul-TOTAL_FORMS": "0"}


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"modul-0-learning_hours": "0"}, "Modul ke-1: JP harus bilangan bulat positif."),
        ({"modul-1-learning_hours": "empat"}, "Modul ke-2: JP harus bilangan bulat positif."),
        ({"modules_text": "Etika | empat"}, "Baris 1: JP harus bilangan bulat positif."),
        (NO_MODULES, "Total JP harus bilangan bulat positif"),
        ({**NO_MODULES, "learning_hours": "-3"}, "JP harus bilangan bulat positif"),
        ({**NO_MODULES, "form": "seminar"}, "untuk menghitung JP bentuk ini"),
        ({"kompetensi-0-kompetensi": "999999"}, "Kompetensi ke-1: Pilih kompetensi yang ada di kamus."),
        ({"form": "pka"}, "terakreditasi LAN"),
    ],
)
def test_bad_program_input_is_422_and_nothing_saved(overrides, message, login_actor, client, world):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("catalog:program_create"), _program_post(**overrides))
    assert resp.status_code == 422
    assert message in resp.content.decode()
    assert not Program.objects.exists()


def test_admin_creates_program_then_publishes_and_copies_a_version(login_actor, client, world):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("catalog:program_create"), _program_post())
    program = Program.objects.get(code="NEW-1")
    assert resp.status_code == 302 and program.learning_hours == 10 and program.competencies.count() == 1
    client.post(reverse("catalog:program_status", args=[program.pk]), {"action": "publish"})
    resp = client.post(reverse("catalog:program_new_version", args=[program.pk]), {"change_note": ""})
    assert resp.status_code == 422
    resp = client.post(reverse("catalog:program_new_version", args=[program.pk]), {"change_note": "Tambah sesi"})
    assert resp.status_code == 302
    assert Program.objects.filter(code="NEW-1", version=2, status="draft").exists()


def test_bad_provider_dates_are_422(login_actor, client, world):
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("catalog:penyelenggara_create"),
        {"name": "Univ", "kind": "universitas", "mou_start": "2026-05-01", "mou_end": "2026-01-01"},
    )
    assert resp.status_code == 422
    assert "Tanggal akhir MoU tidak boleh sebelum tanggal mulainya." in resp.content.decode()


def test_material_link_and_delete(login_actor, client, data):
    login_actor("bkpsdm_admin")
    program = data["program"]
    resp = client.post(reverse("catalog:material_add", args=[program.pk]), {"title": "Modul", "kind": "link"})
    assert resp.status_code == 422
    client.post(
        reverse("catalog:material_add", args=[program.pk]),
        {"title": "Bahan tayang", "kind": "link", "url": "https://contoh.go.id/bahan.pdf"},
    )
    material = program.materials.get()
    login_actor("other_instansi_admin")
    assert client.post(reverse("catalog:material_delete", args=[program.pk, material.pk])).status_code == 404
    assert program.materials.count() == 1


@pytest.mark.clock("2026-12-31T23:30:00+08:00")
def test_calendar_on_new_years_eve_shows_this_year_and_links_the_next(login_actor, client, world):
    import datetime

    ProgramFactory(instansi=world.a, title="Orientasi PPPK")
    AngkatanFactory(
        program=Program.objects.get(title="Orientasi PPPK"),
        name="Angkatan Januari",
        start_date=datetime.date(2027, 1, 4),
        end_date=datetime.date(2027, 1, 8),
        registration_closes=datetime.date(2027, 1, 2),
    )
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("catalog:calendar"))
    assert resp.context["year"] == 2026 and "Orientasi PPPK" not in resp.text
    assert "?tahun=2027" in resp.text
    resp = client.get(reverse("catalog:calendar"), {"tahun": 2027})
    assert resp.context["year"] == 2027 and "Orientasi PPPK" in resp.text


def test_program_form_saves_l3_after_months(login_actor, client, world):
    """The L3 follow-up delay (rule 25) is set on the programme form, kept on edit, and bounded to 1–12."""
    from apps.organizations.tests.rowposts import page_post

    login_actor("bkpsdm_admin")
    assert 'name="l3_after_months"' in client.get(reverse("catalog:program_create")).text
    resp = client.post(reverse("catalog:program_create"), _program_post(l3_after_months="6"))
    program = Program.objects.get(code="NEW-1")
    assert resp.status_code == 302 and program.l3_after_months == 6
    url = reverse("catalog:program_edit", args=[program.pk])
    page = client.get(url)
    assert 'name="l3_after_months" value="6"' in page.text
    post = page_post(page, "form", "modules", "competencies")
    resp = client.post(url, {**post, "l3_after_months": "13"})
    program.refresh_from_db()
    assert resp.status_code == 422 and "1–12 bulan setelah angkatan selesai" in resp.text
    assert program.l3_after_months == 6
    resp = client.post(url, {**post, "l3_after_months": "3"})
    program.refresh_from_db()
    assert resp.status_code == 302 and program.l3_after_months == 3
