"""National JPM reference data (domain.md §5): cap on, source priority, 3-year validity and the two threshold
scales. Marked verify there, so they are rows an admin can change or override per instansi (rule 10, 33)."""

import datetime
from decimal import Decimal

from django.db import migrations

SOURCE = "domain.md §5 — praktik BKN (verify)"
START = datetime.date(2017, 1, 1)
THRESHOLDS = [
    ("fit", "MS", "Memenuhi Syarat", Decimal("80")),
    ("fit", "MMS", "Masih Memenuhi Syarat", Decimal("68")),
    ("fit", "KMS", "Kurang Memenuhi Syarat", Decimal("0")),
    ("map", "optimal", "Optimal", Decimal("90")),
    ("map", "cukup", "Cukup Optimal", Decimal("78")),
    ("map", "kurang", "Kurang Optimal", Decimal("0")),
]


def load(apps, schema_editor):
    JpmPolicy = apps.get_model("needs", "JpmPolicy")
    JpmThreshold = apps.get_model("needs", "JpmThreshold")
    JpmPolicy.objects.get_or_create(
        instansi=None,
        effective_from=START,
        defaults={
            "jpm_cap": True,
            "method_priority": "assessment_center,uji_kompetensi,360,atasan,self",
            "validity_months": 36,
            "source": SOURCE,
        },
    )
    for scale, code, label, minimum in THRESHOLDS:
        JpmThreshold.objects.get_or_create(
            instansi=None,
            scale=scale,
            code=code,
            effective_from=START,
            defaults={"label": label, "min_percent": minimum, "source": SOURCE},
        )


def unload(apps, schema_editor):
    apps.get_model("needs", "JpmPolicy").objects.filter(instansi=None, source=SOURCE).delete()
    apps.get_model("needs", "JpmThreshold").objects.filter(instansi=None, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
