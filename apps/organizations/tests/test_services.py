"""unit_save keeps the materialised path of the unit tree; jabatan_save enforces rule 5 (jenjang
belongs to jenis) and replaces uraian tugas / fungsi."""

import pytest

from apps.core.models import AuditEvent
from apps.organizations.models import Jabatan, JobFunction, JobTask, UnitKerja
from apps.organizations.services import OrganizationError, instansi_switch, jabatan_save, unit_save


@pytest.fixture
def admin(world):
    return world.users["bkpsdm_admin"]


def _unit(world, admin, code, parent=None, instansi=None, **extra):
    instansi = instansi or world.a
    return unit_save(
        actor=admin, instansi_id=instansi.pk, code=code, name=f"Unit {code}", kind="bidang", parent=parent, **extra
    )


def _fresh(unit):
    return UnitKerja.objects.get(pk=unit.pk)


# --- unit_save ------------------------------------------------------------------------------------


def test_new_root_and_child_get_path_and_depth(world, admin):
    root = _unit(world, admin, "ROOT")
    child = _unit(world, admin, "CHILD", parent=root)
    grandchild = _unit(world, admin, "GRAND", parent=child)
    assert (_fresh(root).path, _fresh(root).depth) == (f"/{root.pk}/", 0)
    assert (_fresh(child).path, _fresh(child).depth) == (f"/{root.pk}/{child.pk}/", 1)
    assert (_fresh(grandchild).path, _fresh(grandchild).depth) == (f"/{root.pk}/{child.pk}/{grandchild.pk}/", 2)
    assert (grandchild.path, grandchild.depth) == (_fresh(grandchild).path, 2)  # returned object is current


def test_editing_other_fields_keeps_path(world, admin):
    root = _unit(world, admin, "ROOT")
    child = _unit(world, admin, "CHILD", parent=root)
    unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(child), name="Nama baru", is_remote=True)
    moved = _fresh(child)
    assert moved.name == "Nama baru"
    assert (moved.path, moved.depth, moved.parent_id) == (f"/{root.pk}/{child.pk}/", 1, root.pk)


def test_moving_a_unit_reroots_its_whole_subtree(world, admin):
    a = _unit(world, admin, "A")
    b = _unit(world, admin, "B")
    b1 = _unit(world, admin, "B1", parent=b)
    b11 = _unit(world, admin, "B11", parent=b1)
    b111 = _unit(world, admin, "B111", parent=b11)
    sibling = _unit(world, admin, "B2", parent=b)

    unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(b1), parent=_fresh(a))

    assert _fresh(b1).parent_id == a.pk
    assert (_fresh(b1).path, _fresh(b1).depth) == (f"/{a.pk}/{b1.pk}/", 1)
    assert (_fresh(b11).path, _fresh(b11).depth) == (f"/{a.pk}/{b1.pk}/{b11.pk}/", 2)
    assert (_fresh(b111).path, _fresh(b111).depth) == (f"/{a.pk}/{b1.pk}/{b11.pk}/{b111.pk}/", 3)
    assert (_fresh(sibling).path, _fresh(sibling).depth) == (f"/{b.pk}/{sibling.pk}/", 1)  # untouched


def test_moving_a_subtree_to_the_top_and_deeper(world, admin):
    a = _unit(world, admin, "A")
    a1 = _unit(world, admin, "A1", parent=a)
    a11 = _unit(world, admin, "A11", parent=a1)
    unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(a1), parent=None)
    assert (_fresh(a1).path, _fresh(a1).depth) == (f"/{a1.pk}/", 0)
    assert (_fresh(a11).path, _fresh(a11).depth) == (f"/{a1.pk}/{a11.pk}/", 1)

    z = _unit(world, admin, "Z")
    z1 = _unit(world, admin, "Z1", parent=z)
    z11 = _unit(world, admin, "Z11", parent=z1)
    unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(a1), parent=_fresh(z11))
    assert (_fresh(a1).path, _fresh(a1).depth) == (f"/{z.pk}/{z1.pk}/{z11.pk}/{a1.pk}/", 3)
    assert (_fresh(a11).path, _fresh(a11).depth) == (f"/{z.pk}/{z1.pk}/{z11.pk}/{a1.pk}/{a11.pk}/", 4)


def test_move_does_not_touch_units_whose_id_shares_a_prefix(world, admin):
    """'/1/' must not match '/12/': the trailing slash in the path keeps prefixes exact."""
    units = [_unit(world, admin, f"U{i}") for i in range(12)]
    first = units[0]
    child = _unit(world, admin, "C", parent=first)
    others = {u.pk: _fresh(u).path for u in units[1:]}
    unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(first), parent=_fresh(units[1]))
    assert _fresh(child).path == f"/{units[1].pk}/{first.pk}/{child.pk}/"
    for pk, path in others.items():
        assert UnitKerja.objects.get(pk=pk).path == path


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_cycle_is_refused_and_tree_unchanged(world, admin, target):
    root = _unit(world, admin, "ROOT")
    child = _unit(world, admin, "CHILD", parent=root)
    grandchild = _unit(world, admin, "GRAND", parent=child)
    parent = {"self": root, "child": child, "grandchild": grandchild}[target]
    paths = dict(UnitKerja.objects.filter(instansi=world.a).values_list("pk", "path"))
    with pytest.raises(OrganizationError) as exc:
        unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(root), parent=_fresh(parent))
    assert exc.value.code == "unit.cycle"
    assert exc.value.message == "Unit induk tidak boleh unit itu sendiri atau bawahannya."
    assert dict(UnitKerja.objects.filter(instansi=world.a).values_list("pk", "path")) == paths
    assert _fresh(root).parent_id is None


