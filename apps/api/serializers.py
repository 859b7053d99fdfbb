"""What the API shows of each row: read-only, and for pegawai only what an integration needs (no birth date,
no contact details)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinLengthValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator

from apps.catalog.models import Angkatan, Program
from apps.employees.models import Pegawai
from apps.enrollments.jp import EARLIEST_CREDIT_DATE
from apps.enrollments.models import Enrollment, JPLedgerEntry


class ProgramSerializer(serializers.ModelSerializer):
    penyelenggara = serializers.CharField(source="penyelenggara.name", default=None, allow_null=True, read_only=True)
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
    unit_kerja = serializers.CharField(source="unit_kerja.name", default=None, allow_null=True, read_only=True)
    jabatan = serializers.CharField(source="jabatan.name", default=None, allow_null=True, read_only=True)

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


# --------------------------------------------------------------------------- writes and the reads behind them
#
# DRF's own catalogue is not loaded (settings INSTALLED_APPS), so every field a client fills answers in
# Indonesian through ID_MESSAGES.

ID_MESSAGES = {
    "required": _("Wajib diisi."),
    "null": _("Tidak boleh kosong."),
    "blank": _("Tidak boleh kosong."),
    "invalid": _("Nilai tidak sah."),
    "max_length": _("Paling banyak {max_length} karakter."),
    "min_length": _("Paling sedikit {min_length} karakter."),
    "max_value": _("Paling besar {max_value}."),
    "min_value": _("Paling kecil {min_value}."),
    "max_string_length": _("Angka terlalu besar."),
    "not_a_list": _("Harus berupa daftar."),
    "empty": _("Daftar tidak boleh kosong."),
    "not_a_dict": _("Harus berupa objek JSON."),
    "datetime": _("Isi tanggal saja (TTTT-BB-HH), tanpa jam."),
    "make_aware": _("Nilai tidak sah."),
    "overflow": _("Tanggal di luar jangkauan."),
}
FIELD_MESSAGES = {
    serializers.IntegerField: {"invalid": _("Harus bilangan bulat.")},
    serializers.DateField: {"invalid": _("Tanggal harus berformat TTTT-BB-HH.")},
    serializers.BooleanField: {"invalid": _("Isi true atau false.")},
    serializers.ListField: {"max_length": _("Paling banyak {max_length} baris sekaligus.")},
    serializers.DictField: {"not_a_dict": _("Harus berupa objek JSON.")},
}


LIMIT_VALIDATORS = {
    MinValueValidator: "min_value",
    MaxValueValidator: "max_value",
    MinLengthValidator: "min_length",
    MaxLengthValidator: "max_length",
}


class InputSerializer(serializers.Serializer):
    """A request body: unknown keys refused (a typo is not silently dropped), every message in Indonesian."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _indonesian(field)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Isi permintaan harus berupa objek JSON.")]})
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({key: [_("Kolom ini tidak dikenal.")] for key in unknown})
        return super().to_internal_value(data)


def _indonesian(field: Any) -> None:
    messages = dict(ID_MESSAGES)
    for kind, extra in FIELD_MESSAGES.items():
        if isinstance(field, kind):
            messages.update(extra)
    field.error_messages.update({key: str(text) for key, text in messages.items() if key in field.error_messages})
    # DRF built the limit validators in the field's __init__, from the English messages of that moment.
    for validator in field.validators:
        key = LIMIT_VALIDATORS.get(type(validator))
        if key is not None:
            validator.message = str(messages[key]).format(**{key: validator.limit_value})
        elif isinstance(validator, ProhibitNullCharactersValidator | ProhibitSurrogateCharactersValidator):
            validator.message = str(_("Mengandung karakter yang tidak diizinkan."))
    child = getattr(field, "child", None)
    if child is not None and not isinstance(child, InputSerializer):
        _indonesian(child)


class NipField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=30, **kwargs)


class CompletionInSerializer(InputSerializer):
    external_id = serializers.CharField(max_length=100, help_text=_("ID kelulusan di platform e-learning."))
    nip = NipField()
    title = serializers.CharField(max_length=250)
    provider = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    jp = serializers.IntegerField(min_value=1, max_value=200)
    certificate_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start_date"] < EARLIEST_CREDIT_DATE:
            raise serializers.ValidationError({"start_date": [_("Tanggal sebelum tahun 1960 tidak diterima.")]})
        if attrs["end_date"] < attrs["start_date"]:
            raise serializers.ValidationError({"end_date": [_("Tanggal selesai sebelum tanggal mulai.")]})
        return attrs


class CompletionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    nip = serializers.CharField(source="pegawai.nip")
    name = serializers.CharField(source="pegawai.name")
    title = serializers.CharField(source="ledger_entry.title")
    provider = serializers.CharField(source="ledger_entry.provider")
    start_date = serializers.DateField(source="ledger_entry.start_date", allow_null=True)
    end_date = serializers.DateField(source="ledger_entry.end_date", allow_null=True)
    jp = serializers.IntegerField(source="ledger_entry.jp")
    year = serializers.IntegerField(source="ledger_entry.year")
    certificate_number = serializers.CharField()
    created_at = serializers.DateTimeField()


