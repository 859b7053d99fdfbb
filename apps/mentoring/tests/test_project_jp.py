"""An assessed project assignment earns JP once, by the conversion rule for a completed assignment (domain.md
§6: magang / praktik kerja, 20 JP per assignment by default), and the pegawai is told (issue 23)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from apps.catalog.models import JPConversionRule
from apps.core.exceptions import InvalidTransition
from apps.enrollments.models import JPLedgerEntry, Notification
from apps.mentoring import services
from apps.mentoring.errors import MentoringError
from apps.mentoring.models import ProjectEvent
from apps.mentoring.services.projects import PROJECT_JP_FORM
from apps.mentoring.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment_rule(db):
    """The national "per completed assignment" row of the catalog data migration (recreated after a flush)."""
    rule, _ = JPConversionRule.objects.get_or_create(
        instansi=None,
        form=PROJECT_JP_FORM,
        effective_from=datetime.date(2018, 1, 1),
        defaults={"unit": "assignment", "jp_per_unit": 20, "needs_verification": True, "source": "domain.md §6"},
    )
    return rule


@pytest.fixture
def submitted(world, kompetensi, assignment_rule):
    return ProjectFactory(
        pegawai=world.owner_pegawai, supervisor=world.supervisor_pegawai, status="submitted", competencies=kompetensi
    )


def _assess(world, project, kompetensi, rating=4):
    return services.project_assess(
        actor=world.users["supervisor"],
        project=project,
        outcome_rating=rating,
        outcome_note="Baik",
        evidence=[(kompetensi[0], 3, "SOP tersusun")],
    )


def test_assessment_credits_jp_once_and_tells_the_pegawai(
    world, submitted, kompetensi, assignment_rule, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assessed = _assess(world, submitted, kompetensi)

    entry = JPLedgerEntry.objects.get(pegawai=world.owner_pegawai, source_ref=f"mentoring-project:{submitted.pk}")
    today = services.local_today(world.a)
    assert (entry.jp, entry.credited_on, entry.year, entry.conversion_rule) == (20, today, today.year, assignment_rule)
    assert submitted.title in entry.title and entry.created_by == world.users["supervisor"]
    assert (assessed.jp_credited, assessed.jp_note) == (20, "")
    notice = Notification.objects.get(recipient=world.users["owner"], dedupe_key__startswith="mproject-event")
    assert "20 JP dicatat di buku JP Anda" in notice.title and submitted.title in notice.title

    with pytest.raises(InvalidTransition):  # assessed once; a second assessment is refused
        _assess(world, assessed, kompetensi)
    event = ProjectEvent.objects.get(project=submitted, action="assess")
    assert services.project_event_notify(event_id=event.pk) == 0  # a retried notice task sends nothing
    assert JPLedgerEntry.objects.filter(source_ref=f"mentoring-project:{submitted.pk}").count() == 1
    assert (
        Notification.objects.filter(recipient=world.users["owner"], dedupe_key__startswith="mproject-event").count()
        == 1
    )


def test_instansi_rule_version_wins_and_is_kept(world, submitted, kompetensi):
    own = JPConversionRule.objects.create(
        instansi=world.a,
        form=PROJECT_JP_FORM,
        unit="assignment",
        jp_per_unit=12,
        effective_from=datetime.date(2024, 1, 1),
        source="Perbup uji",
    )
    _assess(world, submitted, kompetensi)
    entry = JPLedgerEntry.objects.get(source_ref=f"mentoring-project:{submitted.pk}")
    assert (entry.jp, entry.conversion_rule) == (12, own)


def test_no_rule_in_force_assesses_without_jp(world, submitted, kompetensi, assignment_rule):
    JPConversionRule.objects.filter(form=PROJECT_JP_FORM).update(effective_to=datetime.date(2019, 1, 1))
    assessed = _assess(world, submitted, kompetensi)
    assert (
        assessed.status == "assessed" and assessed.jp_credited == 0 and "Tidak ada aturan konversi" in assessed.jp_note
    )
    assert not JPLedgerEntry.objects.filter(source_ref=f"mentoring-project:{submitted.pk}").exists()


def test_bad_rating_saves_nothing(world, submitted, kompetensi):
    with pytest.raises(MentoringError, match="Nilai hasil harus 1–5"):
        _assess(world, submitted, kompetensi, rating=6)
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.jp_credited == 0
    assert not JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).exists()


def test_assess_view_credits_jp_and_other_instansi_gets_404(world, submitted, kompetensi, login_actor, client):
    url = reverse("mentoring:project_assess", args=[submitted.pk])
    data = {"outcome_rating": 4, "outcome_note": "Baik", f"level_{kompetensi[0].pk}": 3}
    login_actor("other_instansi_admin")
    assert client.post(url, data).status_code == 404
    assert not JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).exists()
    login_actor("supervisor")
    assert client.post(url, data).status_code == 302
    login_actor("owner")
    page = client.get(reverse("enrollments:my_jp"))
    assert submitted.title in page.text and page.context["progress"].jp == 20
    detail = client.get(reverse("mentoring:project_detail", args=[submitted.pk]))
    assert "20 JP" in detail.text
