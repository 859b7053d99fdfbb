from datetime import date, timedelta

import factory

from apps.employees.models import Pegawai
from apps.organizations.tests.factories import UnitKerjaFactory


def valid_nip(n: int) -> str:
    """A valid, unique PNS NIP for any n a test session reaches: born 1975 + (n mod 5000) days
    (so TMT 2010-01 stays ≥ birth + 17), the sequence digits carry the rest of n."""
    born = date(1975, 1, 1) + timedelta(days=n % 5000)
    return f"{born:%Y%m%d}201001{1 + n % 2}{n // 5000 % 999 + 1:03d}"


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
