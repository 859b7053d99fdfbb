from django.contrib import admin

from apps.core.admin import ScopedAdmin
from apps.employees.models import Pegawai


@admin.register(Pegawai)
class PegawaiAdmin(ScopedAdmin):
    list_display = ["name", "employment_type", "golongan", "jabatan", "unit_kerja", "instansi", "is_active"]
    search_fields = ["name", "nip"]
    list_filter = ["instansi", "employment_type", "is_active"]
    list_select_related = ["jabatan", "unit_kerja", "instansi"]
    raw_id_fields = ["user", "unit_kerja", "jabatan", "atasan"]
