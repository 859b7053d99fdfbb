"""Organisation screens: role × view matrix, cross-instansi 404, query counts, 422 on bad input,
audited creates, and the superadmin's instansi switch."""

import re

import pytest
from django.urls import reverse

from apps.conftest import role_matrix
from apps.core.models import AuditEvent
from apps.core.tenancy import ACTING_SESSION_KEY
from apps.organizations.models import Instansi, Jabatan, UnitKerja
from apps.organizations.tests.factories import InstansiFactory, JabatanFactory, UnitKerjaFactory

ALL = ["owner", "supervisor", "bkpsdm_admin", "superadmin", "other_employee", "mentor", "other_instansi_admin"]
NON_ADMINS = {"owner": 403, "supervisor": 403, "other_employee": 403, "mentor": 403}


# The jabatan form's row editors (uraian tugas, fungsi) posted with no rows.
EMPTY_ROW_EDITORS = {f"{p}-{k}": "0" for p in ("tugas", "fungsi") for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


def _matrix(**statuses):
    return role_matrix(NON_ADMINS, **statuses)


def _switch(client, instansi):
    session = client.session
    session[ACTING_SESSION_KEY] = instansi.pk
    session.save()


# --- role × view matrix ---------------------------------------------------------------------------
# Lists: instansi B's admin gets a page, but never A's rows. Details/edits of A: B's admin gets 404.
# A superadmin who has not switched sees every instansi but must switch before writing (302).


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=200, superadmin=200, other_instansi_admin=200))
def test_unit_list_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:unit_list"))
    assert resp.status_code == status
    assert ("Dinas Kesehatan A" in resp.text) == (actor in {"bkpsdm_admin", "superadmin"})
    if actor == "other_instansi_admin":
        assert "Dinas Kesehatan B" in resp.text


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=200, superadmin=200, other_instansi_admin=404))
def test_unit_detail_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:unit_detail", args=[world.unit_a.pk]))
    assert resp.status_code == status
    assert ("Dinas Kesehatan A" in resp.text) == (status == 200)
    if status == 200:
        assert "Perawat Ahli Pertama" in resp.text  # jabatan of the unit are listed


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=200, superadmin=302, other_instansi_admin=200))
def test_unit_create_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:unit_create"))
    assert resp.status_code == status
    assert ("Tambah unit kerja" in resp.text) == (status == 200)
    if status == 200:
        # the parent choices are the actor's own instansi only
        assert ("Dinas Kesehatan A" in resp.text) == (actor == "bkpsdm_admin")


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=200, superadmin=302, other_instansi_admin=404))
def test_unit_edit_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:unit_edit", args=[world.unit_a.pk]))
    assert resp.status_code == status
    assert ("Dinas Kesehatan A" in resp.text) == (status == 200)


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=200, superadmin=200, other_instansi_admin=200))
def test_jabatan_list_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:jabatan_list"))
    assert resp.status_code == status
    assert ("Perawat Ahli Pertama" in resp.text) == (actor in {"bkpsdm_admin", "superadmin"})


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=200, superadmin=200, other_instansi_admin=404))
def test_jabatan_detail_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:jabatan_detail", args=[world.staff_jab.pk]))
    assert resp.status_code == status
    assert ("Perawat Ahli Pertama" in resp.text) == (status == 200)


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=200, superadmin=302, other_instansi_admin=200))
def test_jabatan_create_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:jabatan_create"))
    assert resp.status_code == status
    assert ("Tambah jabatan" in resp.text) == (status == 200)
    if status == 200:
        assert ("Dinas Kesehatan A" in resp.text) == (actor == "bkpsdm_admin")


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=200, superadmin=302, other_instansi_admin=404))
def test_jabatan_edit_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:jabatan_edit", args=[world.staff_jab.pk]))
    assert resp.status_code == status
    assert ("Perawat Ahli Pertama" in resp.text) == (status == 200)


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=403, superadmin=200, other_instansi_admin=403))
def test_instansi_list_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:instansi_list"))
    assert resp.status_code == status
    assert ("<code>kota-a</code>" in resp.text) == (status == 200)
    assert ("<code>kota-b</code>" in resp.text) == (status == 200)


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=403, superadmin=200, other_instansi_admin=403))
def test_instansi_create_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:instansi_create"))
    assert resp.status_code == status
    assert ("Tambah instansi" in resp.text) == (status == 200)


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=403, superadmin=200, other_instansi_admin=403))
def test_instansi_edit_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("organizations:instansi_edit", args=[world.a.pk]))
    assert resp.status_code == status
    assert ('value="kota-a"' in resp.text) == (status == 200)


