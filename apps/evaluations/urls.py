from django.urls import path

from apps.evaluations import views, views_results

app_name = "evaluations"

urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("baru/", views.questionnaire_create, name="create"),
    path("saya/", views.my_surveys, name="mine"),
    path("isi/<int:pk>/", views.answer, name="answer"),
    path("hasil/", views_results.batch_list, name="batches"),
    path("hasil/angkatan/<int:angkatan_pk>/", views_results.batch_results, name="batch_results"),
    path("hasil/program/<int:program_pk>/", views_results.program_results, name="program_results"),
    path("hasil/narasumber/", views_results.narasumber_results, name="narasumber_results"),
    path("hasil/skm/", views_results.skm_results, name="skm_results"),
    path("<int:pk>/", views.questionnaire_detail, name="detail"),
    path("<int:pk>/hasil/", views_results.questionnaire_results, name="results"),
    path("<int:pk>/pertanyaan/", views.question_add, name="question_add"),
    path("<int:pk>/pertanyaan/<int:question_pk>/hapus/", views.question_delete, name="question_delete"),
    path("<int:pk>/status/<slug:action>/", views.questionnaire_status, name="status"),
    path("<int:pk>/qr.svg", views.skm_qr, name="skm_qr"),
]
