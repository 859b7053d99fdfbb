"""Rule 18: PNS below 20 JP at 31 December become a needs item of the next year."""

import pytest
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.enrollments import services
from apps.enrollments.models import JPLedgerEntry
from apps.enrollments.tests.factories import today
from apps.needs.models import NeedsItem

pytestmark = pytest.mark.django_db
YEAR = today().year


def _credit(world, pegawai, jp):
    JPLedgerEntry.objects.create(
        instansi=world.a,
        pegawai=pegawai,
        year=YEAR,
        jp=jp,
        credited_on=today(),
        source_type="external",
        source_ref=f"uji:{pegawai.pk}",
        title="Pelatihan uji",
    )


def test_shortfall_becomes_one_idempotent_needs_item(world):
    _credit(world, world.owner_pegawai, 24)  # reached the target
    _credit(world, world.mate_pegawai, 8)
    item = services.jp_shortfall_to_needs(actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, year=YEAR)
    assert item.year == YEAR + 1 and item.source == "mandatory" and item.kompetensi.code == "M.06"
    below = set(item.target_pegawai.values_list("pk", flat=True))
    assert world.mate_pegawai.pk in below and world.owner_pegawai.pk not in below
    assert item.affected == len(below)
    again = services.jp_shortfall_to_needs(actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, year=YEAR)
    assert again.pk == item.pk and NeedsItem.objects.filter(origin=f"jp_shortfall:{YEAR}").count() == 1
    assert not NeedsItem.objects.filter(instansi=world.b).exists()


def test_year_end_job_covers_every_instansi_for_last_year(world):
    done = services.jp_shortfall_year_end()
    assert done == 2
    assert set(NeedsItem.objects.filter(source="mandatory").values_list("year", flat=True)) == {YEAR}


@pytest.mark.parametrize(
    "actor, status",
    [("bkpsdm_admin", 302), ("superadmin", 404), ("owner", 403), ("supervisor", 403), ("other_instansi_admin", 302)],
)
def test_button_matrix(world, login_actor, client, actor, status):
    login_actor(actor)
    resp = client.post(reverse("enrollments:jp_shortfall_needs") + f"?year={YEAR}")
    assert resp.status_code == status
    mine = NeedsItem.objects.filter(origin=f"jp_shortfall:{YEAR}")
    if actor == "bkpsdm_admin":
        assert mine.filter(instansi=world.a).exists() and not mine.filter(instansi=world.b).exists()
        assert AuditEvent.objects.filter(action="needs.from_jp_shortfall").exists()
    elif actor == "other_instansi_admin":
        assert mine.filter(instansi=world.b).exists() and not mine.filter(instansi=world.a).exists()
    else:
        assert not mine.exists()


def test_get_is_refused(world, login_actor, client):
    login_actor("bkpsdm_admin")
    assert client.get(reverse("enrollments:jp_shortfall_needs")).status_code == 405
    assert not NeedsItem.objects.exists()


def test_schedule_is_registered():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="apps.enrollments.tasks.generate_jp_shortfall_needs")
    assert task.crontab.month_of_year == "1" and task.crontab.day_of_month == "1"
