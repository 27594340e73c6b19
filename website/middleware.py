"""Answers to bad input that would otherwise reach a view and end as a 500.

``RejectNulBytesMiddleware``: a NUL byte in the URL or its query string is refused at once
(PostgreSQL cannot store or search for one, and no honest client sends it).

``PublishRefusedMiddleware``: the admin's answer when the publish gate refuses content.

Wagtail's admin views (workflow approval, bulk publish, revert) publish without expecting a
validation error; one raised by the publish gate would be a 500. The request's transaction
(``ATOMIC_REQUESTS``) has already been rolled back when this runs, so nothing was published or
half-written: the editor is sent back to the page with the reasons.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages

from kb.api.http import problem
from kb.publish_gate import PublishRefused

NUL_MESSAGE = "Forespørselen inneholder et NUL-tegn (%00), som ikke er tillatt."


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            return bad_request(request, NUL_MESSAGE)
        return self.get_response(request)


def has_nul(request: HttpRequest) -> bool:
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


def bad_request(request: HttpRequest, detail: str) -> HttpResponse:
    """A 400: problem details (RFC 9457) on the API, as its other errors are; text elsewhere."""
    if request.path.startswith("/api/"):  # with a stable code, as the KB API's own errors
        return problem(400, "invalid-character", detail)
    return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")


USER_ID_MESSAGE = "Parameteren user_id er ikke en gyldig bruker-id: %(value)s"
REVISIONS_PATH = re.compile(r"^/api/v3/pages/\d+/revisions/$")


class RejectBadRevisionFilterMiddleware:
    """Wagtail's revision list takes ``user_id`` as any string (user models may have text
    keys) and hands it to the database, where a value our integer key cannot hold was a 500;
    here it is a 400 naming the parameter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if REVISIONS_PATH.match(request.path_info) and "user_id" in request.GET:
            value = request.GET["user_id"]
            try:
                get_user_model()._meta.pk.to_python(value)
            except ValidationError:
                return bad_request(request, USER_ID_MESSAGE % {"value": value[:50]})
        return self.get_response(request)


class PublishRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, PublishRefused):
            return None
        messages.error(
            request,
            _("Siden ble ikke publisert: %(reasons)s")
            % {"reasons": " ".join(dict.fromkeys(exception.messages))},
        )
        target = page_edit_url(request) or reverse("wagtailadmin_home")
        if request.headers.get("x-requested-with") == "XMLHttpRequest":  # the admin's modals
            return JsonResponse({"step": "success", "redirect": target})
        return redirect(target)


def page_edit_url(request: HttpRequest) -> str | None:
    try:
        page_id = resolve(request.path_info).kwargs.get("page_id")
    except Resolver404:
        return None
    return reverse("wagtailadmin_pages:edit", args=[page_id]) if page_id else None
