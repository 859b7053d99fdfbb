from django.contrib import admin

from apps.accounts.models import Membership, User
from apps.core.admin import ScopedAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ScopedAdmin):
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    list_filter = ["is_active"]
    exclude = ["password", "user_permissions", "groups"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        qs = super(ScopedAdmin, self).get_queryset(request)
        if request.user.instansi_id is not None:
            qs = qs.filter(memberships__instansi_id=request.user.instansi_id).distinct()
        return qs


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "role", "instansi"]
    list_filter = ["role", "instansi"]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user", "instansi"]
