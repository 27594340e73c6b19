"""The second factor's two pages: enrol an authenticator app (with recovery codes), and verify
a code at login. Both are in Norwegian and reachable only when logged in."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode import make as make_qr
from qrcode.image.svg import SvgPathImage

from website.security.two_factor import has_device

RECOVERY_CODES = 10
APP_DEVICE_NAME = gettext_lazy("Autentiseringsapp")
RECOVERY_DEVICE_NAME = gettext_lazy("Gjenopprettingskoder")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def cleaned_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


def next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if allowed else "/admin/"


@login_required(login_url="wagtailadmin_login")
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app. Only for a user without one: a confirmed device is never
    replaced by someone who knows just the password."""
    if has_device(request.user):
        return redirect("two_factor_verify")
    device = unconfirmed_app(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_code()):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            codes = new_recovery_codes(request.user)
            context = {"codes": codes, "next": next_url(request)}
            return render(request, "security/recovery_codes.html", context)
        form.add_error(
            "code", _("Koden stemmer ikke. Skriv inn den sekssifrede koden appen viser nå.")
        )
    context = {
        "form": form,
        "qr_svg": qr_svg(device.config_url),
        "secret": device_secret(device),
        "uri": device.config_url,
        "next": next_url(request),
    }
    return render(request, "security/enrol.html", context)


@login_required(login_url="wagtailadmin_login")
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a code from the app, or a recovery code (each works once)."""
    if not has_device(request.user):
        return redirect("two_factor_enrol")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_code())
        if device is not None:
            otp_login(request, device)
            return redirect(next_url(request))
        form.add_error("code", _("Koden stemmer ikke, eller den er brukt før."))
    return render(request, "security/verify.html", {"form": form, "next": next_url(request)})


def unconfirmed_app(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    device.token_set.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def device_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def qr_svg(uri: str) -> str:
    image = make_qr(uri, image_factory=SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")
