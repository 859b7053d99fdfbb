from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from apps.core import navigation
        from apps.core.navigation import NavItem

        navigation.register(
            NavItem("home", _("Beranda"), "core:home", roles=None, order=0, icon="house"),
            NavItem(
                "imports",
                _("Impor data"),
                "core:import_list",
                roles={"admin_bkpsdm", "superadmin"},
                order=880,
                section=_("Administrasi"),
            ),
            NavItem(
                "audit",
                _("Log audit"),
                "core:audit_list",
                roles={"admin_bkpsdm", "superadmin"},
                order=900,
                section=_("Administrasi"),
            ),
        )
