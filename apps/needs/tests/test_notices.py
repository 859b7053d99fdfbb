"""Plan and IDP moves reach their people (issue 22): the atasan is told of a submitted IDP, the pegawai
of an agreed or returned one, the other admins BKPSDM of a submitted plan. Each notice goes out once,
after commit, through the core state machine's notice task."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.tests.factories import MembershipFactory, UserFactory
from apps.competencies.models import Kompetensi
from apps.enrollments.models import Notification
from apps.needs import services
from apps.needs.models import DevelopmentPlan, IdpEvent, IndividualDevelopmentPlan, PlanEvent
from apps.needs.workflow import idp_event_notify, plan_event_notify

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", "url"))


@pytest.fixture
def idp(world, skj):
    idp = IndividualDevelopmentPlan.objects.create(instansi=world.a, pegawai=world.owner_pegawai, year=YEAR)
    owner = world.users["owner"]
    goal = services.idp_goal_add(
        actor=owner, idp=idp, kompetensi=Kompetensi.objects.get(instansi=None, code="M.03"), description="Komunikasi"
    )
    services.idp_activity_add(
        actor=owner, idp=idp, goal=goal, form="coaching", title="Coaching", target_date=timezone.localdate()
    )
    return idp


def test_submitted_idp_reaches_the_atasan_and_agreement_the_pegawai(
    world, idp, login_actor, client, django_capture_on_commit_callbacks
):
    url = reverse("needs:idp_detail", args=[idp.pk])
    login_actor("owner")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("needs:idp_action", args=[idp.pk, "submit"])).status_code == 302
    assert inbox(world.users["supervisor"]) == [
        (f"IDP {world.owner_pegawai.name} tahun {YEAR} menunggu persetujuan Anda", url)
    ]
    assert inbox(world.users["owner"]) == []
    login_actor("supervisor")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("needs:idp_action", args=[idp.pk, "agree"])).status_code == 302
    assert inbox(world.users["owner"]) == [(f"IDP Anda tahun {YEAR} disetujui atasan", url)]
    assert Notification.objects.count() == 2
    assert not IdpEvent.objects.filter(notified_at__isnull=True).exists()


def test_returned_idp_reaches_the_pegawai_once(world, idp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.idp_submit(actor=world.users["owner"], idp=idp)
        services.idp_decide(actor=world.users["supervisor"], idp=idp, action="return", note="Tambah sasaran")
    event = IdpEvent.objects.get(idp=idp, action="return")
    assert inbox(world.users["owner"]) == [
        (f"IDP Anda tahun {YEAR} dikembalikan atasan untuk diperbaiki", reverse("needs:idp_detail", args=[idp.pk]))
    ]
    assert idp_event_notify(event_id=event.pk) == 0  # a retried task sends nothing more
    assert Notification.objects.filter(recipient=world.users["owner"]).count() == 1


def test_submitted_plan_reaches_the_other_admins_of_its_instansi_only(world, django_capture_on_commit_callbacks):
    colleague = UserFactory(username="admin_a2")
    MembershipFactory(user=colleague, instansi=world.a, role="admin_bkpsdm")
    plan = DevelopmentPlan.objects.create(instansi=world.a, year=YEAR, title="RPK Kota A", ceiling_idr=100_000_000)
    event = PlanEvent.objects.create(
        instansi=world.a,
        plan=plan,
        actor=world.users["bkpsdm_admin"],
        action="submit",
        from_status="draft",
        to_status="submitted",
    )
    assert plan_event_notify(event_id=event.pk) == 1
    assert inbox(colleague) == [
        (
            f"Rencana pengembangan RPK Kota A ({YEAR}) diajukan dan menunggu penetapan",
            reverse("needs:plan_detail", args=[plan.pk]),
        )
    ]
    assert inbox(world.users["bkpsdm_admin"]) == []  # the one who acted
    assert inbox(world.users["other_instansi_admin"]) == []
    assert plan_event_notify(event_id=event.pk) == 0
