"""pegawai_save: NIP rules, uniqueness per instansi, golongan per employment type, same-instansi
relations, atasan cycles and the default atasan (domain.md §2–§3, rules 1–4)."""

from datetime import date

import pytest

from apps.core.models import AuditEvent
from apps.employees.models import Pegawai
from apps.employees.services import PegawaiError, pegawai_save
from apps.employees.tests.factories import PegawaiFactory
from apps.organizations.tests.factories import JabatanFactory, UnitKerjaFactory

NIP = "198507142010121001"
NI_PPPK = "199104222023211015"


@pytest.fixture
def admin(world):
    return world.users["bkpsdm_admin"]


def _save(world, admin, pegawai=None, instansi=None, **overrides):
    instansi = instansi or world.a
    fields = {
        "nip": NIP,
        "name": "Siti Rahmawati",
        "employment_type": "pns",
        "golongan": "III/a",
        "unit_kerja": world.unit_a if instansi == world.a else world.unit_b,
    }
    if pegawai is not None:
        fields = {}
    fields.update(overrides)
    return pegawai_save(actor=admin, instansi_id=instansi.pk, pegawai=pegawai, **fields)


# --- NIP ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nip, rule", [("19850714201012100", "N1"), ("198502302010121001", "N2"), ("198507142010121000", "N7")]
)
def test_invalid_nip_raises_on_field_nip_and_saves_nothing(world, admin, nip, rule):
    before, audits = Pegawai.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PegawaiError) as exc:
        _save(world, admin, nip=nip)
    assert exc.value.field == "nip"
    assert exc.value.code.startswith("nip.")
    assert f"({rule})" in exc.value.message
    assert Pegawai.objects.count() == before
    assert AuditEvent.objects.count() == audits


def test_nip_is_stored_as_18_digits_and_n8_only_warns(world, admin):
    pegawai = _save(world, admin, nip="19850714 201012 1 001", birth_date=date(1985, 7, 15), sex="L")
    pegawai.refresh_from_db()
    assert pegawai.nip == NIP
    saved = Pegawai.objects.get(pk=pegawai.pk)
    assert saved.birth_date == date(1985, 7, 15)


def test_n8_warning_is_returned_to_the_caller(world, admin):
    pegawai = _save(world, admin, birth_date=date(1985, 7, 15), sex="P")
    assert len(pegawai.nip_warnings) == 1
    assert "berbeda" in pegawai.nip_warnings[0]


def test_pppk_number_is_checked_with_the_pppk_validator(world, admin):
    pegawai = _save(world, admin, nip=NI_PPPK, employment_type="pppk", golongan="VII")
    assert pegawai.nip_warnings == []
    with pytest.raises(PegawaiError) as exc:
        _save(world, admin, nip=NI_PPPK, employment_type="pns", golongan="III/a")
    assert exc.value.field == "nip"


def test_changing_employment_type_revalidates_the_stored_nip(world, admin):
    pegawai = _save(world, admin)
    with pytest.raises(PegawaiError) as exc:
        _save(world, admin, pegawai=Pegawai.objects.get(pk=pegawai.pk), employment_type="pppk", golongan="")
    assert exc.value.field == "nip"
    assert Pegawai.objects.get(pk=pegawai.pk).employment_type == "pns"


# --- uniqueness -----------------------------------------------------------------------------------


def test_duplicate_active_nip_in_same_instansi_is_refused_in_indonesian(world, admin):
    _save(world, admin)
    before = Pegawai.objects.count()
    with pytest.raises(PegawaiError) as exc:
        _save(world, admin, name="Orang Lain")
    assert exc.value.field == "nip"
    assert exc.value.message == "NIP ini sudah terdaftar pada pegawai aktif di instansi ini."
    assert Pegawai.objects.count() == before


def test_same_nip_active_in_another_instansi_is_stopped_and_asks_the_superadmin(world, admin):
    """A mutasi (domain.md §2.2): stopped, without naming the other instansi; a transfer request is opened."""
    from apps.employees.models import TransferRequest

    first = _save(world, admin)
    for _attempt in range(2):
        with pytest.raises(PegawaiError) as exc:
            _save(world, world.users["other_instansi_admin"], instansi=world.b)
        assert exc.value.field == "nip" and "instansi lain" in exc.value.message
        assert world.a.name not in exc.value.message
    assert list(Pegawai.objects.filter(nip=NIP)) == [first]
    request = TransferRequest.objects.get()  # one open request, however often the admin tries
    assert (request.instansi, request.nip, request.status) == (world.b, NIP, "open")


