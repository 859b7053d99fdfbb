from django.urls import path

from apps.evaluations import views, views_actions, views_results

app_name = "evaluations"

urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("baru/", views.questionnaire_create, name="create"),
    path("saya/", views.my_surveys, name="mine"),
    path("isi/<int:pk>/", views.answer, name="answer"),
    path("tindakan/", views_actions.action_list, name="actions"),
    path("tindakan/baru/", views_actions.action_create, name="action_create"),
    path("tindakan/<int:pk>/", views_actions.action_detail, name="action_detail"),
    path("tindakan/<int:pk>/status/", views_actions.action_status, name="action_status"),
    path("tindakan/<int:pk>/program/", views_actions.action_link, name="action_link"),
    path("tindakan/<int:pk>/kebutuhan/", views_actions.action_needs, name="action_needs"),
    path("hasil/", views_results.batch_list, name="batches"),
    path("hasil/angkatan/<int:angkatan_pk>/", views_results.batch_results, name="batch_results"),
    path("hasil/program/<int:program_pk>/", views_results.program_results, name="program_results"),
    path("hasil/narasumber/", views_results.narasumber_results, name="narasumber_results"),
    path("hasil/skm/", views_results.skm_results, name="skm_results"),
    path("<int:pk>/", views.questionnaire_detail, name="detail"),
    path("<int:pk>/hasil/", views_results.questionnaire_results, name="results"),
    path("<int:pk>/pertanyaan/", views.question_add, name="question_add"),
    path("<int:pk>/pertanyaan/<int:question_pk>/ubah/", views.question_edit, name="question_edit"),
    path("<int:pk>/pertanyaan/<int:question_pk>/hapus/", views.question_delete, name="question_delete"),
    path("<int:pk>/status/<slug:action>/", views.questionnaire_status, name="status"),
    path("<int:pk>/qr.svg", views.skm_qr, name="skm_qr"),
]
