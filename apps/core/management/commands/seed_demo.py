from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from apps.core.seeding import steps


class Command(BaseCommand):
    help = "Load demo data for the demo instansi (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        # Notices the demo workflows trigger go to an in-memory outbox, not to the console or SMTP.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for step in steps():
                self.stdout.write(self.style.MIGRATE_HEADING(f"== {step.name}"))
                step.run(self.stdout.write)
        if connection.vendor == "postgresql":
            # Fresh statistics: row-level security's instansi is unknown when a query is planned, so with none
            # the planner guesses one row per table and picks nested loops that run for minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
