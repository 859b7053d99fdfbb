import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.competencies.models import Kompetensi
from apps.needs import services
from apps.needs.models import FgdSession, NeedsItem, NeedsSurvey, PerformanceRecord, SurveyResponse

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year + 1


def m(code):
    return Kompetensi.objects.get(instansi=None, code=code)


@pytest.fixture
def gaps(world, worked_levels):
    """The owner has the worked-example profile (gaps on M.03, M.06, M.07); the mate a poor SKP pointing at M.05."""
    services.assessment_record(
        actor=world.users["bkpsdm_admin"], pegawai=world.owner_pegawai, method="assessment_center", levels=worked_levels
    )
    record = PerformanceRecord.objects.create(
        instansi=world.a, pegawai=world.mate_pegawai, year=YEAR - 1, predikat="butuh_perbaikan"
    )
    record.kompetensi.add(m("M.05"))
    return world


def _item(world, **kw):
    data = {"instansi": world.a, "year": YEAR, "source": "org_change", "kompetensi": m("M.04"), "evidence": "SPBE baru"}
    data.update(kw)
    return NeedsItem.objects.create(**data)


def test_generate_twice_is_idempotent(gaps):
    admin = gaps.users["bkpsdm_admin"]
    first = services.needs_generate(actor=admin, instansi_id=gaps.a.pk, year=YEAR)
    assert first["created"] == 4
    rows = {(n.pegawai_id, n.kompetensi.code, n.source, n.gap_size, n.priority) for n in NeedsItem.objects.all()}
    assert (gaps.owner_pegawai.pk, "M.03", "assessment_gap", 1, 1) in rows
    assert (gaps.mate_pegawai.pk, "M.05", "performance_gap", 1, 1) in rows
    second = services.needs_generate(actor=admin, instansi_id=gaps.a.pk, year=YEAR)
    assert second["created"] == 0 and NeedsItem.objects.count() == 4


def test_generate_updates_gap_and_keeps_closed_closed(gaps, skj):
    admin = gaps.users["bkpsdm_admin"]
    services.needs_generate(actor=admin, instansi_id=gaps.a.pk, year=YEAR)
    worse = {k.pk: 3 for k in skj.values()} | {skj["M.03"].pk: 1}
    services.assessment_record(actor=admin, pegawai=gaps.owner_pegawai, method="assessment_center", levels=worse)
    m03 = NeedsItem.objects.get(kompetensi__code="M.03")
    NeedsItem.objects.filter(kompetensi__code="M.06").update(status="closed")
    result = services.needs_generate(actor=admin, instansi_id=gaps.a.pk, year=YEAR)
    assert result["updated"] == 1
    m03.refresh_from_db()
    assert m03.gap_size == 2 and m03.priority == 2
    assert not NeedsItem.objects.filter(kompetensi__code="M.06", status="open").exists()


def test_db_constraint_one_open_item_per_pegawai_kompetensi_year(world):
    _item(world, pegawai=world.owner_pegawai, source="assessment_gap")
    with pytest.raises(IntegrityError), transaction.atomic():
        _item(world, pegawai=world.owner_pegawai, source="survey")
    NeedsItem.objects.update(status="closed")
    _item(world, pegawai=world.owner_pegawai)  # a closed one does not block a new open one


ACTORS_LIST = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 200),
]


@pytest.mark.parametrize("actor, status", ACTORS_LIST)
def test_list_matrix(actor, status, login_actor, client, world):
    _item(world, evidence="Aplikasi SRIKANDI")
    login_actor(actor)
    resp = client.get(reverse("needs:needs_list"))
    assert resp.status_code == status
    shown = status == 200 and len(resp.context["page_obj"]) == 1
    assert shown == (actor in ("bkpsdm_admin", "superadmin"))


GENERATE = [
    ("owner", 403, 0),
    ("supervisor", 403, 0),
    ("bkpsdm_admin", 302, 4),
    ("superadmin", 302, 0),  # no instansi chosen: sent to pick one, nothing generated
    ("other_employee", 403, 0),
    ("mentor", 403, 0),
    ("other_instansi_admin", 302, 0),  # generates only for instansi B
]


@pytest.mark.parametrize("actor, status, created", GENERATE)
def test_generate_matrix(actor, status, created, login_actor, client, gaps):
    login_actor(actor)
    resp = client.post(reverse("needs:needs_generate"), {"year": YEAR})
    assert resp.status_code == status
    assert NeedsItem.objects.filter(instansi=gaps.a).count() == created


def test_generate_bad_year_422(login_actor, client, gaps):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("needs:needs_generate"), {"year": "abc"})
    assert resp.status_code == 422
    assert not NeedsItem.objects.exists()


def test_manual_item_priority_and_missing_kompetensi(login_actor, client, world):
    login_actor("bkpsdm_admin")
    data = {
        "year": YEAR,
        "source": "org_change",
        "unit_kerja": world.unit_a.pk,
        "gap_size": 2,
        "affected": 5,
        "weight": 3,
        "evidence": "Aplikasi e-government baru",
    }
    resp = client.post(reverse("needs:needs_create"), data)
    assert resp.status_code == 422 and "Pilih kompetensi yang dibutuhkan" in resp.text
    assert not NeedsItem.objects.exists()
    resp = client.post(reverse("needs:needs_create"), dict(data, kompetensi=m("M.04").pk))
    assert resp.status_code == 302
    assert NeedsItem.objects.get().priority == 30
    bad = dict(data, kompetensi=m("M.04").pk, weight=7)
    assert client.post(reverse("needs:needs_create"), bad).status_code == 422
    assert NeedsItem.objects.count() == 1