def test_cycle_is_refused_even_with_paths_read_before_another_move(world, admin):
    """Two admins open the same tree; one puts A under B, then the other (holding the paths read
    before) puts B under A. The second must be refused, not make each unit the other's parent."""
    a = _unit(world, admin, "A")
    b = _unit(world, admin, "B")
    a_child = _unit(world, admin, "A1", parent=a)
    stale_a, stale_b = _fresh(a), _fresh(b)
    unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(a), parent=_fresh(b))
    with pytest.raises(OrganizationError) as exc:
        unit_save(actor=admin, instansi_id=world.a.pk, unit=stale_b, parent=stale_a)
    assert exc.value.code == "unit.cycle"
    assert _fresh(b).parent_id is None
    assert (_fresh(a).path, _fresh(a_child).path) == (f"/{b.pk}/{a.pk}/", f"/{b.pk}/{a.pk}/{a_child.pk}/")


def test_edit_with_a_stale_path_keeps_the_current_path(world, admin):
    a = _unit(world, admin, "A")
    b = _unit(world, admin, "B")
    child = _unit(world, admin, "C", parent=a)
    stale_child = _fresh(child)
    unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(a), parent=_fresh(b))
    unit_save(actor=admin, instansi_id=world.a.pk, unit=stale_child, name="Nama baru")
    assert (_fresh(child).path, _fresh(child).depth) == (f"/{b.pk}/{a.pk}/{child.pk}/", 2)


def test_parent_from_another_instansi_is_refused(world, admin):
    before = UnitKerja.objects.count()
    with pytest.raises(OrganizationError) as exc:
        _unit(world, admin, "X", parent=world.unit_b)
    assert exc.value.code == "unit.parent_instansi"
    assert "instansi yang sama" in exc.value.message
    assert UnitKerja.objects.count() == before


def test_duplicate_code_is_refused_in_indonesian(world, admin):
    _unit(world, admin, "BKPSDM")
    before = UnitKerja.objects.count()
    with pytest.raises(OrganizationError) as exc:
        _unit(world, admin, "BKPSDM")
    assert exc.value.message == "Kode unit kerja sudah dipakai di instansi ini."
    assert UnitKerja.objects.count() == before


def test_same_code_in_another_instansi_is_allowed(world, admin):
    unit = _unit(world, world.users["other_instansi_admin"], "BKPSDM", instansi=world.b)
    assert _unit(world, admin, "BKPSDM").code == unit.code


def test_unit_writes_are_audited(world, admin):
    unit = _unit(world, admin, "AUD")
    unit_save(actor=admin, instansi_id=world.a.pk, unit=_fresh(unit), name="Ganti")
    events = AuditEvent.objects.filter(object_type="organizations.unitkerja", object_id=str(unit.pk))
    assert sorted(events.values_list("action", flat=True)) == ["unit.create", "unit.update"]
    assert set(events.values_list("instansi_id", flat=True)) == {world.a.pk}


def test_instansi_switch_is_audited(world):
    superadmin = world.users["superadmin"]
    instansi_switch(actor=superadmin, instansi=world.b)
    instansi_switch(actor=superadmin, instansi=None)
    assert list(AuditEvent.objects.filter(actor=superadmin).order_by("id").values_list("action", "instansi_id")) == [
        ("instansi.switch", world.b.pk),
        ("instansi.switch_off", None),
    ]


# --- jabatan_save ---------------------------------------------------------------------------------


def _jabatan(world, admin, code="JF", jenis="fungsional_keahlian", jenjang="ahli_muda", **extra):
    return jabatan_save(
        actor=admin,
        instansi_id=world.a.pk,
        code=code,
        name=f"Jabatan {code}",
        jenis=jenis,
        jenjang=jenjang,
        unit_kerja=world.unit_a,
        **extra,
    )


