"""Demo seed: an active programme per demo instansi with pairs (mentor.<kota> → pegawai.<kota>),
sessions confirmed with JP through the ledger (the third of a month over the cap), a session awaiting
confirmation, and a project; running it twice duplicates nothing."""

import pytest

from apps.competencies.seed import seed_competencies
from apps.employees.seed import seed_employees
from apps.enrollments.models import JPLedgerEntry
from apps.mentoring.models import MentoringPair, MentoringProgram, MentoringSession, ProjectAssignment
from apps.mentoring.seed import seed_mentoring
from apps.organizations.seed import seed_organizations

pytestmark = pytest.mark.django_db


def test_seed_demo_mentoring(jp_rules):
    lines: list[str] = []
    for step in (seed_organizations, seed_employees, seed_competencies, seed_mentoring):
        step(lines.append)
    for code in ("kendari", "palu"):
        assert MentoringProgram.objects.filter(instansi__code=code, status="active").count() == 2
        pair = MentoringPair.objects.get(
            instansi__code=code,
            mentor__pegawai__user__username=f"mentor.{code}",
            mentee__pegawai__user__username=f"pegawai.{code}",
        )
        sessions = list(MentoringSession.objects.filter(pair=pair).order_by("date", "id"))
        assert [s.jp_credited for s in sessions if s.status == "confirmed"] == [2, 2, 0]
        assert [s.status for s in sessions].count("logged") == 1
        assert JPLedgerEntry.objects.filter(pegawai=pair.mentee.pegawai, source_type="mentoring").count() == 2
        assert ProjectAssignment.objects.filter(instansi__code=code, pegawai=pair.mentee.pegawai).exists()
    counts = (MentoringPair.objects.count(), MentoringSession.objects.count(), JPLedgerEntry.objects.count())
    seed_mentoring(lines.append)
    assert (MentoringPair.objects.count(), MentoringSession.objects.count(), JPLedgerEntry.objects.count()) == counts
