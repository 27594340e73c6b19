"""Cached, conditional JSON responses for public reads.

Anonymous GET responses are cached under the content version (kb.ContentVersion), which moves
on every publish, unpublish, move or delete: a partner never sees stale content, and the cache
can be per process or shared (e.g. Redis) without invalidation messages. The HTTP side (ETag,
Last-Modified, 304, Cache-Control, Link) is kb.api.http's."""

import datetime
import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from ninja import Schema

from kb.api.http import Representation, conditional_response, next_link
from kb.models import ContentVersion

CACHE_PREFIX = "kbapi3"  # entries hold a Representation


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


def _modified(data, fallback: datetime.datetime) -> datetime.datetime:
    """An item's ``modified`` time, the latest of a list's items, else the content version's."""
    if isinstance(data, dict) and isinstance(data.get("modified"), datetime.datetime):
        return data["modified"]
    items = data.get("items") if isinstance(data, dict) else None
    times = [
        item["modified"]
        for item in items or []
        if isinstance(item, dict) and isinstance(item.get("modified"), datetime.datetime)
    ]
    return max(times) if times else fallback


def _next(request: HttpRequest, data) -> str | None:
    """The next page: the change log's ``next``, or a list's next window by offset."""
    if not isinstance(data, dict):
        return None
    if "next" in data:
        return data["next"]
    if isinstance(data.get("count"), int) and isinstance(data.get("items"), list):
        return next_link(request, data["count"], len(data["items"]))
    return None


def represent(request: HttpRequest, schema: type[Schema], data, changed_at) -> Representation:
    return Representation(
        body=_render(schema, data),
        last_modified=_modified(data, changed_at),
        locales=_locales(data),
        next_url=_next(request, data),
    )


def json_response(schema: type[Schema], *, cached: bool = True) -> Callable:
    """Render the view's data with ``schema`` as a conditional response; cache anonymous
    responses by content version unless ``cached`` is false (search: its index may lag)."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            version, changed_at = ContentVersion.current()
            public = not request.user.is_authenticated
            key = None
            if public and cached:
                digest = hashlib.sha1(request.get_full_path().encode()).hexdigest()  # noqa: S324
                # The time too, so a database restored to an older number never meets
                # responses cached after it.
                key = f"{CACHE_PREFIX}:{version}:{changed_at.timestamp()}:{digest}"
                hit = cache.get(key)
                if hit is not None:
                    return conditional_response(request, hit, public=public)
            data = view(request, *args, **kwargs)
            if isinstance(data, HttpResponse):
                return data
            representation = represent(request, schema, data, changed_at)
            if key:
                cache.set(key, representation, timeout=settings.KB_API_CACHE_TTL)
            return conditional_response(request, representation, public=public)

        return wrapper

    return decorator
