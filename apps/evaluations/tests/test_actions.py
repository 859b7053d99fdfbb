import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalog.models import Program
from apps.conftest import ALL_ACTORS
from apps.evaluations import services
from apps.evaluations.models import ImprovementAction
from apps.evaluations.services import EvaluationError
from apps.evaluations.tests.factories import questionnaire

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def action(world, batch):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    return services.action_create(
        actor=world.users["bkpsdm_admin"],
        instansi_id=world.a.pk,
        title="Tambah 2 sesi praktik",
        finding="Pelatihan dinilai terlalu singkat",
        kind="add_sessions",
        assignee=world.owner_pegawai,
        due_on=SOON,
        questionnaire=q,
    )


def _next_version(program):
    return Program.objects.create(
        instansi=program.instansi,
        code=f"{program.code}-v2",
        title=program.title,
        path=program.path,
        form=program.form,
        modality=program.modality,
        learning_hours=32,
        status="draft",
        version=2,
        previous_version=program,
    )


def test_action_takes_program_from_the_result(action, batch):
    assert action.program == batch.program and action.status == "open"


def test_action_rules(world, batch, action):
    admin = world.users["bkpsdm_admin"]
    with pytest.raises(EvaluationError):
        services.action_create(
            actor=admin,
            instansi_id=world.a.pk,
            title="x",
            finding="y",
            kind="other",
            assignee=world.pegawai_b,
            due_on=SOON,
        )
    with pytest.raises(EvaluationError):
        services.action_create(
            actor=admin,
            instansi_id=world.a.pk,
            title="x",
            finding="y",
            kind="other",
            assignee=world.owner_pegawai,
            due_on=datetime.date(2000, 1, 1),
        )
    with pytest.raises(EvaluationError) as exc:
        services.action_update(actor=admin, action=action, status="done")
    assert exc.value.field == "result_note"
    with pytest.raises(EvaluationError):
        services.action_link_next_program(actor=admin, action=action, next_program=batch.program)
    unrelated = Program.objects.create(
        instansi=world.a,
        code="LAIN",
        title="Lain",
        path="klasikal",
        form="teknis",
        modality="tatap_muka",
        learning_hours=8,
    )
    with pytest.raises(EvaluationError):
        services.action_link_next_program(actor=admin, action=action, next_program=unrelated)
    v2 = _next_version(batch.program)
    assert services.action_link_next_program(actor=admin, action=action, next_program=v2).next_program == v2


def test_needs_item_from_finding(world, batch, action):
    from apps.competencies.models import Kompetensi

    item = services.action_create_needs(
        actor=world.users["bkpsdm_admin"],
        action=action,
        kompetensi=Kompetensi.objects.get(code="M.05"),
        year=timezone.localdate().year + 1,
    )
    assert item.source == "survey" and item.affected == 3 and f"#{action.pk}" in item.evidence
    action.refresh_from_db()
    assert action.needs_item_ids == [item.pk]


LIST = {"other_instansi_admin": 200}


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_action_pages_matrix(actor, login_actor, client, world, action):
    login_actor(actor)
    listing = client.get(reverse("evaluations:actions"))
    assert listing.status_code == 200
    visible = actor in ("bkpsdm_admin", "superadmin", "owner")  # owner is the assignee
    assert (action.title in listing.text) == visible
    assert client.get(reverse("evaluations:action_detail", args=[action.pk])).status_code == (200 if visible else 404)
    resp = client.post(reverse("evaluations:action_status", args=[action.pk]), {"status": "in_progress"})
    assert resp.status_code == (302 if visible else 404)
    action.refresh_from_db()
    assert (action.status == "in_progress") == visible
    create = client.get(reverse("evaluations:action_create"))
    assert create.status_code == {"bkpsdm_admin": 200, "other_instansi_admin": 200, "superadmin": 302}.get(actor, 403)


def test_create_from_result_view_and_422(login_actor, client, world, batch):
    admin = login_actor("bkpsdm_admin")
    q = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)
    url = reverse("evaluations:action_create") + f"?kuesioner={q.pk}"
    assert "Temuan dari" in client.get(url).text
    resp = client.post(
        url,
        {
            "title": "",
            "finding": "x",
            "kind": "add_sessions",
            "assignee": world.owner_pegawai.nip,
            "due_on": "2000-01-01",
        },
    )
    assert resp.status_code == 422 and "tidak boleh kosong" in resp.text
    resp = client.post(
        url,
        {
            "title": "T",
            "finding": "x",
            "kind": "add_sessions",
            "assignee": world.owner_pegawai.nip,
            "due_on": "2000-01-01",
        },
    )
    assert resp.status_code == 422 and "Tenggat tidak boleh" in resp.text
    assert not ImprovementAction.objects.exists()
    resp = client.post(
        url,
        {
            "title": "T",
            "finding": "x",
            "kind": "add_sessions",
            "assignee": world.owner_pegawai.nip_display,
            "due_on": SOON.isoformat(),
        },
    )
    action = ImprovementAction.objects.get()
    assert resp.status_code == 302 and action.questionnaire == q and action.program == batch.program


