"""Pegawai screens: role × view matrix, cross-instansi 404, query counts, 422 on bad input, the NIP
kept out of URLs and masked for non-admins, and the personal-data access log."""

import re

import pytest
from django.urls import reverse

from apps.conftest import role_matrix as _matrix
from apps.core.models import AuditEvent, PersonalDataAccess
from apps.core.tenancy import ACTING_SESSION_KEY
from apps.employees.models import Pegawai
from apps.employees.nip import format_nip, mask_nip
from apps.employees.tests.factories import PegawaiFactory

OWNER_NAME = "Wa Ode Pemilik Data"
B_NAME = "La Ode Instansi Bee"
NEW_NIP = "199202292019032002"


@pytest.fixture(autouse=True)
def names(world):
    """Names that appear nowhere else on a page, so `in resp.text` is a real content check."""
    Pegawai.objects.filter(pk=world.owner_pegawai.pk).update(name=OWNER_NAME)
    Pegawai.objects.filter(pk=world.pegawai_b.pk).update(name=B_NAME)
    world.owner_pegawai.refresh_from_db()
    world.pegawai_b.refresh_from_db()


def _switch(client, instansi):
    session = client.session
    session[ACTING_SESSION_KEY] = instansi.pk
    session.save()


def _pegawai_post(world, **overrides):
    data = {
        "nip": NEW_NIP,
        "name": "Rina Lestari",
        "employment_type": "pns",
        "golongan": "III/b",
        "birth_date": "1992-02-29",
        "sex": "P",
        "unit_kerja": world.unit_a.pk,
        "jabatan": world.staff_jab.pk,
        "atasan": "",
        "work_location": "",
        "education": "S1 Keperawatan",
        "tmt": "",
        "email": "",
        "phone": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- role × view matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=403,
        supervisor=403,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=403,
        mentor=403,
        other_instansi_admin=200,
    ),
)
def test_list_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("employees:list"))
    assert resp.status_code == status
    assert (OWNER_NAME in resp.text) == (actor in {"bkpsdm_admin", "superadmin"})
    assert (B_NAME in resp.text) == (actor in {"superadmin", "other_instansi_admin"})


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=403,
        supervisor=403,
        bkpsdm_admin=200,
        superadmin=302,
        other_employee=403,
        mentor=403,
        other_instansi_admin=200,
    ),
)
def test_create_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("employees:create"))
    assert resp.status_code == status
    assert ("Tambah pegawai" in resp.text) == (status == 200)
    if status == 200:  # no pegawai dropdown at all: the atasan is typed as a NIP
        assert OWNER_NAME not in resp.text and B_NAME not in resp.text


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=302,
        supervisor=302,
        bkpsdm_admin=302,
        superadmin=404,
        other_employee=302,
        mentor=302,
        other_instansi_admin=302,
    ),
)
def test_me_matrix(actor, status, world, login_actor, client):
    user = login_actor(actor)
    resp = client.get(reverse("employees:me"))
    assert resp.status_code == status
    if status == 302:
        assert resp.url == reverse("employees:detail", args=[Pegawai.objects.get(user=user).pk])


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=403,
        supervisor=200,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=403,
        mentor=403,
        other_instansi_admin=200,
    ),
)
def test_team_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("employees:team"))
    assert resp.status_code == status
    assert (OWNER_NAME in resp.text) == (actor == "supervisor")
    if actor == "supervisor":
        names = [p.name for p in resp.context["page_obj"]]
        assert sorted(names) == sorted([OWNER_NAME, world.mate_pegawai.name])


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=200,
        supervisor=200,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=404,
        mentor=404,
        other_instansi_admin=404,
    ),
)
def test_detail_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("employees:detail", args=[world.owner_pegawai.pk]))
    assert resp.status_code == status
    assert (OWNER_NAME in resp.text) == (status == 200)


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=403,
        supervisor=403,
        bkpsdm_admin=200,
        superadmin=302,
        other_employee=403,
        mentor=403,
        other_instansi_admin=404,
    ),
)
def test_edit_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("employees:edit", args=[world.owner_pegawai.pk]))
    assert resp.status_code == status
    assert (OWNER_NAME in resp.text) == (status == 200)


def test_superadmin_switched_in_can_edit(world, login_actor, client):
    login_actor("superadmin")
    _switch(client, world.a)
    resp = client.get(reverse("employees:edit", args=[world.owner_pegawai.pk]))
    assert resp.status_code == 200
    assert OWNER_NAME in resp.text


