"""What the API shows of each row: read-only, and for pegawai only what an integration needs (no birth date,
no contact details)."""

from __future__ import annotations

from rest_framework import serializers

from apps.catalog.models import Angkatan, Program
from apps.employees.models import Pegawai


class ProgramSerializer(serializers.ModelSerializer):
    penyelenggara = serializers.CharField(source="penyelenggara.name", default=None, read_only=True)
    shared = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = ["id", "code", "title", "path", "form", "modality", "learning_hours", "penyelenggara", "shared"]
        read_only_fields = fields

    def get_shared(self, obj: Program) -> bool:
        return obj.instansi_id != self.context["instansi_id"]


class BatchSerializer(serializers.ModelSerializer):
    program_id = serializers.IntegerField(read_only=True)
    program_code = serializers.CharField(source="program.code", read_only=True)
    program_title = serializers.CharField(source="program.title", read_only=True)
    seats_left = serializers.SerializerMethodField()

    class Meta:
        model = Angkatan
        fields = [
            "id",
            "code",
            "name",
            "program_id",
            "program_code",
            "program_title",
            "start_date",
            "end_date",
            "registration_opens",
            "registration_closes",
            "modality",
            "venue",
            "seats_total",
            "seats_taken",
            "seats_left",
            "status",
        ]
        read_only_fields = fields

    def get_seats_left(self, obj: Angkatan) -> int:
        return max(obj.seats_total - obj.seats_taken, 0)


class PegawaiSerializer(serializers.ModelSerializer):
    unit_kerja = serializers.CharField(source="unit_kerja.name", default=None, read_only=True)
    jabatan = serializers.CharField(source="jabatan.name", default=None, read_only=True)

    class Meta:
        model = Pegawai
        fields = ["id", "nip", "name", "unit_kerja", "jabatan"]
        read_only_fields = fields


class CertificateSerializer(serializers.Serializer):
    """What the public verification page shows, with the NIP masked the same way."""

    number = serializers.CharField()
    verification_code = serializers.CharField()
    valid = serializers.BooleanField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    pegawai_name = serializers.CharField()
    nip_masked = serializers.CharField()
    program_title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    learning_hours = serializers.IntegerField()
    issuer = serializers.CharField()
