from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self) -> None:
        from apps.core import navigation
        from apps.core.navigation import NavItem

        # roles=None: every signed-in user, whatever their role, can change their own password.
        navigation.register(
            NavItem(
                "password_change", _("Ganti kata sandi"), "accounts:password_change", None, order=990, section=_("Akun")
            )
        )
