from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def supervisor_role(user) -> set[str]:
    """Atasan is derived: anyone with an active direct report (design.md, Roles)."""
    from apps.employees.selectors import has_subordinates

    return {"supervisor"} if has_subordinates(user) else set()


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
        admins = {"admin_bkpsdm", "superadmin"}
        navigation.register(
            NavItem("me", _("Profil saya"), "employees:me", {"employee", "supervisor", "mentor"}, order=10),
            NavItem("team", _("Tim saya"), "employees:team", {"supervisor"}, order=20),
            NavItem("pegawai", _("Pegawai"), "employees:list", admins, order=190, section=_("Organisasi")),
            NavItem(
                "transfers",
                _("Permintaan mutasi"),
                "employees:transfers",
                {"superadmin"},
                order=885,
                section=_("Administrasi"),
            ),
        )
        dashboard.register(
            Panel("me", frozenset({"employee"}), "employees/_panel_me.html", panels.my_profile_panel, order=10),
            Panel("team", frozenset({"supervisor"}), "employees/_panel_team.html", panels.team_panel, order=20),
            Panel("pegawai_admin", frozenset(admins), "employees/_panel_admin.html", panels.admin_panel, order=30),
        )
        imports.register(PegawaiImporter())
        seeding.register(seeding.SeedStep(20, "employees", seed_employees))
