"""Beat schedules are registered through apps/core/beat.py. The table below was read from the ten data migrations
before they moved to the helper, so the migrated database must hold exactly these rows, no more, no fewer."""

import importlib

import pytest
from django.apps import apps as django_apps
from django_celery_beat.models import PeriodicTask


def cron(minute, hour, day_of_month="*", month_of_year="*", day_of_week="*"):
    return ("crontab", minute, hour, day_of_month, month_of_year, day_of_week, "UTC")


EVERY_30_SECONDS = ("interval", 30, "seconds")

# name: (task, schedule, queue); queue None is the model's default, left unset by the migration.
REGISTERED = {
    "API: hapus log panggilan API yang melewati masa simpan (harian)": (
        "apps.api.tasks.purge_api_call_logs",
        cron("45", "19"),
        "default",
    ),
    "catalog: status angkatan mengikuti tanggal": (
        "apps.catalog.tasks.advance_angkatan_by_dates",
        cron("5", "17"),
        "default",
    ),
    "Antrean: serahkan tugas yang tertunda (30 detik)": ("apps.core.tasks.relay_outbox", EVERY_30_SECONDS, "default"),
    "Antrean: pulihkan pekerjaan yang pekerjanya berhenti (30 detik)": (
        "apps.core.tasks.sweep_stale_jobs",
        EVERY_30_SECONDS,
        "default",
    ),
    "Log: hapus catatan audit dan akses data pribadi yang melewati masa simpan (harian)": (
        "apps.core.tasks.purge_old_logs",
        cron("30", "19"),
        "default",
    ),
    "enrollments: ringkasan harian atasan": ("apps.enrollments.tasks.send_atasan_digests", cron("0", "23"), None),
    "enrollments: pengingat angkatan": ("apps.enrollments.tasks.send_batch_reminders", cron("30", "23"), None),
    "enrollments: kekurangan JP akhir tahun jadi kebutuhan": (
        "apps.enrollments.tasks.generate_jp_shortfall_needs",
        cron("0", "1", day_of_month="1", month_of_year="1"),
        None,
    ),
    "Evaluasi: undangan, pengingat dan evaluasi pasca pelatihan (harian)": (
        "apps.evaluations.tasks.evaluations_daily",
        cron("0", "23"),
        None,
    ),
    "mentoring: pengingat pasangan tanpa sesi 30 hari": (
        "apps.mentoring.tasks.remind_stale_pairs",
        cron("30", "0"),
        "default",
    ),
    "Impor: hapus berkas unggahan lama (harian)": (
        "apps.organizations.tasks.cleanup_import_files",
        cron("45", "19"),
        "default",
    ),
    "Laporan: hapus berkas lama (harian)": ("apps.reports.tasks.cleanup_report_files", cron("30", "19"), "reports"),
    "Laporan: laporan bulanan ke BKPSDM": (
        "apps.reports.tasks.monthly_reports",
        cron("0", "0", day_of_month="1"),
        "reports",
    ),
}


def registered() -> dict:
    rows = {}
    for task in PeriodicTask.objects.select_related("crontab", "interval"):
        assert task.enabled and (task.crontab is None) != (task.interval is None), task.name
        if task.crontab:
            c = task.crontab
            schedule = cron(c.minute, c.hour, c.day_of_month, c.month_of_year, c.day_of_week)[:-1] + (str(c.timezone),)
        else:
            schedule = ("interval", task.interval.every, task.interval.period)
        rows[task.name] = (task.task, schedule, task.queue)
    return rows


@pytest.mark.django_db(
    transaction=True
)  # serialized_rollback (apps/conftest.py): the rows exactly as migrate left them
def test_migrations_register_exactly_these_beat_tasks():
    assert registered() == REGISTERED


@pytest.mark.django_db
def test_reverse_removes_only_its_own_tasks():
    operation = importlib.import_module("apps.reports.migrations.0002_beat_schedule").Migration.operations[0]
    reports = {"Laporan: hapus berkas lama (harian)", "Laporan: laporan bulanan ke BKPSDM"}
    others = PeriodicTask.objects.exclude(name__in=reports).count()
    operation.code(django_apps, None)  # a flush after a transactional test may have removed the rows
    operation.code(django_apps, None)  # idempotent
    assert set(PeriodicTask.objects.filter(name__in=reports).values_list("name", flat=True)) == reports
    operation.reverse_code(django_apps, None)
    assert not PeriodicTask.objects.filter(name__in=reports).exists()
    assert PeriodicTask.objects.exclude(name__in=reports).count() == others
