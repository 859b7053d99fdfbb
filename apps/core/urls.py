from django.urls import path

from apps.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/ekspor.xlsx", views.audit_export, name="audit_export"),
    path("impor/", views.import_list, name="import_list"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/<int:pk>/kesalahan.csv", views.import_errors_csv, name="import_errors"),
    path("impor/<int:pk>/ulang/", views.import_retry, name="import_retry"),
    path("impor/<slug:kind>/", views.import_start, name="import_start"),
    path("impor/<slug:kind>/templat.xlsx", views.import_template, name="import_template"),
]
