import json
import time

from django.core.management.base import BaseCommand, CommandError

from apps.reports.scale_data import PRESETS, SCALE_PASSWORD, generate


class Command(BaseCommand):
    help = "Load benchmark data at national scale into PostgreSQL: " + "; ".join(
        f"{name}: {preset.help}" for name, preset in PRESETS.items()
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS), default="kota")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
        parser.add_argument("--year", type=int, help="the current year of the data (default: this year)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, preset: str, seed: int, year: int | None, json: bool, **options) -> None:
        started = time.monotonic()
        try:
            summary = generate(preset, seed=seed, year=year, progress=lambda m: self.stderr.write(m))
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        summary["seconds"] = round(time.monotonic() - started, 1)
        if json:
            self.stdout.write(_dumps(summary))
            return
        for label, count in sorted(summary["rows"].items()):
            self.stdout.write(f"{label:32} {count:>12,}")
        self.stdout.write(f"{'seconds':32} {summary['seconds']:>12}")
        logins = ", ".join(summary["logins"].values())
        self.stdout.write(self.style.SUCCESS(f"Logins (password {SCALE_PASSWORD}): {logins}"))


def _dumps(data) -> str:
    return json.dumps(data, indent=2, sort_keys=True)
