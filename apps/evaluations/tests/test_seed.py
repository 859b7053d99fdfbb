import pytest

from apps.accounts.tests.factories import MembershipFactory, UserFactory
from apps.employees.tests.factories import PegawaiFactory
from apps.evaluations.models import Invitation, Questionnaire, Response
from apps.evaluations.seed import seed_evaluations
from apps.evaluations.tests.factories import make_batch
from apps.organizations.tests.factories import InstansiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


def test_seed_gives_l1_l2_l3_and_skm_and_is_repeat_safe():
    instansi = InstansiFactory(code="kendari", name="Pemerintah Kota Kendari")
    unit = UnitKerjaFactory(instansi=instansi, code="PKM", name="Puskesmas Abeli", kind="puskesmas")
    admin = UserFactory(username="admin.kendari")
    MembershipFactory(user=admin, instansi=instansi, role="admin_bkpsdm")
    me = UserFactory(username="pegawai.kendari")
    MembershipFactory(user=me, instansi=instansi, role="employee")
    atasan = PegawaiFactory(instansi=instansi, unit_kerja=unit)
    people = [PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=atasan) for _ in range(5)]
    people.append(PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=atasan, user=me))
    batch = make_batch(instansi, participants=people)
    lines = []
    seed_evaluations(lines.append)
    levels = set(Questionnaire.objects.filter(angkatan=batch.angkatan).values_list("level", "phase"))
    assert levels == {("l1", ""), ("l2", "pre"), ("l2", "post"), ("l3_alumni", ""), ("l3_atasan", "")}
    assert Response.objects.filter(questionnaire__level="l1").count() == 6
    assert Response.objects.filter(questionnaire__level="skm", complete=True).count() == 72
    pending = Invitation.objects.filter(questionnaire__level="l3_alumni", pegawai__user=me)
    assert pending.exists()
    before = (Questionnaire.objects.count(), Response.objects.count())
    seed_evaluations(lines.append)
    assert (Questionnaire.objects.count(), Response.objects.count()) == before
