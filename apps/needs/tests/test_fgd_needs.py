"""An FGD's findings become needs items linked back to it (`source_fgd`): BKPSDM only, through needs_save's
rules, shown both ways (FGD → its items, item → "Dari FGD")."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.competencies.models import Kompetensi
from apps.conftest import role_matrix
from apps.needs import services
from apps.needs.errors import NeedsError
from apps.needs.models import FgdSession, NeedsItem

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year + 1


def m(code):
    return Kompetensi.objects.get(instansi=None, code=code)


@pytest.fixture
def fgd(world):
    fgd = FgdSession.objects.create(
        instansi=world.a,
        title="FGD Dinas Kesehatan",
        held_on=TODAY,
        notes="Notulen rapat",
        needs_text="Perlu pelatihan komunikasi publik",
    )
    fgd.kompetensi.add(m("M.05"))
    fgd.participants.add(world.owner_pegawai, world.mate_pegawai)
    return fgd


def _data(world, **kw):
    data = {
        "year": YEAR,
        "kompetensi": m("M.05").pk,
        "target_pegawai": [world.owner_pegawai.pk, world.mate_pegawai.pk],
        "gap_size": 2,
        "affected": 1,
        "weight": 3,
        "evidence": "",
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


DETAIL = role_matrix(
    owner=403,
    supervisor=403,
    bkpsdm_admin=200,
    superadmin=200,
    other_employee=403,
    mentor=403,
    other_instansi_admin=404,
)
CREATE = role_matrix(
    owner=403,
    supervisor=403,
    bkpsdm_admin=302,
    superadmin=403,  # the platform operator may read the FGD, but drawing needs is the BKPSDM's act
    other_employee=403,
    mentor=403,
    other_instansi_admin=404,
)


@pytest.mark.parametrize("actor, status", DETAIL)
def test_fgd_detail_matrix(actor, status, login_actor, client, world, fgd):
    login_actor(actor)
    resp = client.get(reverse("needs:fgd_detail", args=[fgd.pk]))
    assert resp.status_code == status
    assert ("FGD Dinas Kesehatan" in resp.text) == (status == 200)
    # only BKPSDM staff get the form
    assert ("Buat kebutuhan dari temuan FGD" in resp.text) == (actor == "bkpsdm_admin")


@pytest.mark.parametrize("actor, status", CREATE)
def test_fgd_needs_create_matrix(actor, status, login_actor, client, world, fgd):
    login_actor(actor)
    resp = client.post(reverse("needs:fgd_needs_create", args=[fgd.pk]), _data(world))
    assert resp.status_code == status
    if status == 302:
        assert resp.url == reverse("needs:fgd_detail", args=[fgd.pk])
        item = NeedsItem.objects.get()
        assert item.source_fgd == fgd and item.source == "fgd" and item.instansi == world.a
        assert item.kompetensi.code == "M.05" and item.year == YEAR
        # needs_save's rules: a list of pegawai counts its size; priority = gap × affected × weight
        assert item.affected == 2 and set(item.target_pegawai.all()) == {world.owner_pegawai, world.mate_pegawai}
        assert item.priority == 2 * 2 * 3
        assert "FGD Dinas Kesehatan" in item.evidence  # evidence defaults to the FGD's findings
    else:
        assert not NeedsItem.objects.exists()


def test_cross_instansi_changes_nothing(login_actor, client, world, fgd):
    login_actor("other_instansi_admin")
    assert client.get(reverse("needs:fgd_detail", args=[fgd.pk])).status_code == 404
    resp = client.post(reverse("needs:fgd_needs_create", args=[fgd.pk]), _data(world, target_pegawai=None))
    assert resp.status_code == 404
    assert not NeedsItem.objects.exists()
    fgd.refresh_from_db()
    assert fgd.title == "FGD Dinas Kesehatan" and not fgd.needs_items.exists()


def test_item_and_fgd_link_each_other(login_actor, client, world, fgd):
    login_actor("bkpsdm_admin")
    client.post(
        reverse("needs:fgd_needs_create", args=[fgd.pk]),
        _data(world, target_pegawai=None, unit_kerja=world.unit_a.pk, affected=7),
    )
    item = NeedsItem.objects.get()
    assert item.unit_kerja == world.unit_a and item.affected == 7
    page = client.get(reverse("needs:needs_edit", args=[item.pk])).text
    assert "Dari FGD" in page and reverse("needs:fgd_detail", args=[fgd.pk]) in page
    detail = client.get(reverse("needs:fgd_detail", args=[fgd.pk])).text
    items_table = detail.split("data-fgd-items", 1)[1].split("</table>", 1)[0]
    assert reverse("needs:needs_edit", args=[item.pk]) in items_table and "M.05" in items_table
    listing = client.get(reverse("needs:needs_list")).text
    assert reverse("needs:fgd_detail", args=[fgd.pk]) in listing


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kompetensi": ""}, "Pilih kompetensi yang dibutuhkan."),
        ({"year": "abc"}, "Masukkan keseluruhan angka bilangan."),
        ({"year": 1990}, "lebih besar dari atau sama dengan 2000"),
        ({"gap_size": 9}, "lebih kecil dari atau sama dengan 4"),
        ({"weight": 7}, "pilihan yang valid"),
        ({"target_pegawai": ["pegawai_b"]}, "pilihan yang valid"),  # another instansi's pegawai
    ],
)
def test_bad_input_is_422_and_saves_nothing(change, message, login_actor, client, world, fgd):
    if change.get("target_pegawai") == ["pegawai_b"]:
        change = {"target_pegawai": [world.pegawai_b.pk]}
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("needs:fgd_needs_create", args=[fgd.pk]), _data(world, **change))
    assert resp.status_code == 422
    assert message in resp.text
    assert not NeedsItem.objects.exists()


def test_second_open_item_for_same_competency_is_refused(login_actor, client, world, fgd):
    login_actor("bkpsdm_admin")
    url = reverse("needs:fgd_needs_create", args=[fgd.pk])
    assert client.post(url, _data(world)).status_code == 302
    resp = client.post(url, _data(world))
    assert resp.status_code == 422 and "Kebutuhan dari sumber ini sudah dibuat." in resp.text
    assert NeedsItem.objects.count() == 1


def test_needs_save_refuses_fgd_of_another_instansi(world, fgd):
    with pytest.raises(NeedsError) as exc:
        services.needs_save(
            actor=world.users["other_instansi_admin"],
            instansi_id=world.b.pk,
            kompetensi=m("M.05"),
            year=YEAR,
            source="fgd",
            source_fgd=fgd,
            gap_size=1,
            weight=1,
        )
    assert "instansi ini" in exc.value.message
    assert not NeedsItem.objects.exists()


def test_bulk_conversion_links_items_back(login_actor, client, world, fgd):
    login_actor("bkpsdm_admin")
    assert client.post(reverse("needs:fgd_to_needs", args=[fgd.pk]), {"year": YEAR}).status_code == 302
    assert list(fgd.needs_items.values_list("kompetensi__code", flat=True)) == ["M.05"]
