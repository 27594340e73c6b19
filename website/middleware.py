"""The admin's answer when the publish gate refuses content.

Wagtail's admin views (workflow approval, bulk publish, revert) publish without expecting a
validation error; one raised by the publish gate would be a 500. The request's transaction
(``ATOMIC_REQUESTS``) has already been rolled back when this runs, so nothing was published or
half-written: the editor is sent back to the page with the reasons.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages

from kb.publish_gate import PublishRefused


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
