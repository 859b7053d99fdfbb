"""Django admin is for the platform superadmin only. Tenant data is read-only here (writes go
through the app's services and screens) and scoped to the instansi the superadmin acts in."""

from django.contrib import admin

from apps.core.models import AuditEvent, ImportJob, PersonalDataAccess
from apps.core.roles import Role


def _superadmin_only(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.has_role(Role.SUPERADMIN))


admin.site.has_permission = _superadmin_only
admin.site.site_header = "ASN Kompetensi — Superadmin"


class ScopedAdmin(admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        instansi_id = request.user.instansi_id
        if instansi_id is not None and hasattr(qs.model, "instansi_id"):
            qs = qs.filter(instansi_id=instansi_id)
        return qs

    def has_module_permission(self, request):
        return _superadmin_only(request)

    def has_view_permission(self, request, obj=None):
        return _superadmin_only(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdmin):
    list_display = ["created_at", "action", "object_repr", "actor", "instansi_id"]
    search_fields = ["action", "object_repr"]
    list_filter = ["action"]
    list_select_related = ["actor"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedAdmin):
    list_display = ["created_at", "actor", "subject_type", "subject_id", "purpose"]
    list_select_related = ["actor"]


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin):
    list_display = ["created_at", "kind", "original_name", "status", "created_rows", "instansi_id"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name"]