def test_manual_duplicate_for_pegawai_refused(login_actor, client, world):
    _item(world, pegawai=world.owner_pegawai)
    login_actor("bkpsdm_admin")
    data = {
        "year": YEAR,
        "source": "survey",
        "kompetensi": m("M.04").pk,
        "pegawai": world.owner_pegawai.nip,
        "gap_size": 1,
        "affected": 1,
        "weight": 1,
    }
    resp = client.post(reverse("needs:needs_create"), data)
    assert resp.status_code == 422 and "Sudah ada kebutuhan terbuka" in resp.text
    assert NeedsItem.objects.count() == 1


def test_manual_pegawai_nip_of_other_instansi_is_422(login_actor, client, world):
    login_actor("bkpsdm_admin")
    data = {"year": YEAR, "source": "survey", "kompetensi": m("M.04").pk, "gap_size": 1, "affected": 1, "weight": 1}
    resp = client.post(reverse("needs:needs_create"), {**data, "pegawai": world.pegawai_b.nip})
    assert resp.status_code == 422
    assert "Tidak ada pegawai aktif dengan NIP ini yang dapat Anda pilih." in resp.text
    assert not NeedsItem.objects.exists()
    resp = client.post(reverse("needs:needs_create"), {**data, "pegawai": world.owner_pegawai.nip_display})
    assert resp.status_code == 302 and NeedsItem.objects.get().pegawai == world.owner_pegawai
    edit = client.get(reverse("needs:needs_edit", args=[NeedsItem.objects.get().pk]))
    assert world.owner_pegawai.nip_display in edit.text


@pytest.mark.parametrize("actor", ["other_instansi_admin", "owner", "supervisor"])
def test_edit_and_close_other_instansi_or_role(actor, login_actor, client, world):
    item = _item(world)
    login_actor(actor)
    expected = 404 if actor == "other_instansi_admin" else 403
    data = {"year": YEAR, "source": "fgd", "kompetensi": m("M.01").pk, "gap_size": 1, "affected": 1, "weight": 1}
    assert client.post(reverse("needs:needs_edit", args=[item.pk]), data).status_code == expected
    assert client.post(reverse("needs:needs_close", args=[item.pk])).status_code == expected
    item.refresh_from_db()
    assert item.status == "open" and item.source == "org_change" and item.kompetensi.code == "M.04"


def test_admin_edits_and_closes(login_actor, client, world):
    item = _item(world)
    login_actor("bkpsdm_admin")
    assert client.get(reverse("needs:needs_edit", args=[item.pk])).status_code == 200
    data = {"year": YEAR, "source": "org_change", "kompetensi": m("M.04").pk, "gap_size": 2, "affected": 4, "weight": 2}
    assert client.post(reverse("needs:needs_edit", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.priority == 16
    assert client.post(reverse("needs:needs_close", args=[item.pk]), {"note": "sudah dilatih"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "closed" and "sudah dilatih" in item.evidence


def test_survey_answers_become_a_needs_item_once(login_actor, client, world):
    survey = NeedsSurvey.objects.create(
        instansi=world.a, title="AKPK", year=YEAR, opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=3)
    )
    for p in (world.owner_pegawai, world.mate_pegawai):
        r = SurveyResponse.objects.create(instansi=world.a, survey=survey, respondent=p, modality="daring")
        r.kompetensi.add(m("M.07"))
    login_actor("bkpsdm_admin")
    url = reverse("needs:survey_to_needs", args=[survey.pk])
    assert client.post(url, {"kompetensi": m("M.07").pk}).status_code == 302
    item = NeedsItem.objects.get()
    assert item.source == "survey" and item.affected == 2 and item.target_pegawai.count() == 2
    resp = client.post(url, {"kompetensi": m("M.07").pk}, follow=True)
    assert "sudah dibuat" in resp.text and NeedsItem.objects.count() == 1
    client.post(url, {"kompetensi": m("M.01").pk})
    assert NeedsItem.objects.count() == 1
    client.logout()
    login_actor("other_instansi_admin")
    assert client.post(url, {"kompetensi": m("M.07").pk}).status_code == 404


def test_fgd_becomes_needs_items_once(login_actor, client, world):
    fgd = FgdSession.objects.create(
        instansi=world.a, title="FGD Dinkes", held_on=TODAY, unit_kerja=world.unit_a, notes="n"
    )
    fgd.kompetensi.add(m("M.02"), m("M.05"))
    login_actor("bkpsdm_admin")
    url = reverse("needs:fgd_to_needs", args=[fgd.pk])
    assert client.post(url, {"year": YEAR}).status_code == 302
    assert client.post(url, {"year": YEAR}).status_code == 302
    items = NeedsItem.objects.filter(source="fgd")
    assert items.count() == 2
    assert items.first().affected == 6  # every active pegawai of the unit
    client.logout()
    login_actor("other_instansi_admin")
    assert client.post(url, {"year": YEAR}).status_code == 404
    assert NeedsItem.objects.count() == 2


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_constant(rows, login_actor, client, world, django_assert_max_num_queries):
    pegawai = [world.owner_pegawai, world.mate_pegawai, world.other_pegawai]
    codes = ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "S.01", "M.01"]
    for i in range(rows):
        _item(world, pegawai=pegawai[i % 3], kompetensi=m(codes[i // 3]), year=YEAR + (1 if i >= 27 else 0))
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(14):
        resp = client.get(reverse("needs:needs_list") + "?source=org_change")
    assert len(resp.context["page_obj"]) == min(rows, 25)
