from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("masuk/kode/", views.LoginVerifyView.as_view(), name="login_verify"),
    path("verifikasi-dua-langkah/", views.TwoFactorView.as_view(), name="two_factor"),
    path("verifikasi-dua-langkah/kode-pemulihan/", views.TwoFactorCodesView.as_view(), name="two_factor_codes"),
    path(
        "verifikasi-dua-langkah/kode-pemulihan/baru/",
        views.TwoFactorRegenerateView.as_view(),
        name="two_factor_regenerate",
    ),
    path("verifikasi-dua-langkah/matikan/", views.TwoFactorDisableView.as_view(), name="two_factor_disable"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("kata-sandi/diganti/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("lupa-kata-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-kata-sandi/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "atur-ulang-kata-sandi/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("atur-ulang-kata-sandi/selesai/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
