from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS, Role


class ApiConfig(AppConfig):
    name = "apps.api"
    label = "api"
    verbose_name = _("API integrasi")

    def ready(self) -> None:
        from apps.api import schema  # noqa: F401 (registers the OpenAPI description of the token)
        from apps.core import navigation
        from apps.core.navigation import NavItem

        section = _("Administrasi")
        navigation.register(
            NavItem(
                "api_tokens", _("Token API"), "api:token_list", ADMINS, order=905, section=section, in_instansi=True
            ),
            NavItem("api_docs", _("Dokumentasi API"), "api:docs", ADMINS, order=906, section=section),
            # Next to the pegawai's other own pages (the enrollments app's "Pelatihan saya" section).
            NavItem(
                "my_calendar",
                _("Kalender saya"),
                "api:my_calendar",
                {Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR},
                order=36,
                section=_("Pelatihan saya"),
            ),
        )
