from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

# No route serves MEDIA_ROOT, not even with DEBUG: every file goes through a view that checks access
# (reports:download, enrollments:certificate_download, catalog:material_download, ...).
urlpatterns = [
    path("", include("apps.core.urls")),
    path("akun/", include("apps.accounts.urls")),
    path("organisasi/", include("apps.organizations.urls")),
    path("pegawai/", include("apps.employees.urls")),
    path("kompetensi/", include("apps.competencies.urls")),
    path("kebutuhan/", include("apps.needs.urls")),
    path("katalog/", include("apps.catalog.urls")),
    path("", include("apps.enrollments.urls")),
    path("bimbingan/", include("apps.mentoring.urls")),
    path("evaluasi/", include("apps.evaluations.urls")),
    path("", include("apps.evaluations.public_urls")),
    path("laporan/", include("apps.reports.urls")),
    path("api/", include("apps.api.urls")),
    path("", include("apps.api.public_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("superadmin/", admin.site.urls),
]
