"""Register the daily jobs with django-celery-beat: the atasan digest and the reminder before a batch.

Times are UTC (CELERY_TIMEZONE): 23:00 UTC is 06:00 WIB / 07:00 WITA / 08:00 WIT, before office hours."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("enrollments", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        beat.register(
            (
                "enrollments: ringkasan harian atasan",
                "apps.enrollments.tasks.send_atasan_digests",
                beat.crontab("0", "23"),
            ),
            (
                "enrollments: pengingat angkatan",
                "apps.enrollments.tasks.send_batch_reminders",
                beat.crontab("30", "23"),
            ),
            queue=None,
        )
    ]
