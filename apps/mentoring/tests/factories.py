import datetime

import factory
from django.utils import timezone

from apps.catalog.models import JPConversionRule
from apps.mentoring.models import (
    MentoringPair,
    MentoringProgram,
    MentoringSession,
    ProgramMentee,
    ProgramMentor,
    ProjectAssignment,
)


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def ensure_jp_rules() -> dict[str, JPConversionRule]:
    """The national coaching/mentoring rows of the catalog data migration (a flush after a transactional
    test may have removed them): 2 JP per session, at most 2 sessions per pair per month."""
    rules = {}
    for form in ("mentoring", "coaching"):
        rules[form], _ = JPConversionRule.objects.get_or_create(
            instansi=None,
            form=form,
            effective_from=datetime.date(2018, 1, 1),
            defaults={
                "unit": "session",
                "jp_per_unit": 2,
                "cap_units": 2,
                "cap_period": "month",
                "evidence_required": "log sesi",
                "needs_verification": True,
                "source": "domain.md §6",
            },
        )
    return rules


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringProgram

    name = factory.Sequence(lambda n: f"Program Mentoring {n}")
    kind = "mentoring"
    start_date = factory.LazyFunction(lambda: _days(-120))
    end_date = factory.LazyFunction(lambda: _days(120))
    goal = "Senior membimbing pegawai baru"
    jp_rule = factory.LazyAttribute(lambda o: ensure_jp_rules()[o.kind])
    status = "active"


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramMentor

    instansi = factory.SelfAttribute("program.instansi")
    program = factory.SubFactory(ProgramFactory)
    capacity = 3


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramMentee

    instansi = factory.SelfAttribute("program.instansi")
    program = factory.SubFactory(ProgramFactory)
    reason = "gap"
    note = "Kesenjangan perencanaan anggaran"


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringPair

    instansi = factory.SelfAttribute("program.instansi")
    program = factory.SubFactory(ProgramFactory)
    mentor = factory.SubFactory(MentorFactory, program=factory.SelfAttribute("..program"))
    mentee = factory.SubFactory(MenteeFactory, program=factory.SelfAttribute("..program"))
    status = "active"
    started_on = factory.LazyFunction(lambda: _days(-90))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringSession

    instansi = factory.SelfAttribute("pair.instansi")
    pair = factory.SubFactory(PairFactory)
    date = factory.LazyFunction(lambda: _days(-1))
    duration_minutes = 60
    topic = factory.Sequence(lambda n: f"Penyusunan RKA {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectAssignment
        skip_postgeneration_save = True

    instansi = factory.SelfAttribute("pegawai.instansi")
    kind = "learning"
    title = factory.Sequence(lambda n: f"Proyek penerapan {n}")
    objectives = "Menerapkan hasil pelatihan"
    deliverables = "Dokumen SOP"
    start_date = factory.LazyFunction(lambda: _days(-10))
    end_date = factory.LazyFunction(lambda: _days(60))
    status = "active"

    @factory.post_generation
    def competencies(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        if create and extracted:
            obj.competencies.set(extracted)
