from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Nama pengguna"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }


class PasswordResetRequestForm(PasswordResetForm):
    """Only parses the address; whether an account has it is never shown (services.password_reset_request)."""

    email = forms.EmailField(
        label=_("Alamat email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


def _label_new_password_fields(form: SetPasswordForm) -> None:
    form.fields["new_password1"].label = _("Kata sandi baru")
    form.fields["new_password2"].label = _("Ulangi kata sandi baru")
    form.fields["new_password2"].help_text = _("Ketik kata sandi yang sama sekali lagi.")


class NewPasswordForm(SetPasswordForm):
    """The new password after a reset link; the project's validators run in clean_new_password2."""

    error_messages = {"password_mismatch": _("Kedua kata sandi tidak sama.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_new_password_fields(self)
        self.fields["new_password1"].widget.attrs["autofocus"] = True


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("Kedua kata sandi tidak sama."),
        "password_incorrect": _("Kata sandi saat ini salah. Silakan coba lagi."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Kata sandi saat ini")
        _label_new_password_fields(self)


class OtpCodeForm(forms.Form):
    """One field for the 6-digit code of the authenticator app or an 8-character recovery code."""

    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=16,
        help_text=_("6 angka dari aplikasi autentikator, atau salah satu kode pemulihan."),
        error_messages={"required": _("Masukkan kode verifikasi.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().replace(" ", "").replace("-", "").lower()
        if not code.isalnum():
            raise forms.ValidationError(_("Kode hanya berisi angka dan huruf."))
        return code


class OtpEnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Kode dari aplikasi"),
        max_length=8,
        help_text=_("Masukkan 6 angka yang sedang tampil di aplikasi autentikator."),
        error_messages={"required": _("Masukkan kode dari aplikasi autentikator.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Kode terdiri dari 6 angka."))
        return code