@pytest.mark.parametrize("actor, status", _matrix(bkpsdm_admin=403, superadmin=302, other_instansi_admin=403))
def test_instansi_switch_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.post(reverse("organizations:instansi_switch"), {"instansi": world.b.pk})
    assert resp.status_code == status
    switched = AuditEvent.objects.filter(action="instansi.switch").exists()
    assert switched == (status == 302)
    assert (client.session.get(ACTING_SESSION_KEY) == world.b.pk) == (status == 302)


@pytest.mark.parametrize("actor", ALL)
def test_instansi_switch_refuses_get(actor, world, login_actor, client):
    login_actor(actor)
    assert client.get(reverse("organizations:instansi_switch"), {"instansi": world.b.pk}).status_code == 405
    assert not AuditEvent.objects.filter(action="instansi.switch").exists()


def test_anonymous_is_sent_to_login(world, client):
    resp = client.get(reverse("organizations:unit_list"))
    assert resp.status_code == 302
    assert resp.url.startswith(reverse("accounts:login"))


# --- cross-instansi: B's admin on every detail/edit URL of A --------------------------------------


def _unit_post(world, **overrides):
    data = {"code": "HACK", "name": "Diretas", "kind": "opd", "parent": "", "address": "", "region": ""}
    data.update(overrides)
    return data


def _jabatan_post(world, **overrides):
    data = {
        "code": "HACK",
        "name": "Diretas",
        "jenis": "pengawas",
        "jenjang": "",
        "unit_kerja": world.unit_b.pk,
        "job_class": "",
        "summary": "",
        "requirements": "",
        "pembina": "",
        "tasks_text": "",
        **EMPTY_ROW_EDITORS,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["unit_detail", "unit_edit"])
def test_other_instansi_admin_cannot_touch_a_unit(method, name, world, login_actor, client):
    login_actor("other_instansi_admin")
    before = UnitKerja.objects.filter(pk=world.unit_a.pk).values().get()
    url = reverse(f"organizations:{name}", args=[world.unit_a.pk])
    resp = getattr(client, method)(url, _unit_post(world) if method == "post" else None)
    assert resp.status_code == 404
    assert UnitKerja.objects.filter(pk=world.unit_a.pk).values().get() == before
    assert not UnitKerja.objects.filter(code="HACK").exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["jabatan_detail", "jabatan_edit"])
def test_other_instansi_admin_cannot_touch_a_jabatan(method, name, world, login_actor, client):
    login_actor("other_instansi_admin")
    before = Jabatan.objects.filter(pk=world.staff_jab.pk).values().get()
    url = reverse(f"organizations:{name}", args=[world.staff_jab.pk])
    resp = getattr(client, method)(url, _jabatan_post(world) if method == "post" else None)
    assert resp.status_code == 404
    assert Jabatan.objects.filter(pk=world.staff_jab.pk).values().get() == before
    assert not Jabatan.objects.filter(code="HACK").exists()


@pytest.mark.parametrize(
    "name, obj",
    [
        ("unit_detail", "unit_a"),
        ("unit_edit", "unit_a"),
        ("jabatan_detail", "staff_jab"),
        ("jabatan_edit", "staff_jab"),
    ],
)
def test_superadmin_switched_into_b_gets_404_on_a(name, obj, world, login_actor, client):
    login_actor("superadmin")
    _switch(client, world.b)
    assert client.get(reverse(f"organizations:{name}", args=[getattr(world, obj).pk])).status_code == 404


def test_admin_cannot_pick_a_parent_from_another_instansi(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("organizations:unit_create"), _unit_post(world, parent=world.unit_b.pk))
    assert resp.status_code == 422
    assert not UnitKerja.objects.filter(code="HACK").exists()


