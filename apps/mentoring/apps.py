from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS, MEMBERS, Role


def mentor_role(user) -> set[str]:
    """Mentor is derived too: anyone who is an active mentor in a running programme, on top of a
    stored Role.MENTOR membership (design.md, Roles)."""
    from apps.mentoring.selectors import is_active_mentor

    return {Role.MENTOR} if is_active_mentor(user) else set()


class MentoringConfig(AppConfig):
    name = "apps.mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring, coaching dan penugasan proyek")

    def ready(self) -> None:
        from apps.core import dashboard, navigation, seeding
        from apps.core.dashboard import Panel
        from apps.core.navigation import NavItem
        from apps.core.roles import register_role_provider
        from apps.mentoring import panels
        from apps.mentoring.seed import seed_mentoring

        register_role_provider(mentor_role)
        admins = ADMINS
        section = _("Mentoring & proyek")
        navigation.register(
            NavItem(
                "mentoring_mine", _("Bimbingan saya"), "mentoring:my_mentees", {Role.MENTOR}, order=60, section=section
            ),
            NavItem(
                "mentoring_mentor", _("Mentor saya"), "mentoring:my_mentor", {Role.EMPLOYEE}, order=61, section=section
            ),
            NavItem(
                "mentoring_team", _("Mentoring tim"), "mentoring:team", {Role.SUPERVISOR}, order=62, section=section
            ),
            NavItem(
                "mentoring_projects", _("Penugasan proyek"), "mentoring:project_list", None, order=63, section=section
            ),
            NavItem(
                "mentoring_programs",
                _("Program mentoring"),
                "mentoring:program_list",
                admins,
                order=64,
                section=section,
            ),
        )
        dashboard.register(
            Panel(
                "mentoring_mentor",
                frozenset({Role.MENTOR}),
                "mentoring/_panel_mentor.html",
                panels.mentor_panel,
                order=40,
            ),
            Panel(
                "mentoring_mentee",
                frozenset({Role.EMPLOYEE}),
                "mentoring/_panel_mentee.html",
                panels.mentee_panel,
                order=41,
            ),
            Panel("mentoring_admin", admins, "mentoring/_panel_admin.html", panels.admin_panel, order=42, shared=True),
            Panel(
                "mentoring_assess", MEMBERS, "mentoring/_panel_projects.html", panels.projects_to_assess_panel, order=7
            ),
        )
        seeding.register(seeding.SeedStep(60, "mentoring", seed_mentoring))
