import datetime

import factory
from django.utils import timezone

from apps.catalog.models import Angkatan, AngkatanSession, Program
from apps.enrollments.models import Enrollment
from apps.organizations.tests.factories import InstansiFactory


def today() -> datetime.date:
    return timezone.localdate()


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    instansi = factory.SubFactory(InstansiFactory)
    code = factory.Sequence(lambda n: f"PRG{n}")
    title = factory.Sequence(lambda n: f"Pelatihan Teknis Uji {n}")
    path = "klasikal"
    form = "teknis"
    modality = "tatap_muka"
    learning_hours = 24
    status = "published"


class AngkatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Angkatan

    instansi = factory.SubFactory(InstansiFactory)
    program = factory.SubFactory(ProgramFactory, instansi=factory.SelfAttribute("..instansi"))
    code = factory.Sequence(lambda n: f"ANG{n}")
    name = factory.Sequence(lambda n: f"Angkatan {n}")
    start_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=14))
    end_date = factory.LazyAttribute(lambda a: a.start_date + datetime.timedelta(days=2))
    modality = "tatap_muka"
    venue = "Aula BKPSDM"
    seats_total = 10
    waitlist_size = 60
    status = "open"
    requires_atasan_approval = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AngkatanSession

    angkatan = factory.SubFactory(AngkatanFactory)
    instansi = factory.SelfAttribute("angkatan.instansi")
    date = factory.LazyAttribute(lambda s: s.angkatan.start_date)
    start_time = datetime.time(8, 0)
    end_time = datetime.time(12, 0)
    topic = factory.Sequence(lambda n: f"Sesi {n}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """A bare row in any status (no events): for lists and query counts. Workflow tests use services."""

    class Meta:
        model = Enrollment

    angkatan = factory.SubFactory(AngkatanFactory)
    instansi = factory.SelfAttribute("angkatan.instansi")
    pegawai = factory.SubFactory(
        "apps.employees.tests.factories.PegawaiFactory",
        instansi=factory.SelfAttribute("..angkatan.instansi"),
        unit_kerja=factory.SubFactory(
            "apps.organizations.tests.factories.UnitKerjaFactory",
            instansi=factory.SelfAttribute("...angkatan.instansi"),
        ),
    )
    status = "requested"
    motivation = "Meningkatkan kompetensi"
    waitlisted_at = factory.LazyAttribute(lambda e: timezone.now() if e.status == "waitlisted" else None)


def certified_enrollment(world, pegawai=None):
    """A pegawai (the owner by default) who attended the one session of a batch that ended two days ago, was
    marked completed (JP credited) and got a certificate, all through the services, as BKPSDM would. Returns
    the certificate."""
    from apps.enrollments import services

    admin = world.users["bkpsdm_admin"]
    start = today() - datetime.timedelta(days=2)
    angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
    session = SessionFactory(angkatan=angkatan)
    enrollment = Enrollment.objects.create(
        instansi=world.a, pegawai=pegawai or world.owner_pegawai, angkatan=angkatan, status="enrolled"
    )
    services.attendance_save(actor=admin, session=session, present_ids={enrollment.pk})
    services.angkatan_complete(actor=admin, angkatan=angkatan)
    enrollment.refresh_from_db()
    return services.certificate_issue(actor=admin, enrollment=enrollment)