def test_admin_cannot_place_a_jabatan_in_another_instansi(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("organizations:jabatan_create"), _jabatan_post(world, unit_kerja=world.unit_b.pk))
    assert resp.status_code == 422
    assert not Jabatan.objects.filter(code="HACK").exists()


# --- lists: constant queries and 25 rows a page --------------------------------------------------
# Budgets are today's count plus 2: role providers of other apps (mentor, …) add a query each request.


@pytest.mark.parametrize("rows", [3, 30])
def test_unit_list_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    login_actor("bkpsdm_admin")
    for _i in range(rows):
        unit = UnitKerjaFactory(instansi=world.a, parent=world.unit_a, is_remote=True)
        JabatanFactory(unit_kerja=unit)
    with django_assert_max_num_queries(9):
        resp = client.get(reverse("organizations:unit_list"))
    assert resp.status_code == 200
    total = UnitKerja.objects.filter(instansi=world.a).count()
    assert resp.context["page_obj"].paginator.per_page == 25
    assert len(resp.context["page_obj"]) == min(total, 25)
    assert resp.context["page_obj"].paginator.count == total


@pytest.mark.parametrize("rows", [3, 30])
def test_jabatan_list_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    login_actor("bkpsdm_admin")
    for _i in range(rows):
        JabatanFactory(unit_kerja=UnitKerjaFactory(instansi=world.a, parent=world.unit_a))
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("organizations:jabatan_list"))
    assert resp.status_code == 200
    total = Jabatan.objects.filter(instansi=world.a).count()
    assert len(resp.context["page_obj"]) == min(total, 25)
    assert resp.context["page_obj"].paginator.count == total


@pytest.mark.parametrize("rows", [3, 30])
def test_instansi_list_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    login_actor("superadmin")
    InstansiFactory.create_batch(rows)
    with django_assert_max_num_queries(9):
        resp = client.get(reverse("organizations:instansi_list"))
    assert resp.status_code == 200
    assert len(resp.context["page_obj"]) == min(rows + 2, 25)


def test_unit_list_second_page(world, login_actor, client):
    login_actor("bkpsdm_admin")
    UnitKerjaFactory.create_batch(30, instansi=world.a)
    resp = client.get(reverse("organizations:unit_list"), {"page": 2})
    assert len(resp.context["page_obj"]) == 31 - 25


def test_unit_list_filters(world, login_actor, client):
    login_actor("bkpsdm_admin")
    UnitKerjaFactory(instansi=world.a, parent=world.unit_a, name="Puskesmas Abeli", kind="puskesmas")
    resp = client.get(reverse("organizations:unit_list"), {"q": "abeli"})
    assert [u.name for u in resp.context["page_obj"]] == ["Puskesmas Abeli"]


def test_jabatan_list_filters_by_unit_subtree(world, login_actor, client):
    login_actor("bkpsdm_admin")
    child = UnitKerjaFactory(instansi=world.a, parent=world.unit_a)
    JabatanFactory(unit_kerja=child, name="Pengadministrasi Umum")
    other_root = UnitKerjaFactory(instansi=world.a)
    JabatanFactory(unit_kerja=other_root, name="Jabatan Lain")
    resp = client.get(reverse("organizations:jabatan_list"), {"unit_kerja": world.unit_a.pk})
    names = {j.name for j in resp.context["page_obj"]}
    assert "Pengadministrasi Umum" in names
    assert "Jabatan Lain" not in names


def test_jabatan_list_unit_filter_is_empty_for_a_superadmin_not_switched(world, login_actor, client):
    login_actor("superadmin")
    resp = client.get(reverse("organizations:jabatan_list"))
    assert not resp.context["filter"].form.fields["unit_kerja"].queryset.exists()
    _switch(client, world.a)
    resp = client.get(reverse("organizations:jabatan_list"))
    assert world.unit_a in resp.context["filter"].form.fields["unit_kerja"].queryset
    assert world.unit_b not in resp.context["filter"].form.fields["unit_kerja"].queryset