def test_create_assignee_nip_outside_instansi_is_422(login_actor, client, world):
    login_actor("bkpsdm_admin")
    data = {"title": "T", "finding": "x", "kind": "add_sessions", "due_on": SOON.isoformat()}
    resp = client.post(reverse("evaluations:action_create"), {**data, "assignee": world.pegawai_b.nip})
    assert resp.status_code == 422
    assert "Tidak ada pegawai aktif dengan NIP ini yang dapat Anda pilih." in resp.text
    assert not ImprovementAction.objects.exists()
    resp = client.post(reverse("evaluations:action_create"), {**data, "assignee": world.owner_pegawai.nip_display})
    assert resp.status_code == 302 and ImprovementAction.objects.get().assignee == world.owner_pegawai


def test_other_instansi_cannot_touch_action(login_actor, client, world, action):
    login_actor("other_instansi_admin")
    assert (
        client.post(
            reverse("evaluations:action_status", args=[action.pk]), {"status": "done", "result_note": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("evaluations:action_link", args=[action.pk]), {"next_program": action.program_id}
        ).status_code
        == 404
    )
    action.refresh_from_db()
    assert action.status == "open"


def test_link_and_needs_views(login_actor, client, world, batch, action):
    login_actor("bkpsdm_admin")
    v2 = _next_version(batch.program)
    bad = client.post(reverse("evaluations:action_link", args=[action.pk]), {"next_program": batch.program.pk})
    assert bad.status_code == 422
    assert client.post(reverse("evaluations:action_link", args=[action.pk]), {"next_program": v2.pk}).status_code == 302
    from apps.competencies.models import Kompetensi

    resp = client.post(
        reverse("evaluations:action_needs", args=[action.pk]),
        {"kompetensi": Kompetensi.objects.get(code="M.05").pk, "year": 2027, "weight": 2, "gap_size": 9},
    )
    assert resp.status_code == 422
    resp = client.post(
        reverse("evaluations:action_needs", args=[action.pk]),
        {"kompetensi": Kompetensi.objects.get(code="M.05").pk, "year": 2027, "weight": 2, "gap_size": 1},
    )
    assert resp.status_code == 302
    action.refresh_from_db()
    assert action.next_program == v2 and len(action.needs_item_ids) == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_action_list_queries_constant(rows, login_actor, client, world, batch, django_assert_max_num_queries):
    admin = login_actor("bkpsdm_admin")
    for i in range(rows):
        services.action_create(
            actor=admin,
            instansi_id=world.a.pk,
            title=f"T{i}",
            finding="f",
            kind="other",
            assignee=world.owner_pegawai,
            due_on=SOON,
            program=batch.program,
        )
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("evaluations:actions"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


def test_assignee_hears_of_the_action_and_sees_it_on_home(world, action, login_actor, client, mailoutbox):
    """The penanggung jawab gets a notice (bell and e-mail) once, and a home card until it is done."""
    from apps.enrollments.models import Notification

    owner = world.users["owner"]
    notice = Notification.objects.get(recipient=owner)
    assert "Tambah 2 sesi praktik" in notice.title
    assert notice.url == reverse("evaluations:action_detail", args=[action.pk])
    login_actor("owner")
    home = client.get(reverse("core:home")).text
    assert "Tindakan perbaikan untuk Anda" in home
    assert reverse("evaluations:action_detail", args=[action.pk]) in home
    services.action_update(actor=world.users["bkpsdm_admin"], action=action, status="done", result_note="Dua sesi")
    assert "Tindakan perbaikan untuk Anda" not in client.get(reverse("core:home")).text
    login_actor("other_employee")
    assert "Tambah 2 sesi praktik" not in client.get(reverse("core:home")).text


def test_the_assignee_reaches_their_actions_from_the_menu(world, action, login_actor, client):
    """The menu's 'Tindakan perbaikan' opens, for a pegawai, the actions assigned to them and no other."""
    login_actor("owner")
    url = reverse("evaluations:actions")
    assert f'href="{url}"' in client.get(reverse("core:home")).text
    assert "Tambah 2 sesi praktik" in client.get(url).text
    login_actor("other_employee")
    page = client.get(url)
    assert page.status_code == 200 and "Tambah 2 sesi praktik" not in page.text
