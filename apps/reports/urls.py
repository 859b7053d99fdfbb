from django.urls import path

from apps.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("minta/", views.report_create, name="create"),
    path("sekilas/", views.year_dashboard, name="dashboard"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/ulang/", views.report_retry, name="retry"),
    path("<int:pk>/unduh/<str:fmt>/", views.report_download, name="download"),
]
