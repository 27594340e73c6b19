"""Cached, conditional JSON responses for public reads.

Anonymous GET responses are cached under the content version (kb.ContentVersion), which moves
on every publish, unpublish, move or delete: a partner never sees stale content, and the cache
can be per process or shared (e.g. Redis) without invalidation messages.
"""

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from ninja import Schema

from kb.api.http import set_public_headers
from kb.models import ContentVersion

CACHE_PREFIX = "kbapi2"  # entries hold (etag, body, locales)


def _render(schema: type[Schema], data) -> bytes:
    return schema.model_validate(data).model_dump_json().encode()


def _locales(data) -> list[str]:
    """The locales of the body: an item's, or those of a list's items."""
    if not isinstance(data, dict):
        return []
    if isinstance(data.get("locale"), str):
        return [data["locale"]]
    items = data.get("items") or []
    return [item["locale"] for item in items if isinstance(item, dict) and "locale" in item]


def _finish(
    request: HttpRequest,
    body: bytes,
    etag: str,
    last_modified: float,
    public: bool,
    locales: list[str],
) -> HttpResponse:
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    response = conditional or HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    if public:
        return set_public_headers(response, locales)
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Authorization"])
    return response


def json_response(schema: type[Schema]) -> Callable:
    """Render the view's data with ``schema``; cache anonymous responses by content version."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            version, changed_at = ContentVersion.current()
            last_modified = int(changed_at.timestamp())  # HTTP dates have whole seconds
            public = not request.user.is_authenticated
            key = None
            if public:
                digest = hashlib.sha1(request.get_full_path().encode()).hexdigest()  # noqa: S324
                # The time too, so a database restored to an older number never meets
                # responses cached after it.
                key = f"{CACHE_PREFIX}:{version}:{changed_at.timestamp()}:{digest}"
                cached = cache.get(key)
                if cached is not None:
                    etag, body, locales = cached
                    return _finish(request, body, etag, last_modified, public, locales)
            data = view(request, *args, **kwargs)
            if isinstance(data, HttpResponse):
                return data
            body = _render(schema, data)
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'  # noqa: S324
            locales = _locales(data)
            if key:
                cache.set(key, (etag, body, locales), timeout=settings.KB_API_CACHE_TTL)
            return _finish(request, body, etag, last_modified, public, locales)

        return wrapper

    return decorator