# --- cross-instansi ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["employees:detail", "employees:edit"])
def test_other_instansi_admin_gets_404_and_row_unchanged(method, name, world, login_actor, client):
    login_actor("other_instansi_admin")
    before = Pegawai.objects.filter(pk=world.owner_pegawai.pk).values().get()
    url = reverse(name, args=[world.owner_pegawai.pk])
    data = _pegawai_post(world, nip=world.owner_pegawai.nip, name="Diretas", unit_kerja=world.unit_b.pk)
    resp = getattr(client, method)(url, data if method == "post" else None)
    assert resp.status_code == 404
    assert Pegawai.objects.filter(pk=world.owner_pegawai.pk).values().get() == before
    assert not Pegawai.objects.filter(name="Diretas").exists()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("name", ["employees:detail", "employees:edit"])
def test_superadmin_switched_into_b_gets_404_on_a(name, world, login_actor, client):
    login_actor("superadmin")
    _switch(client, world.b)
    assert client.get(reverse(name, args=[world.owner_pegawai.pk])).status_code == 404


def test_other_instansi_admin_cannot_pick_relations_from_a(world, login_actor, client):
    login_actor("other_instansi_admin")
    data = _pegawai_post(world, unit_kerja=world.unit_a.pk, jabatan="", atasan=world.supervisor_pegawai.nip)
    resp = client.post(reverse("employees:create"), data)
    assert resp.status_code == 422
    assert not Pegawai.objects.filter(nip=NEW_NIP).exists()


def test_an_employee_cannot_post_an_edit_of_their_own_record(world, login_actor, client):
    login_actor("owner")
    before = Pegawai.objects.filter(pk=world.owner_pegawai.pk).values().get()
    resp = client.post(reverse("employees:edit", args=[world.owner_pegawai.pk]), _pegawai_post(world, golongan="IV/e"))
    assert resp.status_code == 403
    assert Pegawai.objects.filter(pk=world.owner_pegawai.pk).values().get() == before


# --- lists: constant queries and 25 rows a page --------------------------------------------------
# Budgets are today's count plus 2: role providers of other apps (mentor, …) add a query each request.


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    login_actor("bkpsdm_admin")
    PegawaiFactory.create_batch(
        rows, instansi=world.a, unit_kerja=world.unit_a, jabatan=world.staff_jab, atasan=world.supervisor_pegawai
    )
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("employees:list"))
    assert resp.status_code == 200
    total = Pegawai.objects.filter(instansi=world.a).count()
    assert resp.context["page_obj"].paginator.per_page == 25
    assert resp.context["page_obj"].paginator.count == total
    assert len(resp.context["page_obj"]) == min(total, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_team_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    login_actor("supervisor")
    PegawaiFactory.create_batch(
        rows, instansi=world.a, unit_kerja=world.unit_a, jabatan=world.staff_jab, atasan=world.supervisor_pegawai
    )
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("employees:team"))
    assert resp.status_code == 200
    assert resp.context["page_obj"].paginator.count == rows + 2
    assert len(resp.context["page_obj"]) == min(rows + 2, 25)


def test_list_filters_by_unit_subtree_and_type(world, login_actor, client):
    from apps.organizations.tests.factories import UnitKerjaFactory

    login_actor("bkpsdm_admin")
    seksi = UnitKerjaFactory(instansi=world.a, parent=world.unit_a)
    elsewhere = UnitKerjaFactory(instansi=world.a)
    inside = PegawaiFactory(instansi=world.a, unit_kerja=seksi, employment_type="pppk", golongan="V", nip=NEW_NIP)
    PegawaiFactory(instansi=world.a, unit_kerja=elsewhere)
    resp = client.get(reverse("employees:list"), {"unit_kerja": world.unit_a.pk})
    assert inside in list(resp.context["page_obj"])
    assert (
        resp.context["page_obj"].paginator.count == Pegawai.objects.filter(unit_kerja__in=[world.unit_a, seksi]).count()
    )
    resp = client.get(reverse("employees:list"), {"employment_type": "pppk"})
    assert list(resp.context["page_obj"]) == [inside]


# --- NIP search: POSTed, never in a URL -----------------------------------------------------------


def _urls_in(resp):
    urls = re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', resp.text)
    if resp.has_header("Location"):
        urls.append(resp["Location"])
    return urls


