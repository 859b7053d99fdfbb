from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from apps.core import navigation
        from apps.core.navigation import NavItem

        # Devices are written only by accounts.services (enrolment, switching off, the superadmin's reset on
        # the user page), so the flag on User and the devices never disagree.
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
        user_logged_in.connect(_start_idle_clock, dispatch_uid="accounts.idle_clock")

        # roles=None: every signed-in user, whatever their role, can change their own password.
        navigation.register(
            NavItem(
                "password_change", _("Ganti kata sandi"), "accounts:password_change", None, order=990, section=_("Akun")
            ),
            NavItem(
                "two_factor",
                _("Verifikasi dua langkah"),
                "accounts:two_factor",
                None,
                order=991,
                section=_("Akun"),
            ),
        )


def _start_idle_clock(sender, request, user, **kwargs) -> None:
    from apps.accounts.middleware import mark_session_seen

    mark_session_seen(request)
