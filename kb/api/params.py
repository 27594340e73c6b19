"""Query parameters of the list endpoints, and their validation.

Unknown parameters and unknown values are 400 errors that name the parameter, so that a
partner's typo never silently returns everything."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from wagtail.models import Locale, Page

from kb.models import Audience, Topic

ORDERINGS = {
    "title": ("title",),
    "-title": ("-title",),
    "last_published_at": ("last_published_at", "pk"),
    "-last_published_at": ("-last_published_at", "-pk"),
    "id": ("pk",),
    "-id": ("-pk",),
}


class ItemFilters(Schema):
    locale: str | None = Field(None, description="Locale code, e.g. nb, nn, en.")
    section: str | None = Field(None, description="Area slug, e.g. kunnskapsbase, skoler, slt.")
    audience: str | None = Field(None, description="Audience key, e.g. ansatte, innbyggere.")
    topic: str | None = Field(None, description="Topic key, e.g. radikalisering.")
    updated_since: datetime.datetime | None = Field(
        None, description="Only items published at or after this time (ISO 8601)."
    )
    ordering: str = Field("title", description=f"One of: {', '.join(ORDERINGS)}.")
    limit: int = Field(20, ge=1, description="Items per page (at most WAGTAILAPI_LIMIT_MAX).")
    offset: int = Field(0, ge=0)


def locale_codes() -> list[str]:
    return list(Locale.objects.values_list("language_code", flat=True))


def reject_unknown(request: HttpRequest, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise HttpError(
            400,
            f"Unknown query parameter «{unknown[0]}». Allowed: {', '.join(sorted(allowed))}.",
        )


def require_known(param: str, value: str, known: Iterable[str]) -> str:
    known = sorted(set(known))
    if value not in known:
        raise HttpError(400, f"Unknown {param} «{value}». Known values: {', '.join(known)}.")
    return value


def filter_items(queryset: QuerySet, filters: ItemFilters, sections: dict[str, str]) -> QuerySet:
    if filters.locale:
        require_known(
            "locale", filters.locale, Locale.objects.values_list("language_code", flat=True)
        )
        queryset = queryset.filter(locale__language_code=filters.locale)
    if filters.section:
        require_known("section", filters.section, sections.values())
        paths = [path for path, slug in sections.items() if slug == filters.section]
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        queryset = queryset.filter(condition)
    if filters.audience:
        require_known("audience", filters.audience, Audience.objects.values_list("key", flat=True))
        queryset = queryset.filter(audiences__key=filters.audience)
    if filters.topic:
        require_known("topic", filters.topic, Topic.objects.values_list("key", flat=True))
        queryset = queryset.filter(topics__key=filters.topic)
    if filters.updated_since:
        queryset = queryset.filter(last_published_at__gte=filters.updated_since)
    if filters.ordering not in ORDERINGS:
        require_known("ordering", filters.ordering, ORDERINGS)
    return queryset.distinct().order_by(*ORDERINGS[filters.ordering])


def page_window(queryset: QuerySet, filters: ItemFilters) -> tuple[int, list[Page]]:
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    if limit_max is not None and filters.limit > limit_max:
        raise HttpError(400, f"limit cannot be higher than {limit_max}")
    count = queryset.count()
    return count, list(queryset[filters.offset : filters.offset + filters.limit])
