from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS, Role


def supervisor_role(user) -> set[str]:
    """Atasan is derived: anyone with an active direct report (design.md, Roles)."""
    from apps.employees.selectors import has_subordinates

    return {Role.SUPERVISOR} if has_subordinates(user) else set()


class EmployeesConfig(AppConfig):
    name = "apps.employees"
    label = "employees"
    verbose_name = _("Kepegawaian")

    def ready(self) -> None:
        from apps.core import dashboard, imports, navigation, seeding
        from apps.core.dashboard import Panel
        from apps.core.navigation import NavItem
        from apps.core.roles import register_role_provider
        from apps.employees import panels
        from apps.employees.importers import PegawaiImporter
        from apps.employees.seed import seed_employees

        register_role_provider(supervisor_role)
        admins = ADMINS
        navigation.register(
            NavItem("me", _("Profil saya"), "employees:me", {Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR}, order=10),
            NavItem(
                "my_data",
                _("Data pribadi saya"),
                "employees:my_data",
                {Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR},
                order=12,
            ),
            NavItem("team", _("Tim saya"), "employees:team", {Role.SUPERVISOR}, order=20),
            NavItem("pegawai", _("Pegawai"), "employees:list", admins, order=190, section=_("Organisasi")),
            NavItem(
                "corrections",
                _("Perbaikan data pribadi"),
                "employees:corrections",
                admins,
                order=195,
                section=_("Organisasi"),
            ),
            NavItem(
                "transfers",
                _("Permintaan mutasi"),
                "employees:transfers",
                {Role.SUPERADMIN},
                order=885,
                section=_("Administrasi"),
            ),
        )
        dashboard.register(
            Panel("me", frozenset({Role.EMPLOYEE}), "employees/_panel_me.html", panels.my_profile_panel, order=10),
            Panel("team", frozenset({Role.SUPERVISOR}), "employees/_panel_team.html", panels.team_panel, order=20),
            Panel("pegawai_admin", admins, "employees/_panel_admin.html", panels.admin_panel, order=30, shared=True),
            Panel(
                "corrections_admin",
                admins,
                "employees/_panel_corrections.html",
                panels.corrections_panel,
                order=31,
                shared=True,
            ),
        )
        imports.register(PegawaiImporter())
        seeding.register(seeding.SeedStep(20, "employees", seed_employees))
