from django.urls import path

from apps.organizations import views

app_name = "organizations"

urlpatterns = [
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/baru/", views.unit_edit, name="unit_create"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("jabatan/", views.jabatan_list, name="jabatan_list"),
    path("jabatan/baru/", views.jabatan_edit, name="jabatan_create"),
    path("jabatan/<int:pk>/", views.jabatan_detail, name="jabatan_detail"),
    path("jabatan/<int:pk>/ubah/", views.jabatan_edit, name="jabatan_edit"),
    path("instansi/", views.instansi_list, name="instansi_list"),
    path("instansi/baru/", views.instansi_edit, name="instansi_create"),
    path("instansi/<int:pk>/ubah/", views.instansi_edit, name="instansi_edit"),
    path("instansi/beralih/", views.instansi_switch, name="instansi_switch"),
    path("instansi/masa-simpan-berkas/", views.retention_edit, name="retention"),
]
