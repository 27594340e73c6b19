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
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode import make as make_qr
from qrcode.image.svg import SvgPathImage

from website.security.two_factor import has_device

RECOVERY_CODES = 10
APP_DEVICE_NAME = gettext_lazy("Autentiseringsapp")
RECOVERY_DEVICE_NAME = gettext_lazy("Gjenopprettingskoder")
WRONG_APP_CODE = gettext_lazy("Koden stemmer ikke. Skriv inn den sekssifrede koden appen viser nå.")


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
        throttled = refusal([device])
        if not throttled and device.verify_token(form.cleaned_code()):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            codes = new_recovery_codes(request.user)
            context = {"codes": codes, "next": next_url(request)}
            return render(request, "security/recovery_codes.html", context)
        form.add_error("code", throttled or WRONG_APP_CODE)
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
        code = form.cleaned_code()
        candidates = devices_for_code(request.user, code)
        throttled = refusal(candidates)
        device = None if throttled else next((d for d in candidates if d.verify_token(code)), None)
        if device is not None:
            otp_login(request, device)
            return redirect(next_url(request))
        form.add_error("code", throttled or _("Koden stemmer ikke, eller den er brukt før."))
    return render(request, "security/verify.html", {"form": form, "next": next_url(request)})


def devices_for_code(user, code: str) -> list:
    """Six digits are the app's code, anything else a recovery code: each is tried only on
    its own kind of device, so using a recovery code does not slow the app down."""
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    return [device for device in devices_for_user(user) if isinstance(device, kind)]


def refusal(devices) -> str | None:
    """django-otp slows guessing down: after a wrong code a device waits a little longer
    before it accepts the next one. Say so, rather than call a right code wrong."""
    if any(not device.verify_is_allowed()[0] for device in devices):
        return _("For mange feil koder på rad. Vent noen sekunder og prøv igjen.")
    return None


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