def test_inactive_record_does_not_block_the_nip(world, admin):
    _save(world, admin, is_active=False)
    assert _save(world, admin, name="Aktif kembali").is_active


# --- golongan (rule 4) and rank_order -------------------------------------------------------------


@pytest.mark.parametrize(
    "employment_type, nip, golongan, ok, rank",
    [
        ("pns", NIP, "I/a", True, 1),
        ("pns", NIP, "III/a", True, 9),
        ("cpns", NIP, "IV/e", True, 17),
        ("pns", NIP, "VII", False, None),
        ("pns", NIP, "V/a", False, None),
        ("pppk", NI_PPPK, "I", True, 1),
        ("pppk_part_time", NI_PPPK, "XVII", True, 17),
        ("pppk", NI_PPPK, "III/a", False, None),
        ("pppk", NI_PPPK, "XVIII", False, None),
        ("pns", NIP, "", True, 0),
    ],
)
def test_golongan_must_match_employment_type_and_derives_rank_order(
    world, admin, employment_type, nip, golongan, ok, rank
):
    if ok:
        pegawai = _save(world, admin, nip=nip, employment_type=employment_type, golongan=golongan)
        assert Pegawai.objects.get(pk=pegawai.pk).rank_order == rank
    else:
        with pytest.raises(PegawaiError) as exc:
            _save(world, admin, nip=nip, employment_type=employment_type, golongan=golongan)
        assert exc.value.field == "golongan"
        assert not Pegawai.objects.filter(nip=nip).exists()


def test_rank_order_follows_a_golongan_change(world, admin):
    pegawai = _save(world, admin, golongan="II/a")
    assert pegawai.rank_order == 5
    pegawai = _save(world, admin, pegawai=Pegawai.objects.get(pk=pegawai.pk), golongan="IV/a")
    assert Pegawai.objects.get(pk=pegawai.pk).rank_order == 13


# --- relations stay inside one instansi -----------------------------------------------------------


@pytest.mark.parametrize("field", ["unit_kerja", "jabatan", "atasan"])
def test_relation_from_another_instansi_is_refused(world, admin, field):
    foreign = {
        "unit_kerja": world.unit_b,
        "jabatan": JabatanFactory(unit_kerja=world.unit_b),
        "atasan": world.admin_b_pegawai,
    }[field]
    before = Pegawai.objects.count()
    with pytest.raises(PegawaiError) as exc:
        _save(world, admin, **{field: foreign})
    assert exc.value.field == field
    assert Pegawai.objects.count() == before


def test_moving_to_a_foreign_unit_on_update_is_refused(world, admin):
    owner = world.owner_pegawai
    with pytest.raises(PegawaiError):
        _save(world, admin, pegawai=Pegawai.objects.get(pk=owner.pk), unit_kerja=world.unit_b)
    assert Pegawai.objects.get(pk=owner.pk).unit_kerja_id == world.unit_a.pk


# --- atasan ---------------------------------------------------------------------------------------


def test_atasan_cycle_is_refused(world, admin):
    boss, owner = world.supervisor_pegawai, world.owner_pegawai  # owner.atasan == boss
    with pytest.raises(PegawaiError) as exc:
        _save(world, admin, pegawai=Pegawai.objects.get(pk=boss.pk), atasan=owner)
    assert exc.value.code == "pegawai.atasan_cycle"
    assert Pegawai.objects.get(pk=boss.pk).atasan_id is None


def test_longer_atasan_cycle_is_refused(world, admin):
    top = world.supervisor_pegawai
    middle = world.owner_pegawai
    bottom = PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a, atasan=middle)
    with pytest.raises(PegawaiError):
        _save(world, admin, pegawai=Pegawai.objects.get(pk=top.pk), atasan=bottom)
    assert Pegawai.objects.get(pk=top.pk).atasan_id is None


def test_self_as_atasan_is_refused(world, admin):
    owner = world.owner_pegawai
    with pytest.raises(PegawaiError):
        _save(world, admin, pegawai=Pegawai.objects.get(pk=owner.pk), atasan=owner)
    assert Pegawai.objects.get(pk=owner.pk).atasan_id == world.supervisor_pegawai.pk


