from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS, Role


class CatalogConfig(AppConfig):
    name = "apps.catalog"
    label = "catalog"
    verbose_name = _("Katalog pengembangan kompetensi")

    def ready(self) -> None:
        from apps.catalog import panels, sharing
        from apps.catalog.importers import AngkatanImporter, ProgramImporter
        from apps.catalog.seed import seed_catalog
        from apps.core import dashboard, imports, navigation, seeding
        from apps.core.dashboard import Panel
        from apps.core.navigation import NavItem

        sharing.register()  # what row-level security lets other instansi read of a shared programme
        admins = ADMINS
        section = _("Katalog")
        navigation.register(
            NavItem("catalog", _("Katalog pelatihan"), "catalog:index", None, order=30),
            NavItem(
                "catalog_programs",
                _("Kelola program"),
                "catalog:program_admin_list",
                admins,
                order=300,
                section=section,
            ),
            NavItem(
                "catalog_batches",
                _("Kelola angkatan"),
                "catalog:angkatan_admin_list",
                admins,
                order=310,
                section=section,
            ),
            NavItem("catalog_calendar", _("Kalender tahunan"), "catalog:calendar", admins, order=315, section=section),
            NavItem(
                "catalog_providers",
                _("Penyelenggara"),
                "catalog:penyelenggara_list",
                admins,
                order=320,
                section=section,
            ),
            NavItem("catalog_speakers", _("Narasumber"), "catalog:narasumber_list", admins, order=330, section=section),
            NavItem(
                "catalog_remote",
                _("Pegawai per lokasi kerja"),
                "catalog:remote_report",
                admins,
                order=340,
                section=section,
            ),
        )
        dashboard.register(
            Panel(
                "catalog_offers",
                frozenset({Role.EMPLOYEE}),
                "catalog/_panel_catalog.html",
                panels.pegawai_panel,
                order=40,
            ),
            Panel("catalog_admin", admins, "catalog/_panel_admin.html", panels.admin_panel, order=40, shared=True),
        )
        imports.register(ProgramImporter())
        imports.register(AngkatanImporter())
        seeding.register(seeding.SeedStep(30, "catalog", seed_catalog))
