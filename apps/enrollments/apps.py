from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentsConfig(AppConfig):
    name = "apps.enrollments"
    label = "enrollments"
    verbose_name = _("Pendaftaran, presensi, JP dan sertifikat")
