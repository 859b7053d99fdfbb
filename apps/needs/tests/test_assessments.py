import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.competencies.models import SKJItem
from apps.needs.models import Assessment, AssessmentScore, JpmPolicy, JpmThreshold
from apps.needs.services import NeedsError, assessment_record
from apps.needs.tests.conftest import post_levels

pytestmark = pytest.mark.django_db


def test_self_assessment_records_worked_example(login_actor, client, world, worked_levels):
    login_actor("owner")
    page = client.get(reverse("needs:self_assess"))
    assert page.status_code == 200
    assert "Level 3" in page.text and "3.1 " in page.text  # level descriptions visible
    resp = client.post(reverse("needs:self_assess"), post_levels(worked_levels))
    assert resp.status_code == 302
    a = Assessment.objects.get(pegawai=world.owner_pegawai)
    assert a.method == "self"
    assert a.jpm_percent == Decimal("88.89")
    assert (a.jpm_fit, a.jpm_map) == ("MS", "cukup")
    assert a.jpm_rule.startswith("policy:")
    assert a.scores.count() == 9


@pytest.mark.parametrize("bad", ["0", "6", "3.5", "x"])
def test_level_outside_1_5_is_refused(bad, login_actor, client, world, worked_levels):
    login_actor("owner")
    data = post_levels(worked_levels)
    first = next(iter(worked_levels))
    data[f"level_{first}"] = bad
    resp = client.post(reverse("needs:self_assess"), data)
    assert resp.status_code == 422
    assert "Level harus bilangan bulat 1–5." in resp.text
    assert not Assessment.objects.exists()


def test_missing_level_is_refused_in_forms(login_actor, client, worked_levels):
    login_actor("owner")
    levels = dict(worked_levels)
    levels.pop(next(iter(levels)))
    resp = client.post(reverse("needs:self_assess"), post_levels(levels))
    assert resp.status_code == 422
    assert "Pilih level 1–5." in resp.text
    assert not Assessment.objects.exists()


SELF_ACTORS = [
    ("owner", 200),
    ("supervisor", 200),
    ("bkpsdm_admin", 200),
    ("superadmin", 404),
    ("other_employee", 200),
    ("mentor", 200),
    ("other_instansi_admin", 200),
]


@pytest.mark.parametrize("actor, status", SELF_ACTORS)
def test_self_assess_matrix(actor, status, login_actor, client, skj):
    """Everyone with a pegawai record assesses only themself; the page never names anyone else."""
    login_actor(actor)
    resp = client.get(reverse("needs:self_assess"))
    assert resp.status_code == status
    if status == 200:
        assert world_name(resp) == actor_name(actor, resp)


def world_name(resp):
    return resp.context["pegawai"].user.username


def actor_name(actor, resp):
    return resp.wsgi_request.user.username


TEAM_ASSESS_ACTORS = [
    ("owner", 403),
    ("supervisor", 200),
    ("bkpsdm_admin", 403),
    ("superadmin", 403),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 403),
]


@pytest.mark.parametrize("actor, status", TEAM_ASSESS_ACTORS)
def test_atasan_assess_matrix(actor, status, login_actor, client, world, worked_levels):
    login_actor(actor)
    resp = client.post(reverse("needs:assess_team", args=[world.owner_pegawai.pk]), post_levels(worked_levels))
    if status == 200:
        assert resp.status_code == 302
        assert Assessment.objects.get(pegawai=world.owner_pegawai).method == "atasan"
    else:
        assert resp.status_code == status
        assert not Assessment.objects.exists()


def test_atasan_cannot_assess_outside_team(login_actor, client, world, worked_levels):
    login_actor("supervisor")
    for outsider in (world.other_pegawai, world.pegawai_b, world.admin_pegawai):
        resp = client.post(reverse("needs:assess_team", args=[outsider.pk]), post_levels(worked_levels))
        assert resp.status_code == 404
    assert not Assessment.objects.exists()


def test_service_refuses_assessing_outside_team_with_message(world, worked_levels):
    with pytest.raises(NeedsError, match="anggota tim Anda sendiri"):
        assessment_record(
            actor=world.users["supervisor"], pegawai=world.other_pegawai, method="atasan", levels=worked_levels
        )
    with pytest.raises(NeedsError):
        assessment_record(actor=world.users["owner"], pegawai=world.mate_pegawai, method="self", levels=worked_levels)
    with pytest.raises(NeedsError):
        assessment_record(
            actor=world.users["supervisor"],
            pegawai=world.owner_pegawai,
            method="assessment_center",
            levels=worked_levels,
        )


ADMIN_ASSESS_ACTORS = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 404),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", ADMIN_ASSESS_ACTORS)
def test_admin_assess_matrix(actor, status, login_actor, client, world, worked_levels):
    login_actor(actor)
    data = post_levels(worked_levels, method="assessment_center", assessed_on="2026-01-10", provider="UPT BKN")
    resp = client.post(reverse("needs:assess_admin", args=[world.owner_pegawai.pk]), data)
    if status == 200:
        assert resp.status_code == 302
        a = Assessment.objects.get(pegawai=world.owner_pegawai)
        assert (a.method, a.provider) == ("assessment_center", "UPT BKN")
    else:
        assert resp.status_code == status
        assert not Assessment.objects.exists()


def test_future_date_refused(login_actor, client, world, worked_levels):
    login_actor("bkpsdm_admin")
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    data = post_levels(worked_levels, method="assessment_center", assessed_on=future)
    resp = client.post(reverse("needs:assess_admin", args=[world.owner_pegawai.pk]), data)
    assert resp.status_code == 422
    assert "masa depan" in resp.text
    assert not Assessment.objects.exists()


def test_skj_snapshot_is_kept(world, worked_levels, skj):
    a = assessment_record(actor=world.users["owner"], pegawai=world.owner_pegawai, method="self", levels=worked_levels)
    SKJItem.objects.filter(jabatan=world.staff_jab).update(required_level=5)
    assert set(AssessmentScore.objects.filter(assessment=a).values_list("required_level", flat=True)) == {3}
    a.refresh_from_db()
    assert a.jpm_percent == Decimal("88.89")


def test_no_skj_is_a_clear_message(login_actor, client, world):
    login_actor("owner")
    resp = client.get(reverse("needs:self_assess"))
    assert "SKJ jabatan ini belum diisi" in resp.text


def test_instansi_thresholds_and_uncapped_policy_are_data(world, worked_levels):
    JpmPolicy.objects.create(instansi=world.a, jpm_cap=False, effective_from=datetime.date(2020, 1, 1), source="uji")
    for code, label, minimum in [("MS", "MS", 95), ("MMS", "MMS", 75), ("KMS", "KMS", 0)]:
        JpmThreshold.objects.create(
            instansi=world.a,
            scale="fit",
            code=code,
            label=label,
            min_percent=minimum,
            effective_from=datetime.date(2020, 1, 1),
            source="uji",
        )
    a = assessment_record(actor=world.users["owner"], pegawai=world.owner_pegawai, method="self", levels=worked_levels)
    assert a.jpm_percent == Decimal("92.59")
    assert a.jpm_fit == "MMS"  # 92.59 < 95 under the instansi's own scale
    assert a.jpm_map == "optimal"  # national map scale still applies