class AttendanceMarkSerializer(InputSerializer):
    nip = NipField()
    present = serializers.BooleanField()


class AttendanceInSerializer(InputSerializer):
    session = serializers.IntegerField(min_value=1, help_text=_("ID sesi angkatan."))
    records = serializers.ListField(child=AttendanceMarkSerializer(), min_length=1, max_length=1000)


class AttendanceResultSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    saved = serializers.IntegerField()


class EnrolmentInSerializer(InputSerializer):
    batch = serializers.IntegerField(min_value=1, help_text=_("ID angkatan."))
    nip = NipField()
    motivation = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EnrolmentSerializer(serializers.ModelSerializer):
    batch = serializers.IntegerField(source="angkatan_id", read_only=True)
    batch_name = serializers.CharField(source="angkatan.name", read_only=True)
    program_title = serializers.CharField(source="angkatan.program.title", read_only=True)
    nip = serializers.CharField(source="pegawai.nip", read_only=True)
    name = serializers.CharField(source="pegawai.name", read_only=True)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "batch",
            "batch_name",
            "program_title",
            "nip",
            "name",
            "status",
            "completed_on",
            "attendance_percent",
            "final_score",
            "created_at",
        ]
        read_only_fields = fields


class EnrolmentCreatedSerializer(EnrolmentSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True, default=list)

    class Meta(EnrolmentSerializer.Meta):
        fields = [*EnrolmentSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class LedgerEntrySerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="pegawai.nip", read_only=True)
    name = serializers.CharField(source="pegawai.name", read_only=True)
    reverses = serializers.IntegerField(source="reverses_id", read_only=True, allow_null=True)

    class Meta:
        model = JPLedgerEntry
        fields = [
            "id",
            "nip",
            "name",
            "year",
            "credited_on",
            "jp",
            "source_type",
            "title",
            "provider",
            "start_date",
            "end_date",
            "reverses",
        ]
        read_only_fields = fields


class SurveyQuestionSerializer(serializers.Serializer):
    field = serializers.CharField(help_text=_("Kunci jawaban di objek 'answers'."))
    code = serializers.CharField(source="question.code")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    required = serializers.BooleanField(source="question.required")
    choices = serializers.ListField(source="question.choices", child=serializers.ListField())
    about = serializers.CharField(source="target_label")


class SurveySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    level = serializers.CharField()
    phase = serializers.CharField()
    batch = serializers.IntegerField(source="angkatan_id", allow_null=True)
    anonymous = serializers.BooleanField()
    opens_on = serializers.DateField(allow_null=True)
    closes_on = serializers.DateField(allow_null=True)


class SurveyDetailSerializer(SurveySerializer):
    questions = SurveyQuestionSerializer(many=True, source="api_items")


class SurveyResponseInSerializer(InputSerializer):
    nip = NipField(required=False, allow_blank=True, default="", help_text=_("Wajib kecuali untuk SKM."))
    answers = serializers.DictField(child=serializers.JSONField(), allow_empty=False)

    def validate_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Each answer is a whole number, a text or a list of choices: a fraction or true/false (which would be
        read as a Likert value), a nested object or a NUL character (PostgreSQL text cannot hold it) is refused."""
        for key, value in answers.items():
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, dict | list | bool | float) or "\x00" in str(item) or "\x00" in key:
                    raise serializers.ValidationError(_("Jawaban %(key)s tidak sah.") % {"key": key[:40]})
        return answers


class SurveyResponseSerializer(serializers.Serializer):
    """For an anonymous questionnaire only the survey and the day: the caller sent the NIP, so a response id or
    score would let it link the answers to the person."""

    id = serializers.SerializerMethodField()
    survey = serializers.IntegerField(source="questionnaire_id")
    submitted_on = serializers.DateField()
    complete = serializers.BooleanField()
    score = serializers.SerializerMethodField()

    def get_id(self, obj: Any) -> int | None:
        return None if obj.questionnaire.anonymous else obj.pk

    def get_score(self, obj: Any) -> int | None:
        return None if obj.questionnaire.anonymous else obj.score


class L1SummarySerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    hidden = serializers.BooleanField(help_text=_("Hasil disembunyikan karena responden kurang dari batas minimal."))


class L2SummarySerializer(serializers.Serializer):
    participants = serializers.IntegerField()
    pre_mean = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    post_mean = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    gain = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    normalised = serializers.DecimalField(max_digits=None, decimal_places=3, allow_null=True)
    passing_share = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)


class EvaluationSummarySerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    l1 = L1SummarySerializer(allow_null=True)
    l2 = L2SummarySerializer(allow_null=True)
