from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS, Role


class EnrollmentsConfig(AppConfig):
    name = "apps.enrollments"
    label = "enrollments"
    verbose_name = _("Pendaftaran, presensi, JP dan sertifikat")

    def ready(self) -> None:
        from apps.catalog.remote import register_trained_counter
        from apps.catalog.session_records import register_session_record_counter
        from apps.core import dashboard, imports, navigation, notices, seeding
        from apps.core.dashboard import Panel
        from apps.core.navigation import NavItem
        from apps.enrollments import panels
        from apps.enrollments.importers import AttendanceImporter, TrainingHistoryImporter
        from apps.enrollments.seed import seed_enrollments
        from apps.enrollments.selectors import attendance_counts_by_session, trained_pegawai_ids
        from apps.enrollments.services import notify

        notices.register_delivery(notify)
        admins = ADMINS
        people = {Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR}
        mine = _("Pelatihan saya")
        manage = _("Kelola pelatihan")
        navigation.register(
            NavItem("enr_approvals", _("Persetujuan tim"), "enrollments:approvals", {Role.SUPERVISOR}, order=22),
            NavItem("enr_mine", _("Pendaftaran saya"), "enrollments:mine", people, order=32, section=mine),
            NavItem("enr_jp", _("Buku JP saya"), "enrollments:my_jp", people, order=33, section=mine),
            NavItem("enr_code", _("Isi kode presensi"), "enrollments:code_entry", people, order=34, section=mine),
            NavItem("enr_notifications", _("Pemberitahuan"), "enrollments:notifications", None, order=35, section=mine),
            NavItem(
                "enr_verify", _("Verifikasi pendaftaran"), "enrollments:verify_queue", admins, order=400, section=manage
            ),
            NavItem(
                "enr_batches", _("Peserta angkatan"), "enrollments:angkatan_list", admins, order=410, section=manage
            ),
            NavItem(
                "enr_external",
                _("Laporan pelatihan eksternal"),
                "enrollments:external_queue",
                admins,
                order=420,
                section=manage,
            ),
            NavItem(
                "enr_dashboard",
                _("Dasbor JP"),
                "enrollments:jp_dashboard",
                admins,
                order=430,
                section=manage,
                in_instansi=True,
            ),
            NavItem(
                "enr_nothing",
                _("Belum pelatihan tahun ini"),
                "enrollments:nothing",
                admins,
                order=440,
                section=manage,
                in_instansi=True,
            ),
        )
        dashboard.register(
            Panel(
                "enr_approvals",
                frozenset({Role.SUPERVISOR}),
                "enrollments/_panel_approvals.html",
                panels.approvals_panel,
                order=15,
            ),
            Panel("enr_jp", frozenset(people), "enrollments/_panel_jp.html", panels.jp_panel, order=12),
            Panel("enr_verify", admins, "enrollments/_panel_verify.html", panels.verify_panel, order=35, shared=True),
        )
        imports.register(AttendanceImporter())
        imports.register(TrainingHistoryImporter())
        register_trained_counter(trained_pegawai_ids)
        register_session_record_counter(attendance_counts_by_session)
        seeding.register(seeding.SeedStep(50, "enrollments", seed_enrollments))
