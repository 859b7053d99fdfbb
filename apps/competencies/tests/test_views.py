import datetime

import pytest
from django.urls import reverse

from apps.competencies.models import MANDATORY_CODES, DefaultLevelRule, Kompetensi, SKJItem, TaskCompetency
from apps.competencies.tests.factories import KompetensiFactory, national
from apps.core.models import AuditEvent
from apps.organizations.models import JobTask
from apps.organizations.tests.factories import JabatanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teknis_a(world):
    return KompetensiFactory(instansi=world.a, code="T.KEMENKES.01", name="Asuhan Keperawatan")


@pytest.fixture
def skj_a(world, teknis_a):
    """Perawat ahli pertama: the nine mandatory rows at 1 plus one teknis at 2."""
    for code in MANDATORY_CODES:
        SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=national(code), required_level=1)
    SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=teknis_a, required_level=2)
    return world.staff_jab


LIST_ACTORS = [
    ("owner", 200),
    ("supervisor", 200),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 200),
    ("mentor", 200),
    ("other_instansi_admin", 200),
]


@pytest.mark.parametrize("actor, status", LIST_ACTORS)
def test_dictionary_list_matrix(actor, status, login_actor, client, teknis_a):
    login_actor(actor)
    resp = client.get(reverse("competencies:list"))
    assert resp.status_code == status
    assert "Integritas" in resp.text
    # an instansi's own teknis competency is not shown to another instansi
    assert ("Asuhan Keperawatan" in resp.text) == (actor != "other_instansi_admin")


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
def test_teknis_detail_matrix(actor, status, login_actor, client, teknis_a):
    login_actor(actor)
    resp = client.get(reverse("competencies:detail", args=[teknis_a.pk]))
    assert resp.status_code == status


def test_national_detail_shows_levels_and_indicators(login_actor, client):
    login_actor("owner")
    resp = client.get(reverse("competencies:detail", args=[national("M.03").pk]))
    assert resp.status_code == 200
    assert "Level 3" in resp.text and "3.1 " in resp.text


EDIT_ACTORS = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", EDIT_ACTORS)
def test_teknis_edit_matrix(actor, status, login_actor, client, teknis_a):
    login_actor(actor)
    resp = client.post(
        reverse("competencies:edit", args=[teknis_a.pk]),
        {"kind": "teknis", "code": "T.KEMENKES.01", "name": "Diubah", "is_active": "on"},
    )
    teknis_a.refresh_from_db()
    if status == 200:
        assert resp.status_code == 302
        assert teknis_a.name == "Diubah"
    else:
        assert resp.status_code == status
        assert teknis_a.name == "Asuhan Keperawatan"


def test_national_competency_editable_only_by_superadmin(login_actor, client):
    m01 = national("M.01")
    login_actor("bkpsdm_admin")
    assert client.get(reverse("competencies:edit", args=[m01.pk])).status_code == 404
    client.logout()
    login_actor("superadmin")
    data = {"kind": "manajerial", "code": "M.01", "name": "Integritas", "is_active": "on", "level_1": "Baru"}
    resp = client.post(reverse("competencies:edit", args=[m01.pk]), data)
    assert resp.status_code == 302
    assert m01.levels.get(level=1).description == "Baru"


def test_admin_creates_teknis_for_own_instansi_only(login_actor, client, world):
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("competencies:create"),
        {"kind": "teknis", "code": "t.dinkes.09", "name": "Gizi Masyarakat", "is_active": "on", "level_1": "Dasar"},
    )
    assert resp.status_code == 302
    created = Kompetensi.objects.get(code="T.DINKES.09")
    assert created.instansi_id == world.a.pk
    assert created.levels.count() == 1
    assert AuditEvent.objects.filter(action="kompetensi.create").exists()


def test_admin_cannot_create_manajerial(login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("competencies:create"), {"kind": "manajerial", "code": "M.77", "name": "X"})
    assert resp.status_code == 422
    assert not Kompetensi.objects.filter(code="M.77").exists()


def test_duplicate_code_is_422(login_actor, client, teknis_a):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("competencies:create"), {"kind": "teknis", "code": "T.KEMENKES.01", "name": "X"})
    assert resp.status_code == 422
    assert "sudah dipakai" in resp.text


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_constant(rows, login_actor, client, world, django_assert_max_num_queries):
    login_actor("bkpsdm_admin")
    KompetensiFactory.create_batch(rows, instansi=world.a)
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("competencies:list"), {"kind": "teknis"})
    assert len(resp.context["page_obj"]) == min(rows, 25)


