"""The public site's language is the URL's, never the browser's."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# The admin and the API keep Django's negotiation (the admin follows the user's preference).
NEGOTIATED_PREFIXES = ("/admin/", "/api/", "/documents/")


class PublicLanguageMiddleware:
    """After LocaleMiddleware: public pages (search, 404, …) speak the language of their URL's
    locale prefix, or the default language, so `lang` and the text never follow
    Accept-Language (WCAG 3.1.1). Wagtail pages take `lang` from their own locale."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(NEGOTIATED_PREFIXES):
            language = translation.get_language_from_path(request.path_info)
            language = language or settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
