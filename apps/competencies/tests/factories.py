import factory

from apps.competencies.models import Kompetensi, LevelDescriptor, SKJItem


class KompetensiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kompetensi

    instansi = None
    kind = "teknis"
    code = factory.Sequence(lambda n: f"T.UJI.{n:02d}")
    name = factory.Sequence(lambda n: f"Kompetensi teknis uji {n}")


class LevelDescriptorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelDescriptor

    kompetensi = factory.SubFactory(KompetensiFactory)
    level = 1
    description = factory.Sequence(lambda n: f"Deskripsi {n}")


class SKJItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SKJItem

    instansi = factory.SelfAttribute("jabatan.instansi")
    jabatan = None
    kompetensi = factory.SubFactory(KompetensiFactory)
    required_level = 2


def national(code: str) -> Kompetensi:
    return Kompetensi.objects.get(instansi=None, code=code)
