"""Register the 1 January job that turns last year's JP shortfall into needs items (rule 18).

01:00 UTC on 1 January is 08:00 WIB / 09:00 WITA / 10:00 WIT: the new year has begun everywhere."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("enrollments", "0003_needs_item"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        beat.register(
            (
                "enrollments: kekurangan JP akhir tahun jadi kebutuhan",
                "apps.enrollments.tasks.generate_jp_shortfall_needs",
                beat.crontab("0", "1", day_of_month="1", month_of_year="1"),
            ),
            queue=None,
        )
    ]
