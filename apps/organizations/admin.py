from django.contrib import admin

from apps.core.admin import ScopedAdmin
from apps.organizations.models import Instansi, Jabatan, JobFunction, JobTask, UnitKerja


@admin.register(Instansi)
class InstansiAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "timezone", "is_active"]
    search_fields = ["name", "code"]
    list_filter = ["kind", "timezone", "is_active"]


@admin.register(UnitKerja)
class UnitKerjaAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "instansi", "is_remote"]
    search_fields = ["name", "code"]
    list_filter = ["instansi", "kind", "is_remote"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]


class JobTaskInline(admin.TabularInline):
    model = JobTask
    extra = 0
    exclude = ["instansi"]


class JobFunctionInline(admin.TabularInline):
    model = JobFunction
    extra = 0
    exclude = ["instansi"]


@admin.register(Jabatan)
class JabatanAdmin(ScopedAdmin):
    list_display = ["name", "code", "jenis", "jenjang", "unit_kerja", "instansi"]
    search_fields = ["name", "code"]
    list_filter = ["instansi", "jenis"]
    raw_id_fields = ["unit_kerja"]
    inlines = [JobTaskInline, JobFunctionInline]
