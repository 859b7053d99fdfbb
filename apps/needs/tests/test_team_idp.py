"""A submitted IDP reaches the atasan: a menu entry, a list of the team's IDPs and a home card with the count;
a submitted plan (RPK) waits on the admins' home until it is decided."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.competencies.models import Kompetensi
from apps.employees.tests.factories import PegawaiFactory
from apps.needs import services
from apps.needs.models import DevelopmentPlan, IndividualDevelopmentPlan

pytestmark = pytest.mark.django_db


def _year():
    return timezone.localdate().year


def submitted_idp(world, pegawai=None):
    pegawai = pegawai or world.owner_pegawai
    idp = IndividualDevelopmentPlan.objects.create(instansi=pegawai.instansi, pegawai=pegawai, year=_year())
    owner = pegawai.user
    goal = services.idp_goal_add(
        actor=owner, idp=idp, kompetensi=Kompetensi.objects.get(instansi=None, code="M.03"), description="Komunikasi"
    )
    services.idp_activity_add(
        actor=owner, idp=idp, goal=goal, form="coaching", title="Coaching", target_date=timezone.localdate()
    )
    return services.idp_submit(actor=owner, idp=idp)


LIST = [
    ("owner", 403),
    ("supervisor", 200),
    ("bkpsdm_admin", 403),
    ("superadmin", 403),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 403),
]


@pytest.mark.parametrize("actor, status", LIST)
def test_team_idp_matrix(actor, status, login_actor, client, world):
    submitted_idp(world)
    login_actor(actor)
    resp = client.get(reverse("needs:team_idp"))
    assert resp.status_code == status
    if status == 200:
        assert world.owner_pegawai.name in resp.text


def test_waiting_first_and_only_the_team(login_actor, client, world):
    mine_agreed = IndividualDevelopmentPlan.objects.create(
        instansi=world.a, pegawai=world.mate_pegawai, year=_year() - 1, status="agreed"
    )
    waiting = submitted_idp(world)
    stranger = PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a)  # not in this atasan's team
    IndividualDevelopmentPlan.objects.create(instansi=world.a, pegawai=stranger, year=_year(), status="submitted")
    login_actor("supervisor")
    resp = client.get(reverse("needs:team_idp"))
    assert [i.pk for i in resp.context["page_obj"]] == [waiting.pk, mine_agreed.pk]
    assert stranger.name not in resp.text
    assert "Tinjau" in resp.text
    # the mate has no IDP for this year yet
    assert resp.context["without"] == 1
    assert "1 anggota tim belum menyusun IDP" in resp.text


def test_menu_entry_for_the_atasan_only(login_actor, client, world):
    login_actor("supervisor")
    assert reverse("needs:team_idp") in client.get(reverse("core:home")).text
    login_actor("owner")
    assert reverse("needs:team_idp") not in client.get(reverse("core:home")).text


def test_home_card_counts_the_waiting_and_leaves_when_agreed(login_actor, client, world):
    idp = submitted_idp(world)
    login_actor("supervisor")
    home = client.get(reverse("core:home")).text
    assert "IDP tim menunggu persetujuan" in home
    assert reverse("needs:idp_detail", args=[idp.pk]) in home
    services.idp_decide(actor=world.users["supervisor"], idp=idp, action="agree")
    assert "IDP tim menunggu persetujuan" not in client.get(reverse("core:home")).text


def test_home_card_is_absent_when_nothing_waits(login_actor, client, world):
    login_actor("supervisor")
    assert "IDP tim menunggu persetujuan" not in client.get(reverse("core:home")).text


def test_submitted_plan_waits_on_the_admins_home(login_actor, client, world):
    plan = services.plan_create(
        actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, year=_year() + 1, title="RPK uji", ceiling_idr=10
    )
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status="submitted")
    other = DevelopmentPlan.objects.create(
        instansi=world.b, year=_year() + 1, title="RPK instansi lain", ceiling_idr=10, status="submitted"
    )
    login_actor("bkpsdm_admin")
    home = client.get(reverse("core:home")).text
    assert "Rencana pengembangan menunggu penetapan" in home
    assert reverse("needs:plan_detail", args=[plan.pk]) in home
    assert reverse("needs:plan_detail", args=[other.pk]) not in home
    login_actor("other_instansi_admin")
    assert reverse("needs:plan_detail", args=[plan.pk]) not in client.get(reverse("core:home")).text
