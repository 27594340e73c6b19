"""The limits of scoped API tokens (``kb.tokens``), applied to every API v3 request that
presents a bearer token, before any router's own authentication runs.

Wagtail's routers (and ours) authenticate the token and check the user's page permissions;
this middleware adds what the token itself allows: expired and revoked tokens are a 401, a
request outside the token's scopes or areas a 403, each with a Norwegian problem document and
an entry in Wagtail's audit log. An unknown token is left to the routers, as before.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import APIToken, Page

from kb import permissions, tokens

BEARER = re.compile(r"Bearer\s+(\S+)", re.IGNORECASE)
PAGE_IN_PATH = re.compile(r"^/api/v3/(?:pages|kb/[a-z-]+)/(\d+)/")
WORKFLOW_ACTION = re.compile(
    r"^/api/v3/pages/\d+/actions/(?:submit|approve|reject|publish|unpublish|lock|unlock)/$"
)
# Wagtail's page endpoints show an authenticated user's unpublished pages; revisions and the
# KB API's draft endpoints are drafts.
DRAFT_READ = re.compile(
    r"^/api/v3/(?:pages/(?:find/|\d+/|\d+/revisions/.*)?|kb/[a-z-]+/\d+/draft/)$"
)
# Public reads and documentation: nothing that a token would add to, area limit or not.
OPEN_READ = re.compile(r"^/api/v3/(?:kb/(?![a-z-]+/\d+/draft/)|openapi\.json$|docs/|whoami/$)")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = presented_token(request)
        if token is None:
            return self.get_response(request)
        policy = tokens.policy_for(token)
        if token.revoked_at is not None:
            return refuse(request, token, 401, str(permissions.TOKEN_REFUSALS["revoked"]))
        if policy.is_expired():
            return refuse(request, token, 401, str(permissions.TOKEN_REFUSALS["expired"]))
        refusal = permissions.token_refusal(policy, scopes_needed(request), pages_of(request))
        if refusal:
            return refuse(request, token, 403, refusal)
        note_use(request, token)
        return self.get_response(request)


def presented_token(request: HttpRequest) -> APIToken | None:
    if not request.path_info.startswith("/api/"):
        return None
    match = BEARER.fullmatch(request.headers.get("Authorization", "").strip())
    if not match or not APIToken.validate_token_format(match.group(1)):
        return None
    hashes = APIToken.candidate_key_hashes(match.group(1))
    return APIToken.objects.select_related("policy").filter(key_hash__in=hashes).first()


def scopes_needed(request: HttpRequest) -> set[str]:
    path = request.path_info
    if request.method in SAFE_METHODS:
        return {tokens.DRAFTS} if DRAFT_READ.match(path) else set()
    if WORKFLOW_ACTION.match(path):
        return {tokens.WORKFLOW}
    needed = {tokens.WRITE}
    if (json_body(request).get("meta") or {}).get("action") == "publish":
        needed.add(tokens.WORKFLOW)  # creating or updating with "publish" publishes
    return needed


def pages_of(request: HttpRequest) -> list[Page] | None:
    """The pages the request touches (for the area limit); None when it names none, as a list
    of pages does. Ids that name no page are left for the view's 404."""
    if request.method in SAFE_METHODS and OPEN_READ.match(request.path_info):
        return []
    ids = []
    if match := PAGE_IN_PATH.match(request.path_info):
        ids.append(int(match.group(1)))
    body = json_body(request)
    for value in ((body.get("meta") or {}).get("parent_id"), body.get("destination_id")):
        if isinstance(value, int):
            ids.append(value)
    return list(Page.objects.filter(pk__in=ids)) if ids else None


def json_body(request: HttpRequest) -> dict:
    if request.method in SAFE_METHODS or request.content_type != "application/json":
        return {}
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}  # the view answers the bad JSON
    return body if isinstance(body, dict) else {}


def refuse(request: HttpRequest, token: APIToken, status: int, detail: str) -> JsonResponse:
    log(token, "veiviser.apitoken.refused", user=token.user, data=request_data(request, detail))
    problem = {
        "type": "about:blank",
        "title": "Unauthorized" if status == 401 else "Forbidden",
        "status": status,
        "detail": detail,
    }
    response = JsonResponse(problem, status=status, content_type="application/problem+json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


def note_use(request: HttpRequest, token: APIToken) -> None:
    """Use goes in the audit log as often as Wagtail updates the token's last-used time."""
    interval = settings.WAGTAILAPI_TOKEN_LAST_USED_INTERVAL
    last = token.last_used_at
    if last is None or (timezone.now() - last).total_seconds() >= interval:
        log(token, "veiviser.apitoken.use", user=token.user, data=request_data(request))


def request_data(request: HttpRequest, detail: str | None = None) -> dict:
    data = {"method": request.method, "path": request.path_info[:200]}
    return {**data, "refusal": detail} if detail else data
