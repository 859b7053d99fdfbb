from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS


class CompetenciesConfig(AppConfig):
    name = "apps.competencies"
    label = "competencies"
    verbose_name = _("Kompetensi")

    def ready(self) -> None:
        from apps.competencies import panels
        from apps.competencies.importers import SKJImporter
        from apps.competencies.seed import seed_competencies
        from apps.core import dashboard, imports, navigation, seeding
        from apps.core.dashboard import Panel
        from apps.core.navigation import NavItem

        admins = ADMINS
        section = _("Kompetensi")
        navigation.register(
            NavItem("kamus", _("Kamus kompetensi"), "competencies:list", None, order=300, section=section),
            NavItem(
                "default_levels",
                _("Aturan level bawaan SKJ"),
                "competencies:rule_list",
                admins,
                order=305,
                section=section,
            ),
        )
        dashboard.register(
            Panel("skj", admins, "competencies/_panel_skj.html", panels.skj_panel, order=40, shared=True),
        )
        imports.register(SKJImporter())
        seeding.register(seeding.SeedStep(30, "competencies", seed_competencies))
