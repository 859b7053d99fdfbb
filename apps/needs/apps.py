from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS, Role


class NeedsConfig(AppConfig):
    name = "apps.needs"
    label = "needs"
    verbose_name = _("Analisis kebutuhan dan rencana pengembangan")

    def ready(self) -> None:
        from apps.catalog.gaps import register_gap_provider
        from apps.core import dashboard, imports, navigation
        from apps.core.dashboard import Panel
        from apps.core.navigation import NavItem
        from apps.needs import panels
        from apps.needs.importers import AssessmentCenterImporter, PerformanceImporter
        from apps.needs.selectors import gap_competency_ids_for

        register_gap_provider(gap_competency_ids_for)
        admins = ADMINS
        people = {Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR}
        section = _("Kompetensi")
        navigation.register(
            NavItem("self_assess", _("Penilaian mandiri"), "needs:self_assess", people, order=310, section=section),
            NavItem("my_gap", _("Kesenjangan kompetensi saya"), "needs:my_gap", people, order=311, section=section),
            NavItem("my_idp", _("IDP saya"), "needs:my_idp", people, order=313, section=section),
            NavItem("team_idp", _("IDP tim"), "needs:team_idp", {Role.SUPERVISOR}, order=314, section=section),
            NavItem("team_gap", _("Kompetensi tim"), "needs:team", {Role.SUPERVISOR}, order=312, section=section),
            NavItem("gap_list", _("Kesenjangan per pegawai"), "needs:gap_list", admins, order=320, section=section),
            NavItem("heatmap", _("Peta kesenjangan"), "needs:heatmap", admins, order=321, section=section),
            NavItem("survey", _("Survei kebutuhan"), "needs:survey_list", None, order=330, section=section),
            NavItem("fgd", _("FGD kebutuhan"), "needs:fgd_list", admins, order=331, section=section),
            NavItem(
                "needs_items", _("Inventarisasi kebutuhan"), "needs:needs_list", admins, order=332, section=section
            ),
            NavItem("plans", _("Rencana pengembangan (RPK)"), "needs:plan_list", admins, order=333, section=section),
            NavItem("performance", _("Kinerja (SKP)"), "needs:performance_list", admins, order=322, section=section),
        )
        dashboard.register(
            Panel(
                "my_competency",
                frozenset({Role.EMPLOYEE}),
                "needs/_panel_me.html",
                panels.my_competency_panel,
                order=15,
            ),
            Panel("gap_admin", admins, "needs/_panel_admin.html", panels.admin_gap_panel, order=45, shared=True),
            Panel(
                "team_idp", frozenset({Role.SUPERVISOR}), "needs/_panel_team_idp.html", panels.team_idp_panel, order=5
            ),
            Panel("plans_waiting", admins, "needs/_panel_plans.html", panels.plans_waiting_panel, order=6, shared=True),
        )
        from apps.core import seeding
        from apps.needs.seed import seed_needs

        seeding.register(seeding.SeedStep(40, "needs", seed_needs))
        imports.register(AssessmentCenterImporter())
        imports.register(PerformanceImporter())
