import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.employees.tests.factories import PegawaiFactory
from apps.needs.models import Assessment, JpmPolicy
from apps.needs.selectors import current_assessment_of, policy_for
from apps.needs.services import assessment_record
from apps.needs.tests.conftest import post_levels

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _assess(world, pegawai, levels, method="assessment_center", days_ago=10):
    return assessment_record(
        actor=world.users["bkpsdm_admin"],
        pegawai=pegawai,
        method=method,
        levels=levels,
        assessed_on=TODAY - datetime.timedelta(days=days_ago),
        require_all=False,
    )


def test_current_profile_priority_and_validity(world, worked_levels):
    owner = world.owner_pegawai
    all_five = dict.fromkeys(worked_levels, 5)
    ac = _assess(world, owner, worked_levels, "assessment_center", days_ago=400)
    assessment_record(actor=world.users["owner"], pegawai=owner, method="self", levels=all_five)
    policy = policy_for(world.a.pk, TODAY)
    assert current_assessment_of(owner, policy, TODAY) == ac  # AC beats a newer self-assessment
    JpmPolicy.objects.create(
        instansi=world.a, validity_months=12, effective_from=datetime.date(2020, 1, 1), source="uji"
    )
    policy = policy_for(world.a.pk, TODAY)
    assert current_assessment_of(owner, policy, TODAY).method == "self"  # AC is now too old


GAP_ACTORS = [
    ("owner", 200),
    ("supervisor", 200),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 404),
    ("mentor", 404),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", GAP_ACTORS)
def test_pegawai_gap_matrix(actor, status, login_actor, client, world, worked_levels):
    _assess(world, world.owner_pegawai, worked_levels)
    login_actor(actor)
    resp = client.get(reverse("needs:pegawai_gap", args=[world.owner_pegawai.pk]))
    assert resp.status_code == status
    if status == 200:
        assert "88,9%" in resp.text  # one decimal (core percent filter)
        assert "Memenuhi Syarat" in resp.text


def test_incomplete_jpm_shown_as_incomplete(login_actor, client, world, worked_levels):
    levels = dict(worked_levels)
    levels.pop(next(iter(levels)))
    a = _assess(world, world.owner_pegawai, levels)
    assert a.jpm_percent is None and not a.jpm_complete
    login_actor("owner")
    resp = client.get(reverse("needs:pegawai_gap", args=[world.owner_pegawai.pk]))
    assert "belum lengkap" in resp.text


LIST_ACTORS = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 302),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 200),
]


@pytest.mark.parametrize("actor, status", LIST_ACTORS)
@pytest.mark.parametrize("url", ["needs:gap_list", "needs:heatmap"])
def test_admin_gap_pages_matrix(actor, status, url, login_actor, client, world, worked_levels):
    _assess(world, world.owner_pegawai, worked_levels)
    login_actor(actor)
    resp = client.get(reverse(url))
    assert resp.status_code == status
    if actor == "other_instansi_admin":
        assert world.owner_pegawai.name not in resp.text
        assert "M.03" not in resp.text


@pytest.mark.parametrize("rows", [3, 30])
def test_gap_list_queries_constant(rows, login_actor, client, world, worked_levels, django_assert_max_num_queries):
    for _i in range(rows):
        p = PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a, jabatan=world.staff_jab)
        _assess(world, p, worked_levels)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(14):
        resp = client.get(reverse("needs:gap_list"), {"fit": "MS"})
    assert len(resp.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_heatmap_queries_constant_and_shares(
    rows, login_actor, client, world, worked_levels, django_assert_max_num_queries
):
    m03 = next(k for k, v in worked_levels.items() if v == 2)
    for i in range(rows):
        p = PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a, jabatan=world.staff_jab)
        levels = dict(worked_levels)
        if i % 3 == 0:
            levels[m03] = 3  # a third meets M.03
        _assess(world, p, levels)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("needs:heatmap"))
    table = resp.context["table"]
    ((_gid, _name, cells),) = table.rows
    codes = [code for _k, code, _n in table.columns]
    cell = cells[codes.index("M.03")]
    assert cell.total == rows
    assert cell.below == rows - len(range(0, rows, 3))
    assert cells[codes.index("M.01")].below == 0


def test_heatmap_by_jabatan_and_xlsx(login_actor, client, world, worked_levels):
    _assess(world, world.owner_pegawai, worked_levels)
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("needs:heatmap"), {"by": "jabatan", "format": "xlsx"})
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.content)).active
    assert sheet.cell(1, 1).value == "Jabatan"
    assert sheet.cell(2, 1).value == world.staff_jab.name


def test_gap_list_xlsx_neutralises_formulas(login_actor, client, world, worked_levels):
    p = PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a, jabatan=world.staff_jab, name="=HYPERLINK(1)")
    _assess(world, p, worked_levels)
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("needs:gap_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(resp.content)).active
    names = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert "'=HYPERLINK(1)" in names
    assert 88.89 in [sheet.cell(r, 6).value for r in range(2, sheet.max_row + 1)]


TEAM_ACTORS = [
    ("owner", 403),
    ("supervisor", 200),
    ("bkpsdm_admin", 403),
    ("superadmin", 403),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 403),
]


@pytest.mark.parametrize("actor, status", TEAM_ACTORS)
def test_team_page_matrix(actor, status, login_actor, client, world, worked_levels):
    _assess(world, world.owner_pegawai, worked_levels)
    login_actor(actor)
    resp = client.get(reverse("needs:team"))
    assert resp.status_code == status
    if status == 200:
        assert world.owner_pegawai.name in resp.text
        assert world.other_pegawai.name not in resp.text
        assert "2/3" in resp.text  # M.03 actual 2 of required 3


def test_cross_instansi_admin_assess_is_404_and_nothing_saved(login_actor, client, world, worked_levels):
    login_actor("other_instansi_admin")
    data = post_levels(worked_levels, method="assessment_center", assessed_on="2026-01-10")
    assert client.post(reverse("needs:assess_admin", args=[world.owner_pegawai.pk]), data).status_code == 404
    assert not Assessment.objects.exists()
