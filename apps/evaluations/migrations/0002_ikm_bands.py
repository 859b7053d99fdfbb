"""Seed the SKM quality table of PermenPAN-RB 14/2017 as editable, versioned reference data."""

import datetime
from decimal import Decimal

from django.db import migrations

VERSION = "permenpanrb-14-2017"
SOURCE = "PermenPAN-RB 14/2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat, lampiran"
BANDS = [
    ("A", "Sangat Baik", "88.31", "100.00"),
    ("B", "Baik", "76.61", "88.30"),
    ("C", "Kurang Baik", "65.00", "76.60"),
    ("D", "Tidak Baik", "25.00", "64.99"),
]


def seed(apps, schema_editor):
    IkmBand = apps.get_model("evaluations", "IkmBand")
    for mutu, label, low, high in BANDS:
        IkmBand.objects.update_or_create(
            version=VERSION,
            mutu=mutu,
            defaults={
                "label": label,
                "low": Decimal(low),
                "high": Decimal(high),
                "effective_from": datetime.date(2017, 1, 1),
                "source": SOURCE,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("evaluations", "IkmBand").objects.filter(version=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
