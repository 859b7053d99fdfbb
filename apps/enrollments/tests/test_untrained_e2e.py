"""Browser flow on a phone-sized screen: BKPSDM ticks a pegawai on the 'belum pelatihan' list, picks a
batch and nominates; the job page names who got a seat. Nothing is wider than the 390-px screen."""

import pytest

from apps.enrollments.models import Enrollment
from apps.enrollments.tests.factories import AngkatanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_nominate_from_untrained_list_on_a_phone(world, e2e_login, live_server):
    angkatan = AngkatanFactory(instansi=world.a, seats_total=5, program__title="Pelayanan Prima E2E")
    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}/pendaftaran/belum-pelatihan/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label(world.owner_pegawai.name, exact=True).check()
    page.get_by_label("Angkatan tujuan").select_option(str(angkatan.pk))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Nominasikan ke angkatan").click()
    page.wait_for_load_state()
    assert f"{world.owner_pegawai.name}: terdaftar sebagai peserta" in page.content()
    assert Enrollment.objects.get(pegawai=world.owner_pegawai, angkatan=angkatan).status == "enrolled"
