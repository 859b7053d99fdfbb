import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalog.tests.factories import ProgramFactory
from apps.competencies.models import Kompetensi
from apps.needs import services
from apps.needs.models import IdpActivity, IdpEvent, IdpGoal, IndividualDevelopmentPlan

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


def m(code):
    return Kompetensi.objects.get(instansi=None, code=code)


@pytest.fixture
def idp(world, skj):
    return IndividualDevelopmentPlan.objects.create(instansi=world.a, pegawai=world.owner_pegawai, year=YEAR)


def fill(world, idp, program=None):
    owner = world.users["owner"]
    goal = services.idp_goal_add(actor=owner, idp=idp, kompetensi=m("M.03"), description="Komunikasi publik")
    return services.idp_activity_add(
        actor=owner, idp=idp, goal=goal, form="coaching", title="Coaching", target_date=TODAY, program=program
    )


DETAIL = [
    ("owner", 200),
    ("supervisor", 200),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 404),
    ("mentor", 404),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", DETAIL)
def test_detail_matrix(actor, status, login_actor, client, idp, world):
    fill(world, idp)
    login_actor(actor)
    resp = client.get(reverse("needs:idp_detail", args=[idp.pk]))
    assert resp.status_code == status
    assert ("Komunikasi publik" in resp.text) == (status == 200)


@pytest.mark.parametrize("actor", ["owner", "supervisor", "bkpsdm_admin", "other_employee", "mentor"])
def test_my_idp_page(actor, login_actor, client, world):
    login_actor(actor)
    assert client.get(reverse("needs:my_idp")).status_code == 200


def test_owner_creates_once(login_actor, client, world):
    login_actor("owner")
    assert client.post(reverse("needs:idp_create"), {"year": YEAR}).status_code == 302
    client.post(reverse("needs:idp_create"), {"year": YEAR})
    assert IndividualDevelopmentPlan.objects.get().pegawai == world.owner_pegawai


GOAL = [
    ("owner", 302),
    ("supervisor", 422),
    ("bkpsdm_admin", 422),
    ("other_employee", 404),
    ("mentor", 404),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", GOAL)
def test_goal_add_matrix(actor, status, login_actor, client, idp):
    login_actor(actor)
    data = {"kompetensi": m("M.06").pk, "description": "Pengambilan keputusan", "target_level": 3}
    resp = client.post(reverse("needs:idp_goal_add", args=[idp.pk]), data)
    assert resp.status_code == status
    assert IdpGoal.objects.count() == (1 if status == 302 else 0)


def test_goal_limits_and_bad_level(login_actor, client, idp):
    login_actor("owner")
    url = reverse("needs:idp_goal_add", args=[idp.pk])
    resp = client.post(url, {"kompetensi": m("M.01").pk, "description": "x", "target_level": 9})
    assert resp.status_code == 422 and "Level harus bilangan bulat 1–5" in resp.text
    for code in ["M.01", "M.02", "M.03", "M.04", "M.05"]:
        assert client.post(url, {"kompetensi": m(code).pk, "description": code}).status_code == 302
    resp = client.post(url, {"kompetensi": m("M.06").pk, "description": "x"})
    assert resp.status_code == 422 and "paling banyak 5 sasaran" in resp.text
    assert IdpGoal.objects.count() == 5


def test_submit_agree_by_atasan_only_and_progress(login_actor, client, idp, world):
    login_actor("owner")
    resp = client.post(reverse("needs:idp_action", args=[idp.pk, "submit"]))
    assert resp.status_code == 422 and "1–5 sasaran" in resp.text
    activity = fill(world, idp)
    assert client.post(reverse("needs:idp_action", args=[idp.pk, "submit"])).status_code == 302
    assert client.post(reverse("needs:idp_action", args=[idp.pk, "agree"])).status_code == 422  # not own atasan
    client.logout()
    login_actor("bkpsdm_admin")
    assert client.post(reverse("needs:idp_action", args=[idp.pk, "agree"])).status_code == 422
    client.logout()
    login_actor("supervisor")
    assert client.post(reverse("needs:idp_action", args=[idp.pk, "agree"])).status_code == 302
    idp.refresh_from_db()
    assert idp.status == "agreed" and idp.agreed_by == world.users["supervisor"]
    assert list(IdpEvent.objects.order_by("id").values_list("action", flat=True)) == ["submit", "agree"]
    client.logout()
    login_actor("owner")
    url = reverse("needs:idp_progress", args=[idp.pk, activity.pk])
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    assert client.post(url, {"done": "on", "completed_on": future}).status_code == 422
    assert client.post(url, {"done": "on", "completed_on": TODAY.isoformat(), "note": "ok"}).status_code == 302
    activity.refresh_from_db()
    assert activity.status == "done"


def test_cross_instansi_action_404_unchanged(login_actor, client, idp, world):
    fill(world, idp)
    login_actor("other_instansi_admin")
    assert client.post(reverse("needs:idp_action", args=[idp.pk, "submit"])).status_code == 404
    idp.refresh_from_db()
    assert idp.status == "draft" and not IdpEvent.objects.exists()


def test_enrollment_hook_marks_activity_done(world, idp):
    program = ProgramFactory(instansi=world.a)
    activity = fill(world, idp, program=program)
    IndividualDevelopmentPlan.objects.filter(pk=idp.pk).update(status="agreed")
    args = {"instansi_id": world.a.pk, "pegawai_id": world.owner_pegawai.pk, "program_id": program.pk}
    assert services.idp_activities_complete_for_program(**args, completed_on=TODAY) == 1
    assert services.idp_activities_complete_for_program(**args, completed_on=TODAY) == 0
    activity.refresh_from_db()
    assert activity.status == "done" and activity.completed_on == TODAY
    assert IdpActivity.objects.filter(status="planned").count() == 0


def test_progress_cross_instansi_or_other_idp_is_404_unchanged(login_actor, client, idp, world):
    activity = fill(world, idp)
    IndividualDevelopmentPlan.objects.filter(pk=idp.pk).update(status="agreed")
    data = {"done": "on", "completed_on": TODAY.isoformat(), "note": "ok"}
    login_actor("other_instansi_admin")
    assert client.post(reverse("needs:idp_progress", args=[idp.pk, activity.pk]), data).status_code == 404
    other = IndividualDevelopmentPlan.objects.create(instansi=world.a, pegawai=world.owner_pegawai, year=YEAR + 1)
    client.logout()
    login_actor("owner")  # an activity reached through another IDP of the same pegawai is not found either
    assert client.post(reverse("needs:idp_progress", args=[other.pk, activity.pk]), data).status_code == 404
    activity.refresh_from_db()
    assert activity.status != "done"
