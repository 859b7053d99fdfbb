from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS, Role


class OrganizationsConfig(AppConfig):
    name = "apps.organizations"
    label = "organizations"
    verbose_name = _("Organisasi")

    def ready(self) -> None:
        from apps.core import imports, navigation, seeding
        from apps.core.navigation import NavItem
        from apps.organizations.importers import JabatanImporter, UnitImporter
        from apps.organizations.seed import seed_organizations

        admins = ADMINS
        section = _("Organisasi")
        navigation.register(
            NavItem("units", _("Unit kerja"), "organizations:unit_list", admins, order=200, section=section),
            NavItem("jabatan", _("Jabatan"), "organizations:jabatan_list", admins, order=210, section=section),
            NavItem(
                "file_retention",
                _("Masa simpan berkas"),
                "organizations:retention",
                {Role.ADMIN_BKPSDM},
                order=880,
                section=_("Administrasi"),
            ),
            NavItem(
                "instansi",
                _("Instansi"),
                "organizations:instansi_list",
                {Role.SUPERADMIN},
                order=890,
                section=_("Administrasi"),
            ),
        )
        imports.register(UnitImporter())
        imports.register(JabatanImporter())
        seeding.register(seeding.SeedStep(10, "organizations", seed_organizations))
