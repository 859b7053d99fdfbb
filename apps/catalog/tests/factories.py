import datetime

import factory

from apps.catalog.models import Angkatan, AngkatanSession, Narasumber, Penyelenggara, Program, ProgramModule
from apps.organizations.tests.factories import InstansiFactory


class PenyelenggaraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Penyelenggara

    instansi = factory.SubFactory(InstansiFactory)
    name = factory.Sequence(lambda n: f"Penyelenggara Uji {n}")
    kind = "internal"


class NarasumberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Narasumber

    instansi = factory.SubFactory(InstansiFactory)
    name = factory.Sequence(lambda n: f"Narasumber Uji {n}")
    expertise = "Pelayanan publik"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    instansi = factory.SubFactory(InstansiFactory)
    visibility = "private"
    code = factory.Sequence(lambda n: f"PRG-{n}")
    title = factory.Sequence(lambda n: f"Pelatihan Teknis Uji {n}")
    path = "klasikal"
    form = "teknis"
    modality = "tatap_muka"
    learning_hours = 24
    status = "published"
    search_text = factory.LazyAttribute(lambda o: f"{o.code} {o.title}")


class ProgramModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramModule

    program = factory.SubFactory(ProgramFactory)
    instansi = factory.SelfAttribute("program.instansi")
    title = factory.Sequence(lambda n: f"Modul {n}")
    learning_hours = 8


def _soon(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)


class AngkatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Angkatan

    program = factory.SubFactory(ProgramFactory)
    instansi = factory.SelfAttribute("program.instansi")
    code = factory.Sequence(lambda n: f"ANG-{n}")
    name = factory.Sequence(lambda n: f"Angkatan Uji {n}")
    start_date = factory.LazyFunction(lambda: _soon(30))
    end_date = factory.LazyFunction(lambda: _soon(32))
    registration_opens = factory.LazyFunction(lambda: _soon(-5))
    registration_closes = factory.LazyFunction(lambda: _soon(20))
    modality = "tatap_muka"
    venue = "Aula BKPSDM"
    region = "Kadia"
    seats_total = 30
    status = "open"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AngkatanSession

    angkatan = factory.SubFactory(AngkatanFactory)
    instansi = factory.SelfAttribute("angkatan.instansi")
    date = factory.SelfAttribute("angkatan.start_date")
    start_time = datetime.time(8, 0)
    end_time = datetime.time(12, 0)
    topic = "Pembukaan"


def session_rows(*rows: dict, initial: int = 0, prefix: str = "sesi") -> dict[str, str]:
    """POST data of the batch form's session formset: one dict per row (`id`, `date`, `start_time`…)."""
    post = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        post.update({f"{prefix}-{index}-{key}": str(value) for key, value in row.items()})
    return post


def formset_rows(prefix: str, *rows: dict, initial: int = 0) -> dict[str, str]:
    """POST data of any row editor (formset) with this prefix: one dict per row."""
    return session_rows(*rows, initial=initial, prefix=prefix)
