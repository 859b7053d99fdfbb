from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from celery.signals import task_postrun, task_prerun
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate, post_save

        from apps.core import figures, jobs, navigation, rls
        from apps.core.models import ImportJob
        from apps.core.navigation import NavItem
        from apps.core.services import import_job_mark_failed

        post_save.connect(figures.row_changed, dispatch_uid="figures.row_saved")
        post_delete.connect(figures.row_changed, dispatch_uid="figures.row_deleted")
        # Sent once per app after the whole migrate run: by then every tenant table exists.
        post_migrate.connect(rls.apply_policies, sender=self, dispatch_uid="rls.apply_policies")
        task_prerun.connect(rls.celery_task_started, dispatch_uid="rls.task_started")
        task_postrun.connect(rls.celery_task_finished, dispatch_uid="rls.task_finished")
        connection_created.connect(rls.connection_created, dispatch_uid="rls.connection_created")
        jobs.register_job_kind(
            jobs.JobKind(
                model=ImportJob, task_name="apps.core.tasks.run_import_job", mark_failed=import_job_mark_failed
            )
        )

        navigation.register(
            NavItem("home", _("Beranda"), "core:home", roles=None, order=0, icon="house"),
            NavItem(
                "imports",
                _("Impor data"),
                "core:import_list",
                roles=ADMINS,
                order=880,
                section=_("Administrasi"),
            ),
            NavItem(
                "audit",
                _("Log audit"),
                "core:audit_list",
                roles=ADMINS,
                order=900,
                section=_("Administrasi"),
            ),
        )
