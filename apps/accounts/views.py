from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from apps.accounts import selectors, services
from apps.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    OtpCodeForm,
    OtpEnrolForm,
    PasswordResetRequestForm,
)
from apps.accounts.middleware import ENROLMENT, LOGOUT_REASON_KEY, needs_admin_enrolment, otp_exempt
from apps.core.forms import save_or_error
from apps.core.roles import ADMINS

OTP_KEY_SESSION = "otp_enrol_key"
OTP_CODES_SESSION = "otp_new_codes"


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


class RefusedIs422:
    """A refused form answers 422 with its Indonesian errors, as every other form of the app does."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """The password step. With a second factor on, the session is signed in but not verified: the code
    page comes next and TwoFactorMiddleware keeps every other page closed until it is given."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        user = self.request.user
        if user.is_authenticated and user.has_two_factor:  # the code page lets a verified session through
            return f"{reverse('accounts:login_verify')}?{urlencode({'next': url})}"
        return url

    def get_context_data(self, **kwargs):
        reason = self.request.session.pop(LOGOUT_REASON_KEY, None)
        return super().get_context_data(idle_logout=reason == "idle", **kwargs)


@method_decorator(otp_exempt(), name="dispatch")
class LogoutView(auth_views.LogoutView):
    pass


@method_decorator(otp_exempt(), name="dispatch")
class LoginVerifyView(View):
    """The second step of signing in: the code of the authenticator app, or one recovery code."""

    template_name = "accounts/login_verify.html"

    def _done(self, request):
        if not request.user.has_two_factor or request.user.is_verified():
            return redirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
        return None

    def get(self, request):
        return self._done(request) or self._render(request, OtpCodeForm())

    def post(self, request):
        if done := self._done(request):
            return done
        form = OtpCodeForm(request.POST)
        if form.is_valid():
            device = services.otp_verify(user=request.user, token=form.cleaned_data["code"])
            if device is not None:
                django_otp.login(request, device)
                if device.persistent_id.startswith("otp_static."):
                    left = selectors.otp_recovery_codes_left(user=request.user)
                    messages.warning(
                        request,
                        _("Anda masuk dengan kode pemulihan. Sisa kode pemulihan: %(left)s.") % {"left": left},
                    )
                return redirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
            form.add_error("code", _("Kode verifikasi salah atau sudah dipakai. Tunggu sebentar lalu coba lagi."))
        return self._render(request, form, status=422)

    def _render(self, request, form, status=200):
        ctx = {"form": form, "next": _safe_next(request, "")}
        return render(request, self.template_name, ctx, status=status)


def _secret_for_display(key_hex: str) -> str:
    secret = b32encode(bytes.fromhex(key_hex)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _otpauth_url(user, key_hex: str) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice(user=user, key=key_hex, name="default").config_url  # not saved: only builds the URI


@method_decorator(otp_exempt(ENROLMENT), name="dispatch")
class TwoFactorView(View):
    """Enrolment (a secret as QR code and as text, confirmed with a first code) or, once on, its status
    with the forms for new recovery codes and for switching it off."""

    template_name = "accounts/two_factor.html"

    def get(self, request):
        return self._render(request)

    def post(self, request):
        """Enrolment. The secret lives in the session until a code proves the app holds it."""
        if request.user.has_two_factor:
            return redirect("accounts:two_factor")
        form = OtpEnrolForm(request.POST)
        key = request.session.get(OTP_KEY_SESSION)
        if form.is_valid() and key:
            enrolled = save_or_error(
                form,
                lambda: services.otp_enrol(actor=request.user, key=key, token=form.cleaned_data["code"]),
                field="code",
            )
            if enrolled:
                device, codes = enrolled.value
                django_otp.login(request, device)
                update_session_auth_hash(request, request.user)  # this session stays, the others end
                del request.session[OTP_KEY_SESSION]
                request.session[OTP_CODES_SESSION] = codes
                messages.success(request, _("Verifikasi dua langkah aktif."))
                return redirect(
                    f"{reverse('accounts:two_factor_codes')}?{urlencode({'next': _safe_next(request, '')})}"
                )
        elif form.is_valid():
            form.add_error("code", _("Kode rahasia sudah kedaluwarsa; pindai kode QR di bawah ini lalu coba lagi."))
        return self._render(request, enrol_form=form, status=422)

    def _render(self, request, status=200, **forms):
        user = request.user
        ctx = {
            "next": _safe_next(request, ""),
            "required": needs_admin_enrolment(user),
        }
        if user.has_two_factor:
            ctx.update(
                enabled=True,
                codes_left=selectors.otp_recovery_codes_left(user=user),
                regenerate_form=forms.get("regenerate_form") or OtpCodeForm(prefix="regenerate"),
                disable_form=forms.get("disable_form") or OtpCodeForm(prefix="disable"),
                can_disable=not (settings.OTP_REQUIRED_FOR_ADMINS and user.stored_roles & ADMINS),
            )
        else:
            key = request.session.get(OTP_KEY_SESSION) or services.otp_new_key()
            request.session[OTP_KEY_SESSION] = key
            ctx.update(
                enabled=False,
                qr=segno.make(_otpauth_url(user, key), error="m").svg_data_uri(scale=5, border=2),
                secret=_secret_for_display(key),
                enrol_form=forms.get("enrol_form") or OtpEnrolForm(),
            )
        return render(request, self.template_name, ctx, status=status)


@method_decorator(otp_exempt(ENROLMENT), name="dispatch")
class TwoFactorCodesView(View):
    """The recovery codes, shown once after enrolment or regeneration (taken out of the session here)."""

    def get(self, request):
        codes = request.session.pop(OTP_CODES_SESSION, None)
        if not codes:
            return redirect("accounts:two_factor")
        ctx = {"codes": codes, "next": _safe_next(request, "")}
        return render(request, "accounts/two_factor_codes.html", ctx)


class TwoFactorRegenerateView(View):
    def post(self, request):
        form = OtpCodeForm(request.POST, prefix="regenerate")
        if not request.user.has_two_factor:
            return redirect("accounts:two_factor")
        if form.is_valid() and (
            made := save_or_error(
                form,
                lambda: services.otp_recovery_regenerate(actor=request.user, token=form.cleaned_data["code"]),
                field="code",
            )
        ):
            request.session[OTP_CODES_SESSION] = made.value
            return redirect("accounts:two_factor_codes")
        return TwoFactorView()._render(request, regenerate_form=form, status=422)


class TwoFactorDisableView(View):
    def post(self, request):
        form = OtpCodeForm(request.POST, prefix="disable")
        if not request.user.has_two_factor:
            return redirect("accounts:two_factor")
        if form.is_valid() and (
            done := save_or_error(
                form, lambda: services.otp_disable(actor=request.user, token=form.cleaned_data["code"]), field="code"
            )
        ):
            update_session_auth_hash(request, done.value)
            messages.success(request, _("Verifikasi dua langkah dimatikan."))
            return redirect("accounts:two_factor")
        return TwoFactorView()._render(request, disable_form=form, status=422)


class PasswordChangeView(RefusedIs422, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        user = services.password_change(
            actor=self.request.user, user=form.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)  # this session stays signed in, the others end
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(RefusedIs422, auth_views.PasswordResetView):
    """Every valid address gets the same redirect to the same page, whether it has an account, an
    inactive one, or hit the rate limit."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        services.password_reset_request(email=form.cleaned_data["email"], client_ip=get_client_ip_address(self.request))
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(valid_minutes=settings.PASSWORD_RESET_TIMEOUT // 60, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(RefusedIs422, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        services.password_reset_complete(user=form.user, new_password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