@pytest.mark.parametrize("query", ["nip", "spaced", "prefix"])
def test_nip_search_is_posted_and_rendered_without_the_nip_in_a_url(query, world, login_actor, client):
    login_actor("bkpsdm_admin")
    nip = world.owner_pegawai.nip
    q = {"nip": nip, "spaced": format_nip(nip), "prefix": nip[:14]}[query]
    resp = client.post(reverse("employees:list"), {"q": q})
    assert resp.status_code == 200
    assert not resp.has_header("Location")
    assert [p.pk for p in resp.context["page_obj"]] == [world.owner_pegawai.pk]
    assert OWNER_NAME in resp.text
    digits = q.replace(" ", "")
    for url in _urls_in(resp):
        assert digits not in url.replace("+", "").replace("%20", "")
    assert digits[:8] not in resp.request["PATH_INFO"] + resp.request.get("QUERY_STRING", "")


def test_mixed_query_with_a_nip_is_not_redirected(world, login_actor, client):
    login_actor("bkpsdm_admin")
    nip = world.owner_pegawai.nip
    resp = client.post(reverse("employees:list"), {"q": f"Wa Ode {format_nip(nip)}"})
    assert resp.status_code == 200
    assert not resp.has_header("Location")
    for url in _urls_in(resp):
        assert nip[:8] not in url


def test_short_number_search_is_redirected(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("employees:list"), {"q": "Pegawai 12"})
    assert resp.status_code == 302


def test_list_filter_form_posts(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("employees:list"))
    assert re.search(r'<form method="post"[^>]*role="search"', resp.text)


def test_name_search_redirects_to_a_get_url(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("employees:list"), {"q": "Pemilik", "employment_type": "pns", "csrfmiddlewaretoken": "x"}
    )
    assert resp.status_code == 302
    assert resp.url.startswith(reverse("employees:list") + "?")
    assert "q=Pemilik" in resp.url
    assert "csrfmiddlewaretoken" not in resp.url
    page = client.get(resp.url)
    assert [p.pk for p in page.context["page_obj"]] == [world.owner_pegawai.pk]


def test_nip_search_respects_the_tenant(world, login_actor, client):
    login_actor("other_instansi_admin")
    resp = client.post(reverse("employees:list"), {"q": world.owner_pegawai.nip})
    assert resp.status_code == 200
    assert list(resp.context["page_obj"]) == []
    assert OWNER_NAME not in resp.text


# --- personal data: access log and masking -------------------------------------------------------


@pytest.mark.parametrize("actor", ["supervisor", "bkpsdm_admin", "superadmin"])
def test_viewing_another_persons_profile_is_logged(actor, world, login_actor, client):
    user = login_actor(actor)
    client.get(reverse("employees:detail", args=[world.owner_pegawai.pk]))
    access = PersonalDataAccess.objects.get()
    assert access.actor_id == user.pk
    assert (access.subject_type, access.subject_id) == ("employees.pegawai", str(world.owner_pegawai.pk))
    assert access.instansi_id == world.a.pk
    assert access.purpose


def test_viewing_ones_own_profile_is_not_logged(world, login_actor, client):
    login_actor("owner")
    resp = client.get(reverse("employees:detail", args=[world.owner_pegawai.pk]))
    assert resp.status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_refused_view_is_not_logged_as_a_read(world, login_actor, client):
    login_actor("other_employee")
    client.get(reverse("employees:detail", args=[world.owner_pegawai.pk]))
    assert not PersonalDataAccess.objects.exists()


def test_supervisor_sees_the_nip_masked_and_no_private_fields(world, login_actor, client):
    Pegawai.objects.filter(pk=world.owner_pegawai.pk).update(phone="081234567890")
    login_actor("supervisor")
    resp = client.get(reverse("employees:detail", args=[world.owner_pegawai.pk]))
    nip = world.owner_pegawai.nip
    assert mask_nip(nip) in resp.text
    assert format_nip(nip) not in resp.text
    assert nip not in resp.text
    assert "081234567890" not in resp.text


def test_team_page_masks_the_nip(world, login_actor, client):
    login_actor("supervisor")
    resp = client.get(reverse("employees:team"))
    nip = world.owner_pegawai.nip
    assert mask_nip(nip) in resp.text
    assert format_nip(nip) not in resp.text
    assert nip not in resp.text