SKJ_ACTORS = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", SKJ_ACTORS)
def test_skj_page_matrix(actor, status, login_actor, client, skj_a):
    login_actor(actor)
    resp = client.get(reverse("competencies:skj", args=[skj_a.pk]))
    assert resp.status_code == status
    assert ("T.KEMENKES.01" in resp.text) == (status == 200)


def test_skj_page_queries_do_not_grow_with_rows(login_actor, client, skj_a, world, django_assert_max_num_queries):
    login_actor("bkpsdm_admin")
    for _i in range(10):
        SKJItem.objects.create(
            instansi=world.a, jabatan=skj_a, kompetensi=KompetensiFactory(instansi=world.a), required_level=2
        )
    with django_assert_max_num_queries(20):
        resp = client.get(reverse("competencies:skj", args=[skj_a.pk]))
    assert resp.status_code == 200


def test_first_row_fills_mandatory_with_default_level(login_actor, client, world, teknis_a):
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("competencies:skj_add", args=[world.head_jab.pk]), {"kompetensi": teknis_a.pk, "level": "3"}
    )
    assert resp.status_code == 302
    rows = dict(SKJItem.objects.filter(jabatan=world.head_jab).values_list("kompetensi__code", "required_level"))
    assert rows["T.KEMENKES.01"] == 3
    # JPT pratama → level 4 from the national rule (domain.md §4)
    assert all(rows[c] == 4 for c in MANDATORY_CODES)


@pytest.mark.parametrize("bad", ["0", "6", "2.5", "abc", ""])
def test_level_outside_1_5_is_refused(bad, login_actor, client, skj_a, teknis_a):
    login_actor("bkpsdm_admin")
    item = SKJItem.objects.get(jabatan=skj_a, kompetensi=teknis_a)
    resp = client.post(reverse("competencies:skj_levels", args=[skj_a.pk]), {f"level_{item.pk}": bad})
    assert resp.status_code == 422
    assert "Level harus bilangan bulat 1–5." in resp.text or "Pilih level 1–5." in resp.text
    item.refresh_from_db()
    assert item.required_level == 2


def test_levels_update(login_actor, client, skj_a, teknis_a):
    login_actor("bkpsdm_admin")
    item = SKJItem.objects.get(jabatan=skj_a, kompetensi=teknis_a)
    others = {f"level_{i.pk}": str(i.required_level) for i in SKJItem.objects.filter(jabatan=skj_a)}
    others[f"level_{item.pk}"] = "4"
    resp = client.post(reverse("competencies:skj_levels", args=[skj_a.pk]), others)
    assert resp.status_code == 302
    item.refresh_from_db()
    assert item.required_level == 4


def test_mandatory_row_cannot_be_removed(login_actor, client, skj_a):
    login_actor("bkpsdm_admin")
    item = SKJItem.objects.get(jabatan=skj_a, kompetensi__code="M.03")
    resp = client.post(reverse("competencies:skj_remove", args=[skj_a.pk, item.pk]))
    assert resp.status_code == 422
    assert "wajib ada" in resp.text
    assert SKJItem.objects.filter(pk=item.pk).exists()


def test_mandatory_rows_offer_no_remove_button(login_actor, client, skj_a, teknis_a):
    """Issue 23: "Hapus" on M.01–S.01 only ever answered that they cannot be removed."""
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("competencies:skj", args=[skj_a.pk]))
    removable = {i.pk for i in SKJItem.objects.filter(jabatan=skj_a, kompetensi=teknis_a)}
    for item in SKJItem.objects.filter(jabatan=skj_a):
        url = reverse("competencies:skj_remove", args=[skj_a.pk, item.pk])
        assert (url in resp.text) == (item.pk in removable)
        assert (f'form="remove-{item.pk}"' in resp.text) == (item.pk in removable)
    assert resp.text.count(">Hapus</button>") == 1
    assert resp.text.count(">wajib</span>") == len(MANDATORY_CODES)


def test_teknis_row_removed_with_its_task_links(login_actor, client, skj_a, teknis_a, world):
    task = JobTask.objects.create(instansi=world.a, jabatan=skj_a, description="Pengkajian")
    TaskCompetency.objects.create(instansi=world.a, task=task, kompetensi=teknis_a)
    item = SKJItem.objects.get(jabatan=skj_a, kompetensi=teknis_a)
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("competencies:skj_remove", args=[skj_a.pk, item.pk]))
    assert resp.status_code == 302
    assert not SKJItem.objects.filter(pk=item.pk).exists()
    assert not TaskCompetency.objects.filter(task=task).exists()


