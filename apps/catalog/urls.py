from django.urls import path

from apps.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.catalog_index, name="index"),
    path("program/", views.program_catalog, name="program_catalog"),
    path("program/<int:pk>/", views.program_detail, name="program_detail"),
    path("program/<int:pk>/materi/<int:material_pk>/unduh/", views.material_download, name="material_download"),
    path("angkatan/<int:pk>/", views.angkatan_detail, name="angkatan_detail"),
    path("angkatan/<int:pk>/kalender.ics", views.angkatan_ics, name="angkatan_ics"),
    path("kalender/", views.calendar_view, name="calendar"),
    path("kelola/penyelenggara/", views.penyelenggara_list, name="penyelenggara_list"),
    path("kelola/penyelenggara/baru/", views.penyelenggara_edit, name="penyelenggara_create"),
    path("kelola/penyelenggara/<int:pk>/ubah/", views.penyelenggara_edit, name="penyelenggara_edit"),
    path("kelola/narasumber/", views.narasumber_list, name="narasumber_list"),
    path("kelola/narasumber/baru/", views.narasumber_edit, name="narasumber_create"),
    path("kelola/narasumber/<int:pk>/ubah/", views.narasumber_edit, name="narasumber_edit"),
    path("kelola/program/", views.program_admin_list, name="program_admin_list"),
    path("kelola/program/baru/", views.program_edit, name="program_create"),
    path("kelola/program/<int:pk>/ubah/", views.program_edit, name="program_edit"),
    path("kelola/program/<int:pk>/status/", views.program_status, name="program_status"),
    path("kelola/program/<int:pk>/versi-baru/", views.program_new_version, name="program_new_version"),
    path("kelola/program/<int:pk>/materi/", views.material_add, name="material_add"),
    path("kelola/program/<int:pk>/materi/<int:material_pk>/hapus/", views.material_delete, name="material_delete"),
    path("kelola/angkatan/", views.angkatan_admin_list, name="angkatan_admin_list"),
    path("kelola/angkatan/baru/", views.angkatan_edit, name="angkatan_create"),
    path("kelola/angkatan/<int:pk>/ubah/", views.angkatan_edit, name="angkatan_edit"),
    path("kelola/angkatan/<int:pk>/status/", views.angkatan_status, name="angkatan_status"),
    path("kelola/ekspor/program.xlsx", views.export_programs, name="export_programs"),
    path("kelola/ekspor/angkatan.xlsx", views.export_angkatan, name="export_angkatan"),
    path("kelola/laporan/lokasi-kerja/", views.remote_report, name="remote_report"),
]
