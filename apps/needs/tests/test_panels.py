import pytest
from django.urls import reverse

from apps.conftest import ALL_ACTORS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_home_panels_and_menu_render_for_every_actor(actor, login_actor, client, skj):
    login_actor(actor)
    resp = client.get(reverse("core:home"))
    assert resp.status_code == 200
    assert reverse("competencies:list") in resp.text  # dictionary reachable from the menu
    if actor in ("bkpsdm_admin", "other_instansi_admin"):
        assert reverse("needs:gap_list") in resp.text and reverse("needs:heatmap") in resp.text
    if actor == "owner":
        assert reverse("needs:self_assess") in resp.text
    if actor == "supervisor":
        assert reverse("needs:team") in resp.text
