"""Content-Security-Policy: one strict policy for everything readers see, a looser one for
Wagtail's admin.

Public pages, the search page, the feed and the API docs allow scripts from this site only, plus
an inline script that carries the request's nonce (``nonce="{{ request.csp_nonce }}"``); no
``'unsafe-inline'`` scripts. Wagtail's admin (and Django's) needs inline scripts and styles,
``eval`` in some widgets, blob and data images, and frames for the preview, so it gets its own
policy, chosen by the request's path (``CONTENT_SECURITY_POLICY_ADMIN`` in settings).
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIXES)


class PathPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending the admin's policy under the admin's paths."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
            parts.nonce = None  # a nonce would make browsers ignore 'unsafe-inline'
        return parts