@pytest.mark.parametrize("actor", ["owner", "bkpsdm_admin"])
def test_owner_and_admin_see_the_full_nip(actor, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("employees:detail", args=[world.owner_pegawai.pk]))
    assert format_nip(world.owner_pegawai.nip) in resp.text


def test_home_panel_of_the_supervisor_lists_the_team(world, login_actor, client):
    login_actor("supervisor")
    resp = client.get(reverse("core:home"))
    assert "Tim saya" in resp.text
    assert OWNER_NAME in resp.text
    assert world.owner_pegawai.nip not in resp.text


# --- create and edit ------------------------------------------------------------------------------


def test_create_redirects_and_audits(world, login_actor, client):
    admin = login_actor("bkpsdm_admin")
    resp = client.post(reverse("employees:create"), _pegawai_post(world))
    pegawai = Pegawai.objects.get(instansi=world.a, nip=NEW_NIP)
    assert resp.status_code == 302
    assert resp.url == reverse("employees:detail", args=[pegawai.pk])
    assert NEW_NIP not in resp.url
    assert (pegawai.rank_order, pegawai.golongan) == (10, "III/b")
    assert pegawai.atasan_id == world.supervisor_pegawai.pk  # default: holder of the manajerial jabatan
    assert AuditEvent.objects.filter(action="pegawai.create", object_id=str(pegawai.pk), actor=admin).exists()


def test_create_accepts_a_nip_typed_with_spaces(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("employees:create"), _pegawai_post(world, nip=format_nip(NEW_NIP)))
    assert resp.status_code == 302, resp.context["form"].errors if resp.context else resp
    assert Pegawai.objects.get(name="Rina Lestari").nip == NEW_NIP


