"""Register the 1 January job that turns last year's JP shortfall into needs items (rule 18).

01:00 UTC on 1 January is 08:00 WIB / 09:00 WITA / 10:00 WIT: the new year has begun everywhere."""

from django.db import migrations

NAME = "enrollments: kekurangan JP akhir tahun jadi kebutuhan"
TASK = "apps.enrollments.tasks.generate_jp_shortfall_needs"


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="1", day_of_week="*", day_of_month="1", month_of_year="1", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(name=NAME, defaults={"task": TASK, "crontab": schedule, "enabled": True})


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enrollments", "0003_needs_item"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
