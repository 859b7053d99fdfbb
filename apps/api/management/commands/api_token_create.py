"""Make an API token from the command line (provisioning an LMS or SIMPEG link): the same service as the admin
page, so the token is audited and only its hash is stored. Prints the secret once, on stdout."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.api.errors import InvalidToken
from apps.api.models import ApiScope
from apps.api.services import token_create
from apps.organizations.selectors import instansi_by_code

MAX_DAYS = 730


class Command(BaseCommand):
    help = "Create an API token for one instansi and print its secret (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, help="Kode instansi, mis. kendari")
        parser.add_argument("--name", required=True, help="Nama token, mis. 'LMS Provinsi'")
        parser.add_argument("--scope", action="append", choices=ApiScope.values, required=True, dest="scopes")
        parser.add_argument("--days", type=int, default=365, help=f"Masa berlaku dalam hari (1–{MAX_DAYS})")

    def handle(self, *args, instansi, name, scopes, days, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days harus 1–{MAX_DAYS}.")
        target = instansi_by_code(instansi)
        if target is None:
            raise CommandError(f"Instansi tidak dikenal: {instansi}")
        try:
            created = token_create(
                actor=None,
                instansi_id=target.pk,
                name=name,
                scopes=scopes,
                expires_at=timezone.now() + datetime.timedelta(days=days),
            )
        except InvalidToken as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(created.secret)
