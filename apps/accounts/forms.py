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
