from datetime import date, timedelta

import factory

from apps.employees.models import Pegawai
from apps.organizations.tests.factories import UnitKerjaFactory


def valid_nip(n: int) -> str:
    """A valid PNS NIP for any n < 6,000: born 1975 + n days, TMT 2010-01, seq from n."""
    born = date(1975, 1, 1) + timedelta(days=n)
    return f"{born:%Y%m%d}201001{1 + n % 2}{n % 999 + 1:03d}"


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    instansi = factory.SelfAttribute("unit_kerja.instansi")
    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    nip = factory.Sequence(valid_nip)
    name = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    employment_type = "pns"
    golongan = "III/a"
    rank_order = 9
