"""What waits for someone reaches them at home and in the menu (issue 23): the atasan's L3 follow-ups as a
card of their own, a project report waiting for its assessor, improvement actions in the admins' menu, the
superadmin's home, and an Indonesian 403 page in the site's layout."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.evaluations import services as evaluations
from apps.evaluations.tests.factories import make_batch
from apps.mentoring.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_l3_followups_are_the_atasans_own_home_card_and_a_section_of_survei_saya(world, login_actor, client):
    today = timezone.localdate()
    make_batch(world.a, participants=[world.owner_pegawai], completed_on=evaluations.months_before(today, 3))
    evaluations.schedule_followups(instansi_id=world.a.pk, today=today)
    login_actor("supervisor")
    home = client.get(reverse("core:home")).text
    assert "Tindak lanjut pelatihan tim (L3)" in home and world.owner_pegawai.name in home
    page = client.get(reverse("evaluations:mine")).text
    section = page.split('id="l3"')[1]
    assert world.owner_pegawai.name in section and "Nilai sekarang" in section
    login_actor("owner")  # the alumnus answers their own L3 survey, never the atasan's
    assert "Tindak lanjut pelatihan tim (L3)" not in client.get(reverse("core:home")).text


def test_a_reported_project_waits_on_its_assessors_home(world, login_actor, client):
    project = ProjectFactory(pegawai=world.owner_pegawai, supervisor=world.supervisor_pegawai, status="submitted")
    ProjectFactory(pegawai=world.mate_pegawai, supervisor=world.supervisor_pegawai, status="active")
    login_actor("supervisor")
    home = client.get(reverse("core:home")).text
    card = home.split("Proyek menunggu penilaian Anda")[1].split("</section>")[0]
    assert '<p class="stat">1</p>' in card and reverse("mentoring:project_detail", args=[project.pk]) in card
    login_actor("owner")
    assert "Proyek menunggu penilaian Anda" not in client.get(reverse("core:home")).text


@pytest.mark.parametrize("actor", ["bkpsdm_admin", "owner", "supervisor", "mentor"])
def test_improvement_actions_are_in_everyones_menu(world, login_actor, client, actor):
    """BKPSDM lists the instansi's actions there, anyone else the actions assigned to them."""
    login_actor(actor)
    assert f'href="{reverse("evaluations:actions")}"' in client.get(reverse("core:home")).text


def test_the_superadmins_home_points_to_the_instansi_list(world, login_actor, client):
    login_actor("superadmin")
    home = client.get(reverse("core:home")).text
    assert "hubungi admin BKPSDM" not in home
    assert reverse("organizations:instansi_list") in home and "operator platform" in home


def test_a_refused_page_is_indonesian_and_in_the_site_layout(world, login_actor, client):
    login_actor("owner")
    response = client.get(reverse("evaluations:list"))  # admins only
    assert response.status_code == 403
    page = response.text
    assert "Akses ditolak" in page and 'id="mainnav"' in page and "Kembali ke beranda" in page


def test_an_unknown_page_is_indonesian_and_in_the_site_layout(world, login_actor, client, settings):
    settings.DEBUG = False
    login_actor("owner")
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404 and "Halaman tidak ditemukan" in response.text


def test_queues_stack_into_labelled_cards_on_a_phone(world, login_actor, client):
    from apps.enrollments.tests.factories import EnrollmentFactory

    EnrollmentFactory(angkatan__instansi=world.a, pegawai=world.owner_pegawai, status="requested")
    login_actor("supervisor")
    page = client.get(reverse("enrollments:approvals")).text
    assert "table-stack" in page and 'data-label="Keputusan"' in page


def test_menu_offers_no_instansi_page_to_a_superadmin_outside_one(login_actor, client, world):
    """The JP dashboard and the never-trained list only exist inside an instansi: outside one, the
    superadmin's menu leaves them out instead of linking to a 404; inside one, they are there and open."""
    from apps.core.tenancy import ACTING_SESSION_KEY

    login_actor("superadmin")
    dashboard, nothing = reverse("enrollments:jp_dashboard"), reverse("enrollments:nothing")
    home = client.get(reverse("core:home")).text
    assert f'href="{dashboard}"' not in home and f'href="{nothing}"' not in home
    session = client.session
    session[ACTING_SESSION_KEY] = world.a.pk
    session.save()
    home = client.get(reverse("core:home")).text
    assert f'href="{dashboard}"' in home and f'href="{nothing}"' in home
    assert client.get(dashboard).status_code == 200
