"""HTTP details every public read shares (KB API, search, feed): conditional responses, cache
headers, ``Link``, Content-Language, HEAD, and problem details.

Cache-Control fits a purge-based setup: a shared cache (the proxy, purged on publish) may keep
a response for ``KB_API_MAX_AGE`` seconds; a client must revalidate every time,
and gets a cheap 304 when nothing changed, never a stale body.

Every error on the KB routes is an RFC 9457 problem document with a Norwegian ``detail`` and
a stable machine-readable ``code`` (also the ``type``, ``urn:veiviser:<code>``)."""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from wagtail.api.v3.errors import problem_response

from kb.absolute_urls import absolute

PUBLIC_PATHS = ("/api/", "/feeds/")
KB_PATHS = ("/api/v3/kb/",)


def public_cache_control() -> str:
    return f"public, max-age=0, must-revalidate, s-maxage={settings.KB_API_MAX_AGE}"


def set_public_headers(response: HttpResponse, locales: Iterable[str] = ()) -> HttpResponse:
    response["Cache-Control"] = public_cache_control()
    patch_vary_headers(response, ["Authorization", "Accept-Language"])
    languages = sorted(set(locales))
    if languages:  # else LocaleMiddleware says the active language, as for any page
        response["Content-Language"] = ", ".join(languages)
    return response


@dataclass(frozen=True)
class Representation:
    """A rendered public answer, as cached: the body and what its headers are made from."""

    body: bytes
    last_modified: datetime.datetime
    content_type: str = "application/json"
    locales: list[str] = field(default_factory=list)
    next_url: str | None = None  # RFC 8288 ``Link: <…>; rel="next"``

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest() + '"'  # noqa: S324


def conditional_response(
    request: HttpRequest, representation: Representation, *, public: bool = True
) -> HttpResponse:
    """The body, or 304 when the client's ``If-None-Match`` / ``If-Modified-Since`` match;
    with ETag, Last-Modified (whole seconds), Link and the cache headers."""
    etag = representation.etag
    last_modified = int(representation.last_modified.timestamp())
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    response = conditional or HttpResponse(
        representation.body, content_type=representation.content_type
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    if representation.next_url:
        response["Link"] = f'<{representation.next_url}>; rel="next"'
    if public:
        return set_public_headers(response, representation.locales)
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Authorization"])
    return response


def next_link(request: HttpRequest, count: int, shown: int) -> str | None:
    """The URL of the next window of an offset-paged list, while items are left."""
    offset = request.GET.get("offset", "0")
    start = int(offset) if offset.isdigit() else 0
    if not shown or start + shown >= count:
        return None
    query = request.GET.copy()
    query["offset"] = str(start + shown)
    return absolute(f"{request.path}?{query.urlencode()}", request)


# Problem details ------------------------------------------------------------------------

TITLES = {
    400: "Ugyldig forespørsel",
    401: "Innlogging kreves",
    403: "Ingen tilgang",
    404: "Ikke funnet",
    405: "Metoden er ikke tillatt",
    410: "Fjernet",
    422: "Ugyldig parameter",
    429: "For mange forespørsler",
}
CODES = {
    400: "bad-request",
    401: "authentication-required",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    410: "gone",
    422: "invalid-parameter",
    429: "too-many-requests",
}


class ApiProblem(Exception):
    """Raise to answer with a problem document: status, stable code, Norwegian detail."""

    def __init__(self, status: int, code: str, detail: str, **extra) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra


def problem(status: int, code: str, detail: str, **extra) -> HttpResponse:
    """RFC 9457 problem details with a Norwegian ``detail`` and a stable machine ``code``."""
    response = problem_response(
        status=status,
        title=TITLES.get(status),
        detail=detail,
        type_uri=f"urn:veiviser:{code}",
        errors=extra.pop("errors", None),
    )
    body = json.loads(response.content)
    body.update(code=code, **extra)
    response.content = json.dumps(body, ensure_ascii=False, default=str)
    return response


def _parameter(error: dict) -> str:
    names = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    return names[-1] if names else "?"


def _invalid(exc: NinjaValidationError) -> HttpResponse:
    names = list(dict.fromkeys(_parameter(error) for error in exc.errors))
    detail = _("Ugyldig verdi for parameteren %(names)s.") % {
        "names": ", ".join(f"«{name}»" for name in names)
    }
    errors = [{k: v for k, v in error.items() if k != "input"} for error in exc.errors]
    return problem(422, "invalid-parameter", detail, errors=errors)


def _not_found(exc: Http404) -> HttpResponse:
    return problem(404, "not-found", str(exc) or _("Fant ingenting på denne adressen."))


def _http_error(exc: HttpError) -> HttpResponse:
    status = exc.status_code
    detail = str(exc)
    if isinstance(exc, AuthenticationError):  # ninja's English "Unauthorized"
        detail = _("Dette krever et API-token.")
    elif isinstance(exc, AuthorizationError):
        detail = _("Du har ikke tilgang til dette.")
    elif isinstance(exc, Throttled):
        detail = _("For mange forespørsler. Prøv igjen litt senere.")
    return problem(status, CODES.get(status, "error"), detail)


def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    if not request.user.is_authenticated:
        return problem(401, "authentication-required", _("Dette krever et API-token."))
    return problem(403, "forbidden", str(exc) or _("Du har ikke tilgang til dette."))


def install_problem_handlers(api) -> None:
    """On the KB routes, answer errors with Norwegian problem documents and stable codes;
    elsewhere (Wagtail's own routes) keep Wagtail's handlers."""
    handlers: dict[type[Exception], Callable[[HttpRequest, Exception], HttpResponse]] = {
        ApiProblem: lambda request, exc: problem(exc.status, exc.code, exc.detail, **exc.extra),
        NinjaValidationError: lambda request, exc: _invalid(exc),
        Http404: lambda request, exc: _not_found(exc),
        HttpError: lambda request, exc: _http_error(exc),
        PermissionDenied: _denied,
    }
    for exc_class, ours in handlers.items():
        theirs = api._exception_handlers.get(exc_class)  # Wagtail's, for its own routes

        def handler(request, exc, ours=ours, theirs=theirs):
            if theirs is None or request.path.startswith(KB_PATHS):
                return ours(request, exc)
            return theirs(request, exc)

        api.add_exception_handler(exc_class, handler)


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