def test_jabatan_list_unit_filter_offers_only_own_units(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("organizations:jabatan_list"), {"unit_kerja": world.unit_b.pk})
    assert "Dinas Kesehatan B" not in resp.text
    assert not resp.context["filter"].is_valid()


# --- create and edit ------------------------------------------------------------------------------


def test_unit_create_redirects_and_audits(world, login_actor, client):
    admin = login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("organizations:unit_create"),
        _unit_post(world, code="BID-P2P", name="Bidang P2P", kind="bidang", parent=world.unit_a.pk),
    )
    unit = UnitKerja.objects.get(instansi=world.a, code="BID-P2P")
    assert resp.status_code == 302
    assert resp.url == reverse("organizations:unit_detail", args=[unit.pk])
    assert (unit.path, unit.depth) == (f"{world.unit_a.path}{unit.pk}/", 1)
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk), actor=admin).exists()


def test_unit_edit_moves_the_subtree(world, login_actor, client):
    login_actor("bkpsdm_admin")
    other_root = UnitKerjaFactory(instansi=world.a, code="SETDA")
    child = UnitKerjaFactory(instansi=world.a, parent=world.unit_a, code="BID")
    grandchild = UnitKerjaFactory(instansi=world.a, parent=child, code="SEK")
    resp = client.post(
        reverse("organizations:unit_edit", args=[child.pk]),
        _unit_post(world, code="BID", name="Bidang", kind="bidang", parent=other_root.pk),
    )
    assert resp.status_code == 302
    grandchild.refresh_from_db()
    assert grandchild.path == f"/{other_root.pk}/{child.pk}/{grandchild.pk}/"
    assert grandchild.depth == 2


def test_unit_parent_cycle_answers_422(world, login_actor, client):
    login_actor("bkpsdm_admin")
    child = UnitKerjaFactory(instansi=world.a, parent=world.unit_a, code="BID")
    before = UnitKerja.objects.filter(pk=world.unit_a.pk).values().get()
    resp = client.post(
        reverse("organizations:unit_edit", args=[world.unit_a.pk]),
        _unit_post(world, code="DINKES", name="Dinas Kesehatan A", parent=child.pk),
    )
    assert resp.status_code == 422
    assert "Unit induk tidak boleh unit itu sendiri atau bawahannya." in resp.text
    assert UnitKerja.objects.filter(pk=world.unit_a.pk).values().get() == before


def test_unit_parent_choices_leave_out_own_subtree(world, login_actor, client):
    login_actor("bkpsdm_admin")
    child = UnitKerjaFactory(instansi=world.a, parent=world.unit_a, name="Bidang Anak")
    resp = client.get(reverse("organizations:unit_edit", args=[world.unit_a.pk]))
    options = [str(c[0]) for c in resp.context["form"].fields["parent"].widget.choices]
    assert str(child.pk) not in options
    assert str(world.unit_a.pk) not in options
    child_form = client.get(reverse("organizations:unit_edit", args=[child.pk]))
    assert re.search(rf'<option value="{world.unit_a.pk}" selected>\s*Dinas Kesehatan A', child_form.text)


def test_unit_duplicate_code_answers_422(world, login_actor, client):
    login_actor("bkpsdm_admin")
    before = UnitKerja.objects.count()
    resp = client.post(reverse("organizations:unit_create"), _unit_post(world, code="DINKES"))
    assert resp.status_code == 422
    assert "Kode unit kerja sudah dipakai di instansi ini." in resp.text
    assert UnitKerja.objects.count() == before


def test_unit_create_missing_name_answers_422_in_indonesian(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("organizations:unit_create"), _unit_post(world, name=""))
    assert resp.status_code == 422
    assert "Bidang ini tidak boleh kosong." in resp.text
    assert not UnitKerja.objects.filter(code="HACK").exists()


