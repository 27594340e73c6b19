"""Every absolute link Veiviser gives out (API, webhooks, feed), from one origin.

That origin is ``VEIVISER_PUBLIC_BASE_URL`` when set (production, behind the proxy). When it
is empty, it is the request's own scheme, host and port (local development, tests), and
``WAGTAILADMIN_BASE_URL`` for work done outside a request (webhook deliveries). A response
never names a host or port that the Site record happens to hold.

Links in e-mail lead to the admin: ``admin_url``, on ``WAGTAILADMIN_BASE_URL``, which is
``PUBLIC_BASE_URL`` unless the admin is configured on an address of its own (settings.py);
Wagtail's own workflow mails use the same setting."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from wagtail.models import Page


def origin(request: HttpRequest | None = None) -> str:
    if settings.VEIVISER_PUBLIC_BASE_URL:
        return settings.VEIVISER_PUBLIC_BASE_URL
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """``path`` (starting with ``/``) on the public origin."""
    return origin(request) + path


def page_url(page: Page, request: HttpRequest | None = None) -> str | None:
    """The page's public URL, or None for a page outside every site."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    return absolute(parts[2], request)


def admin_url(path: str) -> str:
    """``path`` (starting with ``/``) on the admin's origin, for links in e-mail."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def permalink(page: Page, request: HttpRequest | None = None, locale: str | None = None) -> str:
    """``/k/<key>/<locale>/``: follows the item wherever it moves (kb.permalinks)."""
    code = locale or page.locale.language_code
    return absolute(reverse("kb-permalink-locale", args=[page.translation_key, code]), request)