def test_cross_instansi_post_is_404_and_row_unchanged(login_actor, client, skj_a, teknis_a):
    item = SKJItem.objects.get(jabatan=skj_a, kompetensi=teknis_a)
    login_actor("other_instansi_admin")
    assert (
        client.post(reverse("competencies:skj_levels", args=[skj_a.pk]), {f"level_{item.pk}": "5"}).status_code == 404
    )
    assert client.post(reverse("competencies:skj_remove", args=[skj_a.pk, item.pk])).status_code == 404
    assert client.post(reverse("competencies:skj_defaults", args=[skj_a.pk])).status_code == 404
    item.refresh_from_db()
    assert item.required_level == 2


def test_other_instansi_cannot_add_foreign_teknis(login_actor, client, world, teknis_a):
    jab_b = JabatanFactory(instansi=world.b, unit_kerja=world.unit_b, code="X", jenis="pelaksana", jenjang="klerek")
    login_actor("other_instansi_admin")
    resp = client.post(reverse("competencies:skj_add", args=[jab_b.pk]), {"kompetensi": teknis_a.pk, "level": "2"})
    assert resp.status_code == 422
    assert not SKJItem.objects.filter(jabatan=jab_b).exists()


def test_copy_from_similar_jabatan(login_actor, client, skj_a, world):
    target = JabatanFactory(
        instansi=world.a, unit_kerja=world.unit_a, code="PERAWAT2", jenis="fungsional_keahlian", jenjang="ahli_pertama"
    )
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("competencies:skj_copy", args=[target.pk]), {"source": skj_a.pk})
    assert resp.status_code == 302
    assert SKJItem.objects.filter(jabatan=target).count() == 10


def test_copy_from_other_instansi_is_refused(login_actor, client, skj_a, world):
    jab_b = JabatanFactory(instansi=world.b, unit_kerja=world.unit_b, code="X", jenis="pelaksana", jenjang="klerek")
    login_actor("other_instansi_admin")
    resp = client.post(reverse("competencies:skj_copy", args=[jab_b.pk]), {"source": skj_a.pk})
    assert resp.status_code == 422
    assert not SKJItem.objects.filter(jabatan=jab_b).exists()


def test_task_links(login_actor, client, skj_a, teknis_a, world):
    task = JobTask.objects.create(instansi=world.a, jabatan=skj_a, description="Melakukan pengkajian keperawatan")
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("competencies:skj_task_links", args=[skj_a.pk, task.pk]), {"kompetensi": [teknis_a.pk]})
    assert resp.status_code == 302
    page = client.get(reverse("competencies:skj", args=[skj_a.pk]))
    assert "Tugas ini membutuhkan" in page.text
    assert TaskCompetency.objects.filter(task=task, kompetensi=teknis_a).exists()
    # a manajerial competency cannot be linked to a task
    resp = client.post(
        reverse("competencies:skj_task_links", args=[skj_a.pk, task.pk]), {"kompetensi": [national("M.01").pk]}
    )
    assert resp.status_code == 422
    assert TaskCompetency.objects.filter(task=task).count() == 1


def test_instansi_rule_overrides_national_by_date(login_actor, client, world):
    DefaultLevelRule.objects.create(
        instansi=world.a,
        jenis="jpt",
        jenjang="pratama",
        level=5,
        effective_from=datetime.date(2020, 1, 1),
        source="Perwali uji",
    )
    DefaultLevelRule.objects.create(
        instansi=world.a,
        jenis="jpt",
        jenjang="pratama",
        level=3,
        effective_from=datetime.date(2099, 1, 1),
        source="belum berlaku",
    )
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("competencies:skj_defaults", args=[world.head_jab.pk]))
    assert resp.status_code == 302
    levels = set(SKJItem.objects.filter(jabatan=world.head_jab).values_list("required_level", flat=True))
    assert levels == {5}


RULE_ACTORS = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 200),
]


@pytest.mark.parametrize("actor, status", RULE_ACTORS)
def test_rule_list_matrix(actor, status, login_actor, client):
    login_actor(actor)
    assert client.get(reverse("competencies:rule_list")).status_code == status


def test_admin_adds_instansi_rule_but_cannot_edit_national(login_actor, client, world):
    national_rule = DefaultLevelRule.objects.filter(instansi=None).first()
    login_actor("bkpsdm_admin")
    assert client.get(reverse("competencies:rule_edit", args=[national_rule.pk])).status_code == 404
    data = {"jenis": "pelaksana", "jenjang": "", "level": "2", "effective_from": "2025-01-01", "source": "Perwali"}
    assert client.post(reverse("competencies:rule_create"), data).status_code == 302
    assert DefaultLevelRule.objects.filter(instansi=world.a, jenis="pelaksana", level=2).exists()
    bad = dict(data, level="9")
    resp = client.post(reverse("competencies:rule_create"), bad)
    assert resp.status_code == 422
    assert DefaultLevelRule.objects.filter(instansi=world.a).count() == 1
