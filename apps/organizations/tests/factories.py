import factory

from apps.organizations.models import Instansi, Jabatan, UnitKerja


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kota{n}")
    name = factory.Sequence(lambda n: f"Pemerintah Kota Uji {n}")
    kind = "kota"
    timezone = "Asia/Makassar"


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja
        skip_postgeneration_save = True

    instansi = factory.SubFactory(InstansiFactory)
    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = "opd"
    parent = None

    @factory.post_generation
    def tree(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        """Keep path/depth as the service would."""
        obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        obj.depth = obj.path.count("/") - 2
        if create:
            obj.save(update_fields=["path", "depth"])


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    instansi = factory.SelfAttribute("unit_kerja.instansi")
    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    code = factory.Sequence(lambda n: f"J{n}")
    name = factory.Sequence(lambda n: f"Jabatan {n}")
    jenis = "pelaksana"
    jenjang = "klerek"