@pytest.mark.parametrize(
    "jenis, jenjang, ok",
    [
        ("jpt", "pratama", True),
        ("jpt", "utama", True),
        ("jpt", "ahli_muda", False),
        ("jpt", "", False),
        ("administrator", "", True),
        ("administrator", "madya", False),
        ("pengawas", "", True),
        ("pengawas", "penyelia", False),
        ("fungsional_keahlian", "ahli_muda", True),
        ("fungsional_keahlian", "mahir", False),
        ("fungsional_keahlian", "", False),
        ("fungsional_keterampilan", "penyelia", True),
        ("fungsional_keterampilan", "ahli_muda", False),
        ("pelaksana", "operator", True),
        ("pelaksana", "pratama", False),
    ],
)
def test_jenjang_must_belong_to_jenis(world, admin, jenis, jenjang, ok):
    before = Jabatan.objects.count()
    if ok:
        jabatan = _jabatan(world, admin, jenis=jenis, jenjang=jenjang)
        assert Jabatan.objects.get(pk=jabatan.pk).jenjang == jenjang
    else:
        with pytest.raises(OrganizationError) as exc:
            _jabatan(world, admin, jenis=jenis, jenjang=jenjang)
        assert exc.value.code == "jabatan.jenjang"
        assert "enjang" in exc.value.message
        assert Jabatan.objects.count() == before


def test_jenjang_is_rechecked_when_only_jenis_changes(world, admin):
    jabatan = _jabatan(world, admin)
    with pytest.raises(OrganizationError) as exc:
        jabatan_save(actor=admin, instansi_id=world.a.pk, jabatan=Jabatan.objects.get(pk=jabatan.pk), jenis="pengawas")
    assert exc.value.code == "jabatan.jenjang"  # the service's rule, not only the database backstop
    assert Jabatan.objects.get(pk=jabatan.pk).jenis == "fungsional_keahlian"
    with pytest.raises(OrganizationError) as exc:
        jabatan_save(actor=admin, instansi_id=world.a.pk, jabatan=Jabatan.objects.get(pk=jabatan.pk), jenjang="mahir")
    assert exc.value.code == "jabatan.jenjang"


def test_unit_from_another_instansi_is_refused(world, admin):
    with pytest.raises(OrganizationError) as exc:
        jabatan_save(
            actor=admin,
            instansi_id=world.a.pk,
            code="X",
            name="X",
            jenis="pengawas",
            jenjang="",
            unit_kerja=world.unit_b,
        )
    assert exc.value.code == "jabatan.unit_instansi"
    assert not Jabatan.objects.filter(code="X").exists()


def test_duplicate_jabatan_code_is_refused_in_indonesian(world, admin):
    with pytest.raises(OrganizationError) as exc:
        _jabatan(world, admin, code="PERAWAT")  # world already has it in instansi A
    assert exc.value.message == "Kode jabatan sudah dipakai di instansi ini."


def test_tasks_and_functions_are_replaced_in_order(world, admin):
    jabatan = _jabatan(
        world,
        admin,
        tasks=[{"description": "Tugas 1", "output": "Hasil 1"}, {"description": "Tugas 2"}],
        functions=["Fungsi 1", "Fungsi 2", "Fungsi 3"],
    )
    assert list(jabatan.tasks.values_list("order", "description", "output")) == [
        (1, "Tugas 1", "Hasil 1"),
        (2, "Tugas 2", ""),
    ]
    assert list(jabatan.functions.values_list("description", flat=True)) == ["Fungsi 1", "Fungsi 2", "Fungsi 3"]

    jabatan_save(
        actor=admin,
        instansi_id=world.a.pk,
        jabatan=Jabatan.objects.get(pk=jabatan.pk),
        tasks=[{"description": "Tugas baru", "output": "Hasil baru"}],
        functions=[],
    )
    assert list(JobTask.objects.filter(jabatan=jabatan).values_list("order", "description")) == [(1, "Tugas baru")]
    assert not JobFunction.objects.filter(jabatan=jabatan).exists()
    assert set(JobTask.objects.filter(jabatan=jabatan).values_list("instansi_id", flat=True)) == {world.a.pk}


def test_tasks_are_kept_when_not_given(world, admin):
    jabatan = _jabatan(world, admin, tasks=[{"description": "Tetap"}], functions=["Fungsi"])
    jabatan_save(actor=admin, instansi_id=world.a.pk, jabatan=Jabatan.objects.get(pk=jabatan.pk), name="Ubah nama")
    assert list(jabatan.tasks.values_list("description", flat=True)) == ["Tetap"]
    assert list(jabatan.functions.values_list("description", flat=True)) == ["Fungsi"]


def test_failed_save_keeps_old_tasks(world, admin):
    jabatan = _jabatan(world, admin, tasks=[{"description": "Lama"}])
    with pytest.raises(OrganizationError):
        jabatan_save(
            actor=admin,
            instansi_id=world.a.pk,
            jabatan=Jabatan.objects.get(pk=jabatan.pk),
            code="PERAWAT",  # duplicate: the whole save rolls back
            tasks=[{"description": "Baru"}],
        )
    assert list(jabatan.tasks.values_list("description", flat=True)) == ["Lama"]


def test_jabatan_writes_are_audited(world, admin):
    jabatan = _jabatan(world, admin)
    event = AuditEvent.objects.get(action="jabatan.create", object_id=str(jabatan.pk))
    assert (event.actor_id, event.instansi_id) == (admin.pk, world.a.pk)
