"""Register the daily move of batches whose dates have passed (django-celery-beat)."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_program_l3_after_months"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        beat.register(
            (
                "catalog: status angkatan mengikuti tanggal",
                "apps.catalog.tasks.advance_angkatan_by_dates",
                # 17:05 UTC = 00:05 WIB / 01:05 WITA / 02:05 WIT: the new day has begun in every instansi's zone.
                beat.crontab("5", "17"),
            ),
            queue="default",
        )
    ]
