"""L3 (evaluasi pasca pelatihan) opens by itself N months after a batch ends, N per programme (issue 23, rule
25), and each atasan hears of it once per alumnus, in the bell and by e-mail."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.enrollments.models import Notification
from apps.evaluations import services, tasks
from apps.evaluations.models import EvaluationPolicy, Invitation, Level, Questionnaire
from apps.evaluations.tests.factories import make_batch

pytestmark = pytest.mark.django_db
ENDED = datetime.date(2026, 1, 15)


def _opened(world, today):
    return {q.angkatan_id for q in services.schedule_followups(instansi_id=world.a.pk, today=today)}


def test_programme_months_decide_when_l3_opens(world):
    six = make_batch(world.a, participants=[world.owner_pegawai], completed_on=ENDED)
    six.program.l3_after_months = 6
    six.program.save(update_fields=["l3_after_months"])
    default = make_batch(world.a, participants=[world.mate_pegawai], completed_on=ENDED)

    assert _opened(world, datetime.date(2026, 4, 14)) == set()  # three months not yet over
    assert _opened(world, datetime.date(2026, 4, 15)) == {default.angkatan.pk}  # instansi default: 3
    assert _opened(world, datetime.date(2026, 7, 14)) == set()
    assert _opened(world, datetime.date(2026, 7, 15)) == {six.angkatan.pk}
    assert _opened(world, datetime.date(2026, 8, 1)) == set()  # once per batch
    levels = Questionnaire.objects.filter(angkatan=six.angkatan).values_list("level", flat=True)
    assert sorted(levels) == [Level.L3_ALUMNI, Level.L3_ATASAN]


def test_programme_months_win_over_the_instansi_setting(world):
    EvaluationPolicy.objects.create(instansi=world.a, l3_months=4)
    batch = make_batch(world.a, participants=[world.owner_pegawai], completed_on=ENDED)
    assert _opened(world, datetime.date(2026, 4, 15)) == set()  # instansi: 4 months
    batch.program.l3_after_months = 2
    batch.program.save(update_fields=["l3_after_months"])
    assert _opened(world, datetime.date(2026, 4, 15)) == {batch.angkatan.pk}


@pytest.mark.parametrize("months", [0, 13])
def test_months_outside_1_to_12_are_refused_in_indonesian(world, months):
    batch = make_batch(world.a, participants=[world.owner_pegawai], completed_on=ENDED)
    batch.program.l3_after_months = months
    with pytest.raises(ValidationError, match="1–12 bulan setelah angkatan selesai"):
        batch.program.full_clean()


def test_daily_task_opens_due_l3_and_notifies_each_atasan_once(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    done = services.months_before(today, 3)
    batch = make_batch(world.a, participants=[world.owner_pegawai, world.mate_pegawai], completed_on=done)
    supervisor = world.users["supervisor"]
    mail.outbox.clear()
    for _run in range(2):  # beat may fire twice, a worker may redo a task (acks_late)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.evaluations_daily.apply()

    atasan_q = Questionnaire.objects.get(angkatan=batch.angkatan, level=Level.L3_ATASAN)
    invitations = Invitation.objects.filter(questionnaire=atasan_q)
    assert sorted(i.subject_id for i in invitations) == sorted([world.owner_pegawai.pk, world.mate_pegawai.pk])
    assert {i.pegawai_id for i in invitations} == {world.supervisor_pegawai.pk}
    assert all(i.sent_at is not None for i in invitations)
    notes = Notification.objects.filter(recipient=supervisor, dedupe_key__startswith="l3-atasan:")
    assert notes.count() == 2  # one per alumnus, not per run
    assert {n.url for n in notes} == {reverse("evaluations:answer", args=[i.pk]) for i in invitations}
    assert all(n.emailed_at is not None for n in notes)
    assert world.owner_pegawai.name in " ".join(n.title for n in notes)
    to_atasan = [m for m in mail.outbox if supervisor.email in m.to]
    assert len(to_atasan) == 2 and all("Evaluasi pasca pelatihan" in m.subject for m in to_atasan)
