"""Login throttling and lockout on django-axes, for passwords and for API tokens alike.

Failed logins count per user name and per address; failed bearer-token authentication on the
API (Wagtail's v3 ``BearerTokenAuth``, which every API endpoint uses) counts per address, in the
same table and against the same limit. A lockout is answered in Norwegian: a page in the admin,
problem details (429) on the API. Site managers unlock under *Innstillinger → Innloggingssperrer*
(``website.security.admin``) or with ``manage.py axes_reset`` (``axes_reset_username``,
``axes_reset_ip``).
"""

from __future__ import annotations

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

API_PREFIX = "/api/"


def client_address(request: HttpRequest) -> str:
    """The client's address for counting failures (``AXES_CLIENT_IP_CALLABLE``). Behind
    ``TRUSTED_PROXIES`` proxies (Varnish, the TLS load balancer), each of which appends the
    address it got the request from to X-Forwarded-For, the client is that many hops back;
    anything further left is what the client wrote itself, and is ignored. Without this, every
    client would share the proxy's address, and its lockout."""
    hops = settings.VEIVISER_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if not hops:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [*(part.strip() for part in forwarded.split(",") if part.strip()), remote]
    return chain[max(0, len(chain) - 1 - hops)]


def lockout_parameters(request_or_attempt, credentials: dict | None) -> list[str]:
    """Per user name and per address for a login; per address alone for an API token (no
    user name), so anonymous attempts are never pooled under an empty user name."""
    username = (credentials or {}).get("username") or getattr(request_or_attempt, "username", None)
    return ["username", "ip_address"] if username else ["ip_address"]


def lockout_message(request: HttpRequest) -> str:
    return " ".join(
        [_("For mange mislykkede innloggingsforsøk: innloggingen er sperret."), _wait(request)]
    )


def _wait(request: HttpRequest) -> str:
    cool_off: timedelta | None = get_cool_off(request)
    if not cool_off:
        return _("En nettstedsforvalter kan oppheve sperren.")
    minutes = max(1, round(cool_off.total_seconds() / 60))
    return ngettext(
        "Prøv igjen om %(minutes)d minutt, eller be en nettstedsforvalter oppheve sperren.",
        "Prøv igjen om %(minutes)d minutter, eller be en nettstedsforvalter oppheve sperren.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' answer to a locked user or address (``AXES_LOCKOUT_CALLABLE``)."""
    message = lockout_message(request)
    if request.path.startswith(API_PREFIX):
        problem = {
            "type": "about:blank",
            "title": "Too Many Requests",
            "status": 429,
            "detail": message,
        }
        return JsonResponse(problem, status=429, content_type="application/problem+json")
    return render(request, "security/locked.html", {"message": message}, status=429)


def bearer_token(request: HttpRequest) -> bool:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


def token_refused(request: HttpRequest, response: HttpResponse) -> bool:
    """The endpoint asked for authentication and the bearer token was not accepted: a 401, or
    a public endpoint that fell back to anonymous (django-ninja sets ``request.auth``)."""
    return response.status_code == 401 or isinstance(getattr(request, "auth", None), AnonymousUser)


class ApiTokenThrottleMiddleware:
    """Counts refused API tokens as failed logins from the address, and refuses every token
    request from a locked address before it reaches the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        watched = settings.AXES_ENABLED and request.path.startswith(API_PREFIX)
        if not (watched and bearer_token(request)):
            return self.get_response(request)
        if not AxesProxyHandler.is_allowed(request):
            return lockout_response(request)
        response = self.get_response(request)
        if token_refused(request, response):
            user_login_failed.send(sender=__name__, credentials={}, request=request)
        return response