@pytest.fixture
def tree(world, admin):
    """Dinas (Kepala Dinas, jpt) → Bidang (Kepala Bidang, administrator) → Seksi (Kepala Seksi, pengawas)."""
    dinas = world.unit_a
    bidang = UnitKerjaFactory(instansi=world.a, parent=dinas, kind="bidang", name="Bidang P2P")
    seksi = UnitKerjaFactory(instansi=world.a, parent=bidang, kind="seksi", name="Seksi Surveilans")
    kabid_jab = JabatanFactory(unit_kerja=bidang, jenis="administrator", jenjang="", name="Kepala Bidang P2P")
    kasi_jab = JabatanFactory(unit_kerja=seksi, jenis="pengawas", jenjang="", name="Kepala Seksi Surveilans")
    staff_jab = JabatanFactory(unit_kerja=seksi, jenis="pelaksana", jenjang="klerek", name="Pengadministrasi")
    kabid = PegawaiFactory(instansi=world.a, unit_kerja=bidang, jabatan=kabid_jab, atasan=world.supervisor_pegawai)
    kasi = PegawaiFactory(instansi=world.a, unit_kerja=seksi, jabatan=kasi_jab, atasan=kabid)
    return {
        "dinas": dinas,
        "bidang": bidang,
        "seksi": seksi,
        "kabid": kabid,
        "kasi": kasi,
        "kasi_jab": kasi_jab,
        "kabid_jab": kabid_jab,
        "staff_jab": staff_jab,
    }


def test_default_atasan_is_the_nearest_manajerial_holder_above(world, admin, tree):
    staff = _save(world, admin, unit_kerja=tree["seksi"], jabatan=tree["staff_jab"])
    assert staff.atasan_id == tree["kasi"].pk
    in_bidang = _save(world, admin, nip="199202292019032002", unit_kerja=tree["bidang"], jabatan=None)
    assert in_bidang.atasan_id == tree["kabid"].pk


def test_default_atasan_skips_inactive_holders(world, admin, tree):
    Pegawai.objects.filter(pk=tree["kasi"].pk).update(is_active=False)
    staff = _save(world, admin, unit_kerja=tree["seksi"], jabatan=tree["staff_jab"])
    assert staff.atasan_id == tree["kabid"].pk


def test_manajerial_holder_gets_the_head_of_the_parent_unit(world, admin, tree):
    new_kasi = _save(world, admin, unit_kerja=tree["seksi"], jabatan=tree["kasi_jab"])
    assert new_kasi.atasan_id == tree["kabid"].pk
    new_kabid = _save(world, admin, nip="199202292019032002", unit_kerja=tree["bidang"], jabatan=tree["kabid_jab"])
    assert new_kabid.atasan_id == world.supervisor_pegawai.pk


def test_head_of_the_root_unit_has_no_default_atasan(world, admin):
    kadis = _save(world, admin, jabatan=world.head_jab)
    assert kadis.atasan_id is None


def test_default_atasan_never_closes_a_cycle(world, admin, tree):
    """Kepala Dinas was given Kepala Bidang as acting atasan (Plt); clearing Kepala Bidang's atasan
    must not default it to Kepala Dinas, which would make each the other's atasan."""
    kadis, kabid = world.supervisor_pegawai, tree["kabid"]
    Pegawai.objects.filter(pk=kadis.pk).update(atasan=kabid)
    saved = _save(world, admin, pegawai=Pegawai.objects.get(pk=kabid.pk), atasan=None)
    assert Pegawai.objects.get(pk=saved.pk).atasan_id != kadis.pk


def test_explicit_atasan_overrides_the_default(world, admin, tree):
    staff = _save(world, admin, unit_kerja=tree["seksi"], jabatan=tree["staff_jab"], atasan=tree["kabid"])
    assert Pegawai.objects.get(pk=staff.pk).atasan_id == tree["kabid"].pk


# --- audit ----------------------------------------------------------------------------------------


def test_create_and_update_write_audit_events(world, admin):
    pegawai = _save(world, admin)
    created = AuditEvent.objects.get(action="pegawai.create", object_id=str(pegawai.pk))
    assert created.actor_id == admin.pk
    assert created.instansi_id == world.a.pk
    assert created.object_type == "employees.pegawai"
    _save(world, admin, pegawai=Pegawai.objects.get(pk=pegawai.pk), name="Nama Baru")
    assert AuditEvent.objects.filter(action="pegawai.update", object_id=str(pegawai.pk), actor=admin).count() == 1


def test_audit_event_never_carries_the_nip(world, admin):
    pegawai = _save(world, admin)
    event = AuditEvent.objects.get(action="pegawai.create", object_id=str(pegawai.pk))
    assert NIP not in f"{event.object_repr} {event.data}"
