from django.urls import path

from apps.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("baru/", views.questionnaire_create, name="create"),
    path("saya/", views.my_surveys, name="mine"),
    path("isi/<int:pk>/", views.answer, name="answer"),
    path("<int:pk>/", views.questionnaire_detail, name="detail"),
    path("<int:pk>/pertanyaan/", views.question_add, name="question_add"),
    path("<int:pk>/pertanyaan/<int:question_pk>/hapus/", views.question_delete, name="question_delete"),
    path("<int:pk>/status/<slug:action>/", views.questionnaire_status, name="status"),
    path("<int:pk>/qr.svg", views.skm_qr, name="skm_qr"),
]