def test_jabatan_create_redirects_and_audits(world, login_actor, client):
    admin = login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("organizations:jabatan_create"),
        _jabatan_post(
            world,
            code="JF-PERAWAT-AM",
            name="Perawat Ahli Muda",
            jenis="fungsional_keahlian",
            jenjang="ahli_muda",
            unit_kerja=world.unit_a.pk,
            job_class="9",
            tasks_text="Melakukan pengkajian | Dokumen pengkajian\nMenyusun rencana asuhan",
        ),
    )
    jabatan = Jabatan.objects.get(instansi=world.a, code="JF-PERAWAT-AM")
    assert resp.status_code == 302
    assert resp.url == reverse("organizations:jabatan_detail", args=[jabatan.pk])
    assert list(jabatan.tasks.values_list("description", "output")) == [
        ("Melakukan pengkajian", "Dokumen pengkajian"),
        ("Menyusun rencana asuhan", ""),
    ]
    assert AuditEvent.objects.filter(action="jabatan.create", object_id=str(jabatan.pk), actor=admin).exists()
    detail = client.get(resp.url)
    assert "Dokumen pengkajian" in detail.text


def test_jabatan_edit_shows_and_replaces_tasks(world, login_actor, client):
    login_actor("bkpsdm_admin")
    world.staff_jab.tasks.create(instansi=world.a, order=1, description="Tugas lama", output="Hasil lama")
    form_page = client.get(reverse("organizations:jabatan_edit", args=[world.staff_jab.pk]))
    assert 'name="tugas-0-output"' in form_page.text and "Hasil lama" in form_page.text
    resp = client.post(
        reverse("organizations:jabatan_edit", args=[world.staff_jab.pk]),
        _jabatan_post(
            world,
            code="PERAWAT",
            name="Perawat Ahli Pertama",
            jenis="fungsional_keahlian",
            jenjang="ahli_pertama",
            unit_kerja=world.unit_a.pk,
            tasks_text="Tugas baru",
        ),
    )
    assert resp.status_code == 302
    assert list(world.staff_jab.tasks.values_list("description", flat=True)) == ["Tugas baru"]


