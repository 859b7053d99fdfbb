from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS, Role


class EvaluationsConfig(AppConfig):
    name = "apps.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluasi")

    def ready(self) -> None:
        from apps.core import dashboard, navigation, seeding
        from apps.core.dashboard import Panel
        from apps.core.navigation import NavItem
        from apps.enrollments.post_tests import register_post_test_check
        from apps.evaluations import panels
        from apps.evaluations.seed import seed_evaluations
        from apps.evaluations.selectors import angkatan_has_post_test

        register_post_test_check(angkatan_has_post_test)
        admins = ADMINS
        section = _("Evaluasi")
        navigation.register(
            NavItem(
                "evaluations_mine", _("Survei saya"), "evaluations:mine", {Role.EMPLOYEE, Role.SUPERVISOR}, order=60
            ),
            NavItem("evaluations_list", _("Kuesioner"), "evaluations:list", admins, order=300, section=section),
            NavItem(
                "evaluations_batches",
                _("Hasil per angkatan"),
                "evaluations:batches",
                admins,
                order=301,
                section=section,
            ),
            NavItem(
                "evaluations_narasumber",
                _("Hasil per narasumber"),
                "evaluations:narasumber_results",
                admins,
                order=302,
                section=section,
            ),
            NavItem(
                "evaluations_skm", _("SKM/IKM per unit"), "evaluations:skm_results", admins, order=303, section=section
            ),
            # BKPSDM sees the instansi's actions; anyone else the actions assigned to them (views_actions.py).
            NavItem(
                "evaluations_actions",
                _("Tindakan perbaikan"),
                "evaluations:actions",
                None,
                order=304,
                section=section,
            ),
        )
        dashboard.register(
            Panel(
                "pending_surveys",
                frozenset({Role.EMPLOYEE, Role.SUPERVISOR}),
                "evaluations/_panel_surveys.html",
                panels.pending_surveys_panel,
                order=5,
            ),
            Panel(
                "my_actions",
                frozenset({Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR}),
                "evaluations/_panel_actions.html",
                panels.my_actions_panel,
                order=6,
            ),
            Panel(
                "team_followups",
                frozenset({Role.SUPERVISOR}),
                "evaluations/_panel_followups.html",
                panels.team_followups_panel,
                order=4,
            ),
        )
        seeding.register(seeding.SeedStep(70, "evaluations", seed_evaluations))
