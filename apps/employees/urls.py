from django.urls import path

from apps.employees import views

app_name = "employees"

urlpatterns = [
    path("", views.pegawai_list, name="list"),
    path("baru/", views.pegawai_edit, name="create"),
    path("saya/", views.my_profile, name="me"),
    path("saya/data-pribadi/", views.my_personal_data, name="my_data"),
    path("tim/", views.my_team, name="team"),
    path("<int:pk>/", views.pegawai_detail, name="detail"),
    path("<int:pk>/ubah/", views.pegawai_edit, name="edit"),
    path("perbaikan-data/", views.correction_list, name="corrections"),
    path("perbaikan-data/<int:pk>/", views.correction_detail, name="correction_detail"),
    path("mutasi/", views.transfer_list, name="transfers"),
    path("mutasi/<int:pk>/putuskan/", views.transfer_decide, name="transfer_decide"),
]