def test_jabatan_tasks_are_one_per_line_and_may_contain_semicolons(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("organizations:jabatan_create"),
        _jabatan_post(
            world,
            code="KASI",
            unit_kerja=world.unit_a.pk,
            tasks_text="Menyusun laporan; mengirim ke atasan | Laporan; tanda terima\n\n  Mengarsipkan dokumen  \n",
            **{
                "fungsi-TOTAL_FORMS": "2",
                "fungsi-0-description": "Perumusan kebijakan teknis; pelaksanaan kebijakan",
                "fungsi-1-description": "Pembinaan",
            },
        ),
    )
    assert resp.status_code == 302
    jabatan = Jabatan.objects.get(code="KASI")
    assert list(jabatan.tasks.values_list("order", "description", "output")) == [
        (1, "Menyusun laporan; mengirim ke atasan", "Laporan; tanda terima"),
        (2, "Mengarsipkan dokumen", ""),
    ]
    assert list(jabatan.functions.values_list("description", flat=True)) == [
        "Perumusan kebijakan teknis; pelaksanaan kebijakan",
        "Pembinaan",
    ]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"tasks_text": "Tugas | " + "x" * 251}, "Baris 1: hasil kerja paling banyak 250 karakter."),
        ({"tasks_text": "Tugas\n| Laporan"}, "Baris 2: tulis uraian tugas sebelum tanda"),
        ({"jenis": "fungsional_keahlian", "jenjang": "mahir"}, "Pilih jenjang yang sesuai dengan jenis jabatan."),
        ({"jenis": "pengawas", "jenjang": "pratama"}, "Jenis jabatan ini tidak memiliki jenjang; kosongkan."),
        ({"job_class": "20"}, "Kelas jabatan harus 1–17."),
        ({"job_class": "0"}, "Kelas jabatan harus 1–17."),
        ({"code": "PERAWAT"}, "Kode jabatan sudah dipakai di instansi ini."),
        ({"name": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_jabatan_bad_input_answers_422(overrides, message, world, login_actor, client):
    login_actor("bkpsdm_admin")
    before = Jabatan.objects.count()
    data = _jabatan_post(world, code="BARU", name="Jabatan Baru", unit_kerja=world.unit_a.pk)
    data.update(overrides)
    resp = client.post(reverse("organizations:jabatan_create"), data)
    assert resp.status_code == 422
    assert message in resp.text
    assert Jabatan.objects.count() == before
    assert not AuditEvent.objects.filter(action="jabatan.create").exists()


def test_jabatan_bad_input_on_edit_leaves_row_unchanged(world, login_actor, client):
    login_actor("bkpsdm_admin")
    before = Jabatan.objects.filter(pk=world.staff_jab.pk).values().get()
    resp = client.post(
        reverse("organizations:jabatan_edit", args=[world.staff_jab.pk]),
        _jabatan_post(
            world, code="PERAWAT", name="Ganti", jenis="jpt", jenjang="ahli_muda", unit_kerja=world.unit_a.pk
        ),
    )
    assert resp.status_code == 422
    assert Jabatan.objects.filter(pk=world.staff_jab.pk).values().get() == before


def test_instansi_create_and_edit(world, login_actor, client):
    superadmin = login_actor("superadmin")
    data = {
        "code": "kab-konsel",
        "name": "Pemerintah Kabupaten Konawe Selatan",
        "kind": "kabupaten",
        "timezone": "Asia/Makassar",
        "province": "Sulawesi Tenggara",
        "address": "",
        "head_title": "",
        "is_active": "on",
    }
    resp = client.post(reverse("organizations:instansi_create"), data)
    assert resp.status_code == 302
    instansi = Instansi.objects.get(code="kab-konsel")
    assert AuditEvent.objects.filter(action="instansi.create", instansi_id=instansi.pk, actor=superadmin).exists()
    resp = client.post(reverse("organizations:instansi_create"), data)
    assert resp.status_code == 422
    assert Instansi.objects.filter(code="kab-konsel").count() == 1


# --- superadmin acting on behalf of an instansi ---------------------------------------------------


@pytest.mark.parametrize("name", ["organizations:unit_create", "organizations:jabatan_create"])
def test_superadmin_without_instansi_is_redirected_with_a_warning(name, world, login_actor, client):
    login_actor("superadmin")
    resp = client.get(reverse(name), follow=True)
    assert resp.redirect_chain[-1][0] == reverse("organizations:instansi_list")
    assert "Pilih instansi terlebih dahulu" in resp.text
    assert [m.level_tag for m in resp.context["messages"]] == ["warning"]


def test_superadmin_without_instansi_cannot_post_a_unit(world, login_actor, client):
    login_actor("superadmin")
    before = UnitKerja.objects.count()
    resp = client.post(reverse("organizations:unit_create"), _unit_post(world, code="BARU"))
    assert resp.status_code == 302
    assert resp.url == reverse("organizations:instansi_list")
    assert UnitKerja.objects.count() == before


def test_superadmin_switch_sets_acting_instansi_and_is_audited(world, login_actor, client):
    superadmin = login_actor("superadmin")
    resp = client.post(reverse("organizations:instansi_switch"), {"instansi": world.b.pk})
    assert resp.status_code == 302
    assert client.session[ACTING_SESSION_KEY] == world.b.pk
    event = AuditEvent.objects.get(action="instansi.switch", actor=superadmin)
    assert event.instansi_id == world.b.pk

    units = client.get(reverse("organizations:unit_list"))
    assert "Dinas Kesehatan B" in units.text
    assert "Dinas Kesehatan A" not in units.text
    form = client.get(reverse("organizations:unit_create"))
    assert form.status_code == 200

    resp = client.post(reverse("organizations:unit_create"), _unit_post(world, code="BARU", name="Unit Baru"))
    assert resp.status_code == 302
    assert UnitKerja.objects.get(code="BARU").instansi_id == world.b.pk

    client.post(reverse("organizations:instansi_switch"), {"instansi": ""})
    assert ACTING_SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="instansi.switch_off", actor=superadmin).exists()


def test_switch_to_unknown_instansi_is_refused(world, login_actor, client):
    login_actor("superadmin")
    resp = client.post(reverse("organizations:instansi_switch"), {"instansi": 999999}, follow=True)
    assert "Instansi tidak dikenal." in resp.text
    assert ACTING_SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(action="instansi.switch").exists()
