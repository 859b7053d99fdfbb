from django.urls import path

from apps.mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("program/", views.program_list, name="program_list"),
    path("program/baru/", views.program_edit, name="program_create"),
    path("program/<int:pk>/", views.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", views.program_edit, name="program_edit"),
    path("program/<int:pk>/mentor/", views.mentor_add, name="mentor_add"),
    path("program/<int:pk>/mentee/", views.mentee_add, name="mentee_add"),
    path("program/<int:pk>/pencocokan/", views.matching, name="matching"),
    path("program/<int:pk>/pasangkan/", views.match, name="match"),
    path("pasangan/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("pasangan/<int:pk>/sesi/", views.session_create, name="session_create"),
    path("pasangan/<int:pk>/sasaran/", views.goal_create, name="goal_create"),
    path("pasangan/<int:pk>/alihkan/", views.pair_reassign, name="pair_reassign"),
    path("pasangan/<int:pk>/akhiri/", views.pair_end, name="pair_end"),
    path("pasangan/<int:pk>/nilai/", views.pair_rate, name="pair_rate"),
    path("sesi/<int:pk>/konfirmasi/", views.session_confirm, name="session_confirm"),
    path("sesi/<int:pk>/tolak/", views.session_dispute, name="session_dispute"),
    path("sasaran/<int:pk>/setujui/", views.goal_agree, name="goal_agree"),
    path("sasaran/<int:pk>/status/", views.goal_status, name="goal_status"),
    path("saya/", views.my_mentees, name="my_mentees"),
    path("mentor-saya/", views.my_mentor, name="my_mentor"),
    path("tim/", views.team_overview, name="team"),
    path("proyek/", views.project_list, name="project_list"),
    path("proyek/baru/", views.project_edit, name="project_create"),
    path("proyek/<int:pk>/", views.project_detail, name="project_detail"),
    path("proyek/<int:pk>/ubah/", views.project_edit, name="project_edit"),
    path("proyek/<int:pk>/laporan/", views.project_report, name="project_report"),
    path("proyek/<int:pk>/laporan/<int:report_pk>/berkas/", views.project_report_file, name="project_report_file"),
    path("proyek/<int:pk>/nilai/", views.project_assess, name="project_assess"),
    path("proyek/<int:pk>/aksi/<slug:action>/", views.project_action, name="project_action"),
]
