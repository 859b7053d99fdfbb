from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts import services
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
    list_display = ["username", "full_name", "email", "is_active", "otp_enabled_at", "last_login"]
    search_fields = ["username", "full_name", "email"]
    list_filter = ["is_active"]
    exclude = ["password", "user_permissions", "groups"]
    inlines = [MembershipInline]
    actions = ["reset_two_factor"]

    @admin.action(description=_("Matikan verifikasi dua langkah (ponsel dan kode pemulihan hilang)"))
    def reset_two_factor(self, request, queryset):
        users = [u for u in queryset if u.has_two_factor]
        for user in users:
            services.otp_reset(actor=request.user, user=user)
        count = len(users)
        self.message_user(
            request,
            ngettext(
                "Verifikasi dua langkah %(count)d pengguna dimatikan.",
                "Verifikasi dua langkah %(count)d pengguna dimatikan.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

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
