from django.urls import path

from apps.enrollments import views

app_name = "enrollments"

urlpatterns = [
    path("pendaftaran/saya/", views.my_enrollments, name="mine"),
    path("pendaftaran/saya/kalender.ics", views.my_calendar, name="my_calendar"),
    path("pendaftaran/<int:pk>/", views.enrollment_detail, name="detail"),
    path("pendaftaran/<int:pk>/batal/", views.enrollment_cancel, name="cancel"),
    path("pendaftaran/<int:pk>/putuskan/", views.enrollment_decide, name="decide"),
    path("pendaftaran/<int:pk>/verifikasi/", views.enrollment_verify, name="verify"),
    path("pendaftaran/angkatan/<int:angkatan_pk>/daftar/", views.request_create, name="request"),
    path("pendaftaran/persetujuan/", views.approvals, name="approvals"),
    path("pendaftaran/nominasi/", views.nominate, name="nominate"),
    path("pendaftaran/verifikasi/", views.verify_queue, name="verify_queue"),
    path("pendaftaran/angkatan/", views.angkatan_list, name="angkatan_list"),
    path("pendaftaran/angkatan/<int:pk>/peserta/", views.angkatan_participants, name="participants"),
    path("pendaftaran/angkatan/<int:pk>/daftar-tunggu/", views.waitlist_fill, name="waitlist_fill"),
    path("pendaftaran/angkatan/<int:pk>/nominasi/", views.angkatan_nominate, name="bulk_nominate"),
    path("pendaftaran/nominasi-massal/<int:pk>/", views.bulk_detail, name="bulk_detail"),
    path("pendaftaran/angkatan/<int:pk>/kelulusan/", views.angkatan_completion, name="completion"),
    path("pendaftaran/angkatan/<int:pk>/sertifikat/", views.certificates_issue, name="certificates_issue"),
    path("pendaftaran/sesi/<int:pk>/presensi/", views.session_attendance, name="session_attendance"),
    path("pendaftaran/sesi/<int:pk>/kode/", views.session_code, name="session_code"),
    path("pendaftaran/presensi/", views.attendance_code_entry, name="code_entry"),
    path("pendaftaran/sertifikat/<int:pk>/unduh/", views.certificate_download, name="certificate_download"),
    path("pendaftaran/sertifikat/<int:pk>/cabut/", views.certificate_revoke, name="certificate_revoke"),
    path("pendaftaran/jp/saya/", views.my_jp, name="my_jp"),
    path("pendaftaran/jp/lapor/", views.external_create, name="external_create"),
    path("pendaftaran/jp/eksternal/", views.external_queue, name="external_queue"),
    path("pendaftaran/jp/eksternal/<int:pk>/putuskan/", views.external_decide, name="external_decide"),
    path("pendaftaran/jp/eksternal/<int:pk>/berkas/", views.external_file, name="external_file"),
    path("pendaftaran/jp/dasbor/", views.jp_dashboard, name="jp_dashboard"),
    path("pendaftaran/jp/di-bawah-target/", views.jp_below_target, name="jp_below"),
    path("pendaftaran/jp/di-bawah-target/jadikan-kebutuhan/", views.jp_shortfall_needs, name="jp_shortfall_needs"),
    path("pendaftaran/jp/ekspor-siasn.xlsx", views.jp_export, name="jp_export"),
    path("pendaftaran/belum-pelatihan/", views.nothing_this_year, name="nothing"),
    path("pemberitahuan/", views.notifications, name="notifications"),
    path("sertifikat/", views.verify_lookup, name="verify_lookup"),
    path("sertifikat/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
