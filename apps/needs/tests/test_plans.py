import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalog.models import Penyelenggara
from apps.competencies.models import Kompetensi
from apps.needs import services
from apps.needs.models import DevelopmentPlan, NeedsItem, PlanEvent, PlanItem

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year + 1


def m(code):
    return Kompetensi.objects.get(instansi=None, code=code)


@pytest.fixture
def need(world):
    return NeedsItem.objects.create(
        instansi=world.a, year=YEAR, source="assessment_gap", kompetensi=m("M.03"), pegawai=world.owner_pegawai
    )


@pytest.fixture
def plan(world):
    return DevelopmentPlan.objects.create(instansi=world.a, year=YEAR, title="RPK Kota A", ceiling_idr=100_000_000)


@pytest.fixture
def provider(world):
    return Penyelenggara.objects.create(instansi=world.a, name="BPSDM Provinsi", kind="internal")


def item_data(need, provider, **kw):
    data = {
        "kompetensi": need.kompetensi_id,
        "target_description": "Perawat ahli pertama",
        "target_count": 12,
        "path": "klasikal",
        "form": "manajerial",
        "penyelenggara": provider.pk,
        "schedule_quarter": 2,
        "curriculum_fit": "on",
        "budget_idr": 40_000_000,
        "funding_source": "apbd",
        "needs_items": [need.pk],
    }
    data.update(kw)
    return data


def add_item(world, plan, need, provider, budget=40_000_000):
    return services.plan_item_save(
        actor=world.users["bkpsdm_admin"],
        plan=plan,
        needs_items=[need],
        kompetensi=need.kompetensi,
        target_description="Perawat",
        target_count=10,
        path="klasikal",
        form="manajerial",
        penyelenggara=provider,
        schedule_month=3,
        budget_idr=budget,
        funding_source="apbd",
        unit_kerja=world.unit_a,
    )


DETAIL = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", DETAIL)
def test_detail_pdf_xlsx_matrix(actor, status, login_actor, client, plan, need, provider, world):
    add_item(world, plan, need, provider)
    login_actor(actor)
    for name in ("needs:plan_detail", "needs:plan_pdf", "needs:plan_xlsx"):
        resp = client.get(reverse(name, args=[plan.pk]))
        assert resp.status_code == status, name
    if status == 200:
        assert client.get(reverse("needs:plan_detail", args=[plan.pk])).context["totals"]["total"] == 40_000_000


LIST = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 200),
]


@pytest.mark.parametrize("actor, status", LIST)
def test_list_matrix(actor, status, login_actor, client, plan):
    login_actor(actor)
    resp = client.get(reverse("needs:plan_list"))
    assert resp.status_code == status
    if status == 200:
        assert (len(resp.context["page_obj"]) == 1) == (actor in ("bkpsdm_admin", "superadmin"))


CREATE = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 302),
    ("superadmin", 403),  # only admin BKPSDM writes plans
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 302),
]


@pytest.mark.parametrize("actor, status", CREATE)
def test_create_matrix(actor, status, login_actor, client, world):
    login_actor(actor)
    resp = client.post(reverse("needs:plan_create"), {"year": YEAR, "title": "RPK", "ceiling_idr": 5_000_000})
    assert resp.status_code == status
    assert DevelopmentPlan.objects.count() == (1 if status == 302 else 0)


ITEM_WRITE = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 302),
    ("superadmin", 403),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", ITEM_WRITE)
def test_item_create_matrix(actor, status, login_actor, client, plan, need, provider):
    login_actor(actor)
    resp = client.post(reverse("needs:plan_item_create", args=[plan.pk]), item_data(need, provider))
    assert resp.status_code == status
    assert PlanItem.objects.count() == (1 if status == 302 else 0)
    need.refresh_from_db()
    assert need.status == ("planned" if status == 302 else "open")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"budget_idr": 150_000_000}, "melebihi pagu"),
        ({"budget_idr": -5}, "Anggaran harus bilangan bulat Rupiah"),
        ({"needs_items": []}, "minimal satu kebutuhan"),
        ({"form": "coaching"}, "tidak termasuk jalur"),
        ({"schedule_quarter": ""}, "Isi jadwal"),
        ({"penyelenggara": ""}, "Isi penyelenggara"),
    ],
)
def test_bad_plan_item_422_nothing_saved(change, message, login_actor, client, plan, need, provider):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("needs:plan_item_create", args=[plan.pk]), item_data(need, provider, **change))
    assert resp.status_code == 422
    assert message in resp.text
    assert not PlanItem.objects.exists()
    need.refresh_from_db()
    assert need.status == "open"


def test_link_all_open_needs_of_kompetensi(login_actor, client, plan, need, provider, world):
    other = NeedsItem.objects.create(
        instansi=world.a, year=YEAR, source="assessment_gap", kompetensi=m("M.03"), pegawai=world.mate_pegawai
    )
    login_actor("bkpsdm_admin")
    data = item_data(need, provider, needs_items=[], link_all="on")
    assert client.post(reverse("needs:plan_item_create", args=[plan.pk]), data).status_code == 302
    assert set(PlanItem.objects.get().needs_items.values_list("pk", flat=True)) == {need.pk, other.pk}


