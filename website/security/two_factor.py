"""Two-factor authentication (django-otp) for every account whose role requires it
(``Role.two_factor`` in website.roles, superusers always).

When ``VEIVISER_TWO_FACTOR_REQUIRED`` is on, such a user who logged in with a password reaches
the admin only after a second factor in this session: a code from an authenticator app (TOTP)
or a one-time recovery code. A user without a device is sent to enrol one first. A login through
the municipality's single sign-on counts as verified: the identity provider enforces its own
second factor.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user

from website.roles import requires_two_factor

SSO_BACKEND = "website.security.sso.RoleMappingOIDCBackend"
ADMIN_PREFIX = "/admin/"
# Reachable before the second factor: logging in and out, and the second factor's own pages.
OPEN_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",  # the pages' icons and translations
    "wagtailadmin_javascript_catalog",
    "two_factor_enrol",
    "two_factor_verify",
)


def logged_in_with_sso(request: HttpRequest) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND


def has_device(user) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def second_factor_missing(request: HttpRequest) -> bool:
    user = request.user
    return (
        settings.VEIVISER_TWO_FACTOR_REQUIRED
        and user.is_authenticated
        and not user.is_verified()
        and not logged_in_with_sso(request)
        and requires_two_factor(user)
    )


class TwoFactorMiddleware:
    """Sends an admin user who still lacks the second factor to verify it, or to enrol."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(ADMIN_PREFIX)
            and request.path not in open_paths()
            and second_factor_missing(request)
        ):
            step = "two_factor_verify" if has_device(request.user) else "two_factor_enrol"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def open_paths() -> set[str]:
    return {reverse(name) for name in OPEN_URL_NAMES}
