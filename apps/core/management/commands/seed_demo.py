from django.core.management.base import BaseCommand

from apps.core.seeding import steps


class Command(BaseCommand):
    help = "Load demo data for the demo instansi (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        for step in steps():
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {step.name}"))
            step.run(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