def test_workflow_submit_approve_and_new_version(login_actor, client, plan, need, provider, world):
    add_item(world, plan, need, provider)
    login_actor("bkpsdm_admin")
    action = lambda a, **d: client.post(reverse("needs:plan_action", args=[plan.pk, a]), d)  # noqa: E731
    assert action("approve", signatory_name="X").status_code == 422  # not submitted yet
    assert action("submit").status_code == 302
    resp = client.post(reverse("needs:plan_item_create", args=[plan.pk]), item_data(need, provider))
    assert resp.status_code == 422 and "selama berstatus draf" in resp.text
    resp = action("approve", signatory_name="", signatory_title="Kepala BKPSDM")
    assert resp.status_code == 422 and "Isi nama kepala BKPSDM" in resp.text
    assert action("approve", signatory_name="Dr. La Ode Hasan", signatory_title="Kepala BKPSDM").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by == world.users["bkpsdm_admin"]
    assert list(PlanEvent.objects.filter(plan=plan).order_by("id").values_list("action", flat=True)) == [
        "submit",
        "approve",
    ]
    assert action("new_version").status_code == 302
    new = DevelopmentPlan.objects.get(version=2)
    assert new.status == "draft" and new.supersedes == plan and new.items.count() == 1
    assert new.items.get().needs_items.get() == need
    services.plan_submit(actor=world.users["bkpsdm_admin"], plan=new)
    services.plan_approve(actor=world.users["bkpsdm_admin"], plan=new, signatory_name="Y", signatory_title="K")
    plan.refresh_from_db()
    assert plan.status == "superseded"


def test_submit_over_ceiling_refused(login_actor, client, plan, need, provider, world):
    add_item(world, plan, need, provider, budget=90_000_000)
    DevelopmentPlan.objects.filter(pk=plan.pk).update(ceiling_idr=50_000_000)
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("needs:plan_detail", args=[plan.pk]))
    assert "melebihi pagu" in resp.text
    resp = client.post(reverse("needs:plan_action", args=[plan.pk, "submit"]))
    assert resp.status_code == 422 and "tidak dapat diajukan" in resp.text
    plan.refresh_from_db()
    assert plan.status == "draft" and not PlanEvent.objects.exists()


def test_negative_ceiling_refused(login_actor, client, world):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("needs:plan_create"), {"year": YEAR, "title": "RPK", "ceiling_idr": -1})
    assert resp.status_code == 422 and "Pagu anggaran harus" in resp.text
    assert not DevelopmentPlan.objects.exists()


def test_cross_instansi_actions_404_row_unchanged(login_actor, client, plan, need, provider, world):
    item = add_item(world, plan, need, provider)
    login_actor("other_instansi_admin")
    assert client.post(reverse("needs:plan_action", args=[plan.pk, "submit"])).status_code == 404
    assert client.post(reverse("needs:plan_edit", args=[plan.pk]), {"title": "X", "ceiling_idr": 1}).status_code == 404
    assert client.post(reverse("needs:plan_item_delete", args=[plan.pk, item.pk])).status_code == 404
    data = item_data(need, provider, budget_idr=1)
    assert client.post(reverse("needs:plan_item_edit", args=[plan.pk, item.pk]), data).status_code == 404
    plan.refresh_from_db()
    item.refresh_from_db()
    assert plan.status == "draft" and plan.title == "RPK Kota A" and item.budget_idr == 40_000_000


def test_delete_item_reopens_need(login_actor, client, plan, need, provider, world):
    item = add_item(world, plan, need, provider)
    login_actor("bkpsdm_admin")
    assert client.post(reverse("needs:plan_item_delete", args=[plan.pk, item.pk])).status_code == 302
    need.refresh_from_db()
    assert need.status == "open" and not PlanItem.objects.exists()


def test_xlsx_neutralises_formulas(login_actor, client, plan, need, provider, world):
    item = add_item(world, plan, need, provider)
    PlanItem.objects.filter(pk=item.pk).update(target_description='=HYPERLINK("http://x","klik")')
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("needs:plan_xlsx", args=[plan.pk]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(resp.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith("=") for v in values)
    assert any("HYPERLINK" in v for v in values)
    assert 40_000_000 in [c.value for row in sheet.iter_rows() for c in row]


def test_pdf_renders_official_layout(login_actor, client, plan, need, provider, world, tmp_path):
    add_item(world, plan, need, provider)
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("needs:plan_pdf", args=[plan.pk]))
    assert resp["Content-Type"] == "application/pdf" and resp.content.startswith(b"%PDF")
    (tmp_path / "rpk.pdf").write_bytes(resp.content)
    command = ["/usr/bin/pdftotext", str(tmp_path / "rpk.pdf"), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "RENCANA PENGEMBANGAN KOMPETENSI" in text and "Rp 40.000.000" in text and "PEMERINTAH KOTA A" in text


@pytest.mark.parametrize("rows", [3, 30])
def test_list_and_detail_queries_constant(
    rows, login_actor, client, world, need, provider, django_assert_max_num_queries
):
    for i in range(rows):
        DevelopmentPlan.objects.create(instansi=world.a, year=2030 + i, title=f"R{i}", ceiling_idr=10**12)
    plan = DevelopmentPlan.objects.create(instansi=world.a, year=YEAR, title="RPK", ceiling_idr=10**12)
    for _i in range(rows):
        add_item(world, plan, need, provider, budget=1000)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("needs:plan_list"))
    assert len(resp.context["page_obj"]) == min(rows + 1, 25)
    with django_assert_max_num_queries(16):
        resp = client.get(reverse("needs:plan_detail", args=[plan.pk]))
    assert resp.context["totals"]["total"] == rows * 1000
