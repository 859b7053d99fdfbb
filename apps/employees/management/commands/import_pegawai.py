from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from apps.core.models import ImportStatus
from apps.core.services import import_job_create, import_job_run
from apps.organizations.models import Instansi


class Command(BaseCommand):
    help = "Import pegawai from an XLSX or CSV file for one instansi (all-or-nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--instansi", required=True, help="Kode instansi, mis. kendari")
        parser.add_argument("--kind", default="pegawai", choices=["pegawai", "unit_kerja", "jabatan"])

    def handle(self, *args, file, instansi, kind, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        target = Instansi.objects.filter(code=instansi).first()
        if target is None:
            raise CommandError(f"Instansi tidak dikenal: {instansi}")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        job = import_job_create(actor=None, instansi_id=target.pk, kind=kind, upload=upload, enqueue=False)
        job = import_job_run(job_id=job.pk)
        for error in job.errors[:200]:
            self.stderr.write(f"baris {error['row']} · {error['column']}: {error['message']}")
        if job.status != ImportStatus.SUCCEEDED:
            raise CommandError(job.message)
        self.stdout.write(self.style.SUCCESS(job.message))
