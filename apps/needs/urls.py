from django.urls import path

from apps.needs import views

app_name = "needs"

urlpatterns = [
    path("penilaian-mandiri/", views.self_assess, name="self_assess"),
    path("saya/", views.my_gap, name="my_gap"),
    path("tim/", views.team_gaps, name="team"),
    path("tim/<int:pk>/nilai/", views.assess_team_member, name="assess_team"),
    path("pegawai/<int:pk>/", views.pegawai_gap, name="pegawai_gap"),
    path("pegawai/<int:pk>/asesmen/", views.assess_admin, name="assess_admin"),
    path("kesenjangan/", views.gap_list, name="gap_list"),
    path("peta-kesenjangan/", views.heatmap, name="heatmap"),
    path("kinerja/", views.performance_list, name="performance_list"),
    path("kinerja/baru/", views.performance_edit, name="performance_create"),
    path("kinerja/<int:pk>/ubah/", views.performance_edit, name="performance_edit"),
    path("survei/", views.survey_list, name="survey_list"),
    path("survei/baru/", views.survey_edit, name="survey_create"),
    path("survei/<int:pk>/ubah/", views.survey_edit, name="survey_edit"),
    path("survei/<int:pk>/jawab/", views.survey_answer, name="survey_answer"),
    path("survei/<int:pk>/hasil/", views.survey_results, name="survey_results"),
    path("fgd/", views.fgd_list, name="fgd_list"),
    path("fgd/baru/", views.fgd_edit, name="fgd_create"),
    path("fgd/<int:pk>/ubah/", views.fgd_edit, name="fgd_edit"),
    path("kebutuhan/", views.needs_list, name="needs_list"),
    path("kebutuhan/baru/", views.needs_edit, name="needs_create"),
    path("kebutuhan/hasilkan/", views.needs_generate, name="needs_generate"),
    path("kebutuhan/<int:pk>/ubah/", views.needs_edit, name="needs_edit"),
    path("kebutuhan/<int:pk>/tutup/", views.needs_close, name="needs_close"),
    path("survei/<int:pk>/jadikan-kebutuhan/", views.survey_to_needs, name="survey_to_needs"),
    path("fgd/<int:pk>/jadikan-kebutuhan/", views.fgd_to_needs, name="fgd_to_needs"),
    path("rencana/", views.plan_list, name="plan_list"),
    path("rencana/baru/", views.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/ubah/", views.plan_edit, name="plan_edit"),
    path("rencana/<int:pk>/aksi/<slug:action>/", views.plan_action, name="plan_action"),
    path("rencana/<int:pk>/butir/baru/", views.plan_item_edit, name="plan_item_create"),
    path("rencana/<int:pk>/butir/<int:item_pk>/ubah/", views.plan_item_edit, name="plan_item_edit"),
    path("rencana/<int:pk>/butir/<int:item_pk>/hapus/", views.plan_item_delete, name="plan_item_delete"),
    path("rencana/<int:pk>/rpk.pdf", views.plan_pdf, name="plan_pdf"),
    path("rencana/<int:pk>/rpk.xlsx", views.plan_xlsx, name="plan_xlsx"),
]
