"""HTTP details every public read shares: HEAD, cache headers, Content-Language, problems.

Cache-Control fits a purge-based setup: a shared cache (the proxy, purged on publish) may keep
a response for ``KB_API_MAX_AGE`` seconds; a client must revalidate every time,
and gets a cheap 304 when nothing changed, never a stale body."""

import json
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from wagtail.api.v3.errors import problem_response

PUBLIC_PATHS = ("/api/", "/feeds/")


def public_cache_control() -> str:
    return f"public, max-age=0, must-revalidate, s-maxage={settings.KB_API_MAX_AGE}"


def set_public_headers(response: HttpResponse, locales: Iterable[str] = ()) -> HttpResponse:
    response["Cache-Control"] = public_cache_control()
    patch_vary_headers(response, ["Authorization", "Accept-Language"])
    languages = sorted(set(locales))
    if languages:  # else LocaleMiddleware says the active language, as for any page
        response["Content-Language"] = ", ".join(languages)
    return response


def problem(status: int, code: str, detail: str, **extra) -> HttpResponse:
    """RFC 9457 problem details with a Norwegian ``detail`` and a stable machine ``code``."""
    response = problem_response(status=status, detail=detail, type_uri=f"urn:veiviser:{code}")
    if extra:
        body = json.loads(response.content)
        body.update(extra)
        response.content = json.dumps(body, ensure_ascii=False, default=str)
    return response


class HeadAsGetMiddleware:
    """Answer ``HEAD`` wherever ``GET`` is answered on the API and the feed.

    django-ninja routes by method and would answer 405; the view runs as for ``GET``, and the
    body is dropped here (the headers, Content-Length included, stay those of the ``GET``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD" or not request.path.startswith(PUBLIC_PATHS):
            return self.get_response(request)
        request.method = "GET"
        response = self.get_response(request)
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
