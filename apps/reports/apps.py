from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        from apps.core import jobs, navigation
        from apps.core.navigation import NavItem
        from apps.reports.models import ReportJob
        from apps.reports.services import report_mark_failed

        jobs.register_job_kind(
            jobs.JobKind(model=ReportJob, task_name="apps.reports.tasks.run_report_job", mark_failed=report_mark_failed)
        )

        admins = ADMINS
        section = _("Evaluasi")
        navigation.register(
            NavItem(
                "reports_dashboard", _("Tahun ini sekilas"), "reports:dashboard", admins, order=310, section=section
            ),
            NavItem("reports_list", _("Laporan"), "reports:list", admins, order=311, section=section),
        )