def test_create_with_profile_mismatch_saves_and_warns(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("employees:create"), _pegawai_post(world, birth_date="1992-03-01"), follow=True)
    assert Pegawai.objects.filter(nip=NEW_NIP).exists()
    levels = [m.level_tag for m in resp.context["messages"]]
    assert "warning" in levels
    assert "Tanggal lahir atau jenis kelamin di profil berbeda dengan NIP." in resp.text


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"nip": "19920229201903200"}, "NIP harus 18 digit angka."),
        ({"nip": "1992O2292019032002"}, "NIP harus 18 digit angka."),
        ({"nip": "199202302019032002"}, "Delapan digit pertama NIP bukan tanggal lahir yang sah."),
        ({"nip": "199202292019132002"}, "Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12."),
        ({"nip": "199202292019032000"}, "Nomor urut pada NIP (digit 16–18) tidak boleh 000."),
        ({"nip": "199104222023211015"}, "Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12."),  # PPPK number, PNS
        ({"golongan": "VII"}, "Golongan tidak sesuai dengan jenis kepegawaian."),
        ({"employment_type": "pppk", "nip": "199104222023211015"}, "Golongan tidak sesuai dengan jenis kepegawaian."),
        ({"name": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_input_answers_422_with_the_indonesian_message(overrides, message, world, login_actor, client):
    login_actor("bkpsdm_admin")
    before = Pegawai.objects.count()
    resp = client.post(reverse("employees:create"), _pegawai_post(world, **overrides))
    assert resp.status_code == 422
    assert message in resp.text
    assert "Batasan" not in resp.text  # no raw constraint names
    assert Pegawai.objects.count() == before
    assert not AuditEvent.objects.filter(action="pegawai.create").exists()


def test_duplicate_nip_answers_422(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("employees:create"), _pegawai_post(world, nip=world.owner_pegawai.nip))
    assert resp.status_code == 422
    assert "NIP ini sudah terdaftar pada pegawai aktif di instansi ini." in resp.text
    assert Pegawai.objects.filter(nip=world.owner_pegawai.nip).count() == 1


def test_atasan_cycle_answers_422_and_row_unchanged(world, login_actor, client):
    login_actor("bkpsdm_admin")
    boss = world.supervisor_pegawai
    before = Pegawai.objects.filter(pk=boss.pk).values().get()
    data = _pegawai_post(
        world,
        nip=boss.nip,
        name=boss.name,
        golongan="IV/a",
        birth_date="",
        sex="",
        jabatan=world.head_jab.pk,
        atasan=world.owner_pegawai.nip,
    )
    resp = client.post(reverse("employees:edit", args=[boss.pk]), data)
    assert resp.status_code == 422
    assert "Atasan tidak boleh pegawai itu sendiri atau bawahannya." in resp.text
    assert Pegawai.objects.filter(pk=boss.pk).values().get() == before


def test_edit_saves_and_audits(world, login_actor, client):
    admin = login_actor("bkpsdm_admin")
    owner = world.owner_pegawai
    data = _pegawai_post(
        world,
        nip=owner.nip,
        name=OWNER_NAME,
        golongan="III/c",
        birth_date="",
        sex="",
        atasan=world.supervisor_pegawai.nip_display,
    )
    resp = client.post(reverse("employees:edit", args=[owner.pk]), data)
    assert resp.status_code == 302
    owner.refresh_from_db()
    assert (owner.golongan, owner.rank_order) == ("III/c", 11)
    assert AuditEvent.objects.filter(action="pegawai.update", object_id=str(owner.pk), actor=admin).exists()


def test_edit_form_shows_the_nip_but_never_in_a_url(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("employees:edit", args=[world.owner_pegawai.pk]))
    assert f'value="{world.owner_pegawai.nip}"' in resp.text
    for url in _urls_in(resp):
        assert world.owner_pegawai.nip not in url


# --- superadmin ------------------------------------------------------------------------------------


def test_superadmin_without_instansi_is_redirected_from_create_with_a_warning(world, login_actor, client):
    login_actor("superadmin")
    resp = client.get(reverse("employees:create"), follow=True)
    assert resp.redirect_chain[-1][0] == reverse("organizations:instansi_list")
    assert [m.level_tag for m in resp.context["messages"]] == ["warning"]
    assert "Pilih instansi terlebih dahulu" in resp.text


def test_filter_choices_stay_inside_one_instansi(world, login_actor, client):
    login_actor("superadmin")
    resp = client.get(reverse("employees:list"))
    form = resp.context["filter"].form
    assert not form.fields["unit_kerja"].queryset.exists()  # not every unit of every instansi
    assert not hasattr(form.fields["jabatan"], "queryset")  # jabatan is typed, never a list of all
    _switch(client, world.b)
    form = client.get(reverse("employees:list")).context["filter"].form
    assert list(form.fields["unit_kerja"].queryset) == [world.unit_b]


def test_superadmin_without_instansi_cannot_post_a_pegawai(world, login_actor, client):
    login_actor("superadmin")
    resp = client.post(reverse("employees:create"), _pegawai_post(world))
    assert resp.status_code == 302
    assert not Pegawai.objects.filter(nip=NEW_NIP).exists()


def test_superadmin_switch_limits_the_pegawai_list_to_that_instansi(world, login_actor, client):
    superadmin = login_actor("superadmin")
    everyone = client.get(reverse("employees:list"))
    assert OWNER_NAME in everyone.text
    assert B_NAME in everyone.text

    resp = client.post(reverse("organizations:instansi_switch"), {"instansi": world.b.pk})
    assert resp.status_code == 302
    assert AuditEvent.objects.filter(action="instansi.switch", actor=superadmin, instansi_id=world.b.pk).exists()

    scoped = client.get(reverse("employees:list"))
    assert B_NAME in scoped.text
    assert OWNER_NAME not in scoped.text
    assert {p.instansi_id for p in scoped.context["page_obj"]} == {world.b.pk}

    resp = client.post(
        reverse("employees:create"),
        _pegawai_post(world, unit_kerja=world.unit_b.pk, jabatan="", birth_date="", sex=""),
    )
    assert resp.status_code == 302
    assert Pegawai.objects.get(nip=NEW_NIP).instansi_id == world.b.pk


def test_atasan_nip_must_be_an_active_pegawai_of_the_same_instansi(world, login_actor, client):
    login_actor("bkpsdm_admin")
    for nip in (world.pegawai_b.nip, "199001012015011001"):
        resp = client.post(reverse("employees:create"), _pegawai_post(world, atasan=nip))
        assert resp.status_code == 422
        assert "Tidak ada pegawai aktif lain dengan NIP ini di instansi Anda." in resp.text
    assert not Pegawai.objects.filter(nip=NEW_NIP).exists()


def test_edit_form_shows_the_current_atasan(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("employees:edit", args=[world.owner_pegawai.pk]))
    assert world.supervisor_pegawai.nip_display in resp.text and world.supervisor_pegawai.name in resp.text


def test_pegawai_list_filters_by_typed_jabatan_name(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("employees:list"), {"jabatan": "kepala din"})
    names = {p.name for p in resp.context["page_obj"]}
    assert names == {world.supervisor_pegawai.name}
