"""Personal data (UU 27/2022): the pegawai's own page with every read of their data by someone else."""

import pytest
from django.urls import reverse

from apps.conftest import role_matrix
from apps.core.models import PersonalDataAccess
from apps.core.services import personal_data_access_log
from apps.employees.models import Pegawai

OWNER_NAME = "Wa Ode Pemilik Data"


@pytest.fixture(autouse=True)
def names(world):
    """A name that appears nowhere else, so `in resp.text` is a real content check."""
    Pegawai.objects.filter(pk=world.owner_pegawai.pk).update(name=OWNER_NAME, phone="0812-555-0101")
    world.owner_pegawai.refresh_from_db()


# --- "Data pribadi saya" --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        dict.fromkeys(("owner", "supervisor", "bkpsdm_admin", "other_employee", "mentor"), 200),
        other_instansi_admin=200,
        superadmin=404,
    ),
)
def test_my_data_matrix(actor, status, world, login_actor, client):
    """Everyone with a pegawai record sees their own data, and only their own; the superadmin has none."""
    user = login_actor(actor)
    resp = client.get(reverse("employees:my_data"))
    assert resp.status_code == status
    assert (OWNER_NAME in resp.text) == (actor == "owner")
    if status == 200:
        assert resp.context["pegawai"].user_id == user.pk


def test_my_data_shows_fields_and_logs_nothing(world, login_actor, client):
    login_actor("owner")
    resp = client.get(reverse("employees:my_data"))
    assert world.owner_pegawai.nip_display in resp.text
    assert "0812-555-0101" in resp.text
    assert not PersonalDataAccess.objects.exists()


def test_my_data_lists_who_read_it_newest_first(world, login_actor, client, time_machine):
    time_machine.move_to("2026-06-01T08:00:00+08:00", tick=False)
    personal_data_access_log(actor=world.users["supervisor"], subject=world.owner_pegawai, purpose="profil pegawai")
    time_machine.move_to("2026-06-03T10:30:00+08:00", tick=False)
    personal_data_access_log(actor=world.users["bkpsdm_admin"], subject=world.owner_pegawai, purpose="IDP")
    # Reads of someone else's data are not shown to the owner.
    personal_data_access_log(actor=world.users["bkpsdm_admin"], subject=world.other_pegawai, purpose="rahasia lain")
    login_actor("owner")
    resp = client.get(reverse("employees:my_data"))
    rows = list(resp.context["page_obj"])
    assert [(r.actor_id, r.purpose) for r in rows] == [
        (world.users["bkpsdm_admin"].pk, "IDP"),
        (world.users["supervisor"].pk, "profil pegawai"),
    ]
    assert str(world.users["supervisor"]) in resp.text
    assert "rahasia lain" not in resp.text


def test_other_people_do_not_see_the_owners_reads(world, login_actor, client):
    personal_data_access_log(actor=world.users["bkpsdm_admin"], subject=world.owner_pegawai, purpose="IDP")
    login_actor("other_employee")
    resp = client.get(reverse("employees:my_data"))
    assert list(resp.context["page_obj"]) == []


@pytest.mark.parametrize("rows", [3, 30])
def test_my_data_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    readers = [world.users[n] for n in ("supervisor", "bkpsdm_admin", "mentor")]
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            instansi_id=world.a.pk,
            actor=readers[i % 3],
            subject_type="employees.pegawai",
            subject_id=str(world.owner_pegawai.pk),
            purpose="profil pegawai",
        )
        for i in range(rows)
    )
    login_actor("owner")
    client.get(reverse("employees:my_data"))  # warm the per-session caches (menu, roles)
    with django_assert_max_num_queries(8):
        resp = client.get(reverse("employees:my_data"))
    assert len(resp.context["page_obj"]) == min(rows, 25)
