from django.urls import path

from apps.competencies import views

app_name = "competencies"

urlpatterns = [
    path("", views.kompetensi_list, name="list"),
    path("baru/", views.kompetensi_edit, name="create"),
    path("<int:pk>/", views.kompetensi_detail, name="detail"),
    path("<int:pk>/ubah/", views.kompetensi_edit, name="edit"),
    path("skj/<int:jabatan_pk>/", views.skj_edit, name="skj"),
    path("skj/<int:jabatan_pk>/tambah/", views.skj_add, name="skj_add"),
    path("skj/<int:jabatan_pk>/level/", views.skj_levels, name="skj_levels"),
    path("skj/<int:jabatan_pk>/hapus/<int:item_pk>/", views.skj_remove, name="skj_remove"),
    path("skj/<int:jabatan_pk>/bawaan/", views.skj_defaults, name="skj_defaults"),
    path("skj/<int:jabatan_pk>/salin/", views.skj_copy, name="skj_copy"),
    path("skj/<int:jabatan_pk>/tugas/<int:task_pk>/", views.skj_task_links, name="skj_task_links"),
    path("aturan-level/", views.rule_list, name="rule_list"),
    path("aturan-level/baru/", views.rule_edit, name="rule_create"),
    path("aturan-level/<int:pk>/ubah/", views.rule_edit, name="rule_edit"),
]
