"""Query parameters of the list endpoints, and their validation.

Unknown parameters and unknown values are 400 errors that name the parameter, so that a
partner's typo never silently returns everything."""

import datetime
from collections.abc import Iterable
from typing import Annotated, Literal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from wagtail.models import Locale, Page

from kb.api.http import ApiProblem
from kb.areas import paths_of_area
from kb.models import Audience, Topic

ORDERINGS = {
    "title": ("title",),
    "-title": ("-title",),
    "last_published_at": ("last_published_at", "pk"),
    "-last_published_at": ("-last_published_at", "-pk"),
    "id": ("pk",),
    "-id": ("-pk",),
}

# Deeper than any knowledge base goes; larger numbers would overflow the database's
# integers (a 500). Partners harvesting everything page with updated_since.
MAX_OFFSET = 1_000_000


# Page ids are PostgreSQL integers: a larger id names nothing (404), not a database error.
MAX_PAGE_ID = 2**31 - 1


def require_page_id(value: int) -> int:
    if not 1 <= value <= MAX_PAGE_ID:
        raise Http404(_("Ingen side har id %(id)s.") % {"id": value})
    return value


LocaleCode = Literal[tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)]
Ordering = Literal[tuple(ORDERINGS)]
ISO_8601 = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"


def vocabulary_key(name: str) -> type[str]:
    """A key of an editor-managed vocabulary; the values in use are listed by
    ``/api/v3/kb/vocabularies/``, and unknown ones are 400 errors."""
    return Annotated[
        str,
        Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", json_schema_extra={"format": f"kb-{name}"}),
    ]


Time = Annotated[str, Field(pattern=ISO_8601, json_schema_extra={"format": "date-time"})]
SEE_VOCABULARIES = "(values: /api/v3/kb/vocabularies/)"


class ItemFilters(Schema):
    locale: LocaleCode | None = Field(None, description="Locale code.")
    area: vocabulary_key("area") | None = Field(
        None, description=f"Area slug, e.g. kunnskapsbase {SEE_VOCABULARIES}."
    )
    section: vocabulary_key("area") | None = Field(
        None,
        description="Deprecated: the old name of «area», accepted until the next release.",
        json_schema_extra={"deprecated": True},
    )
    audience: vocabulary_key("audience") | None = Field(
        None, description=f"Audience key, e.g. innbyggere {SEE_VOCABULARIES}."
    )
    topic: vocabulary_key("topic") | None = Field(
        None, description=f"Topic key, e.g. radikalisering {SEE_VOCABULARIES}."
    )
    updated_since: Time | None = Field(
        None,
        description="Only items whose `modified` time is at or after this time (ISO 8601).",
    )
    ordering: Ordering = Field("title", description="Sort order.")
    limit: int = Field(
        20,
        ge=1,
        description=f"Items per page (1–{settings.WAGTAILAPI_LIMIT_MAX}; more is a 400).",
        json_schema_extra={"maximum": settings.WAGTAILAPI_LIMIT_MAX},
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"Items to skip (0–{MAX_OFFSET}).")


def locale_codes() -> list[str]:
    return list(Locale.objects.values_list("language_code", flat=True))


def reject_unknown(request: HttpRequest, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise ApiProblem(
            400,
            "unknown-parameter",
            _("Ukjent parameter «%(name)s». Tillatte parametere: %(allowed)s.")
            % {"name": unknown[0], "allowed": ", ".join(sorted(allowed)) or "ingen"},
            parameter=unknown[0],
        )


def require_known(param: str, value: str, known: Iterable[str]) -> str:
    known = sorted(set(known))
    if value not in known:
        raise ApiProblem(
            400,
            "unknown-value",
            _("Ukjent verdi «%(value)s» for parameteren %(name)s. Gyldige verdier: %(known)s.")
            % {"value": value, "name": param, "known": ", ".join(known)},
            parameter=param,
        )
    return value


def area_filter(filters: ItemFilters) -> str | None:
    """The area asked for, by its name or by the deprecated «section»."""
    if filters.area and filters.section and filters.area != filters.section:
        raise ApiProblem(
            400,
            "conflicting-parameters",
            _("area «%(area)s» og section «%(section)s» er ulike: oppgi bare area.")
            % {"area": filters.area, "section": filters.section},
            parameter="section",
        )
    return filters.area or filters.section


def filter_items(queryset: QuerySet, filters: ItemFilters, areas: dict[str, str]) -> QuerySet:
    if filters.locale:
        require_known(
            "locale", filters.locale, Locale.objects.values_list("language_code", flat=True)
        )
        queryset = queryset.filter(locale__language_code=filters.locale)
    area = area_filter(filters)
    if area:
        require_known("area", area, areas.values())
        condition = Q()
        for path in paths_of_area(area, areas):
            condition |= Q(path__startswith=path)
        queryset = queryset.filter(condition)
    if filters.audience:
        require_known(
            "audience",
            filters.audience,
            Audience.objects.filter(live=True).values_list("key", flat=True),
        )
        queryset = queryset.filter(audiences__key=filters.audience)
    if filters.topic:
        require_known(
            "topic", filters.topic, Topic.objects.filter(live=True).values_list("key", flat=True)
        )
        queryset = queryset.filter(topics__key=filters.topic)
    if filters.updated_since:
        # ``modified`` is annotated by kb.api.serialize.with_list_relations.
        queryset = queryset.filter(modified__gte=parse_time(filters.updated_since))
    return queryset.distinct().order_by(*ORDERINGS[filters.ordering])


def parse_time(value: str) -> datetime.datetime:
    """The time in UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows."""
    try:
        moment = datetime.datetime.fromisoformat(value)
        moment = moment if moment.tzinfo else timezone.make_aware(moment)
        return moment.astimezone(datetime.UTC)
    except ValueError:
        raise ApiProblem(
            400,
            "invalid-time",
            _("updated_since «%(value)s» er ikke et tidspunkt i ISO 8601.") % {"value": value},
            parameter="updated_since",
        ) from None
    except OverflowError:
        raise ApiProblem(
            400,
            "invalid-time",
            _("updated_since «%(value)s» er utenfor gyldig område.") % {"value": value},
            parameter="updated_since",
        ) from None


def page_window(queryset: QuerySet, filters: ItemFilters) -> tuple[int, list[Page]]:
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    if limit_max is not None and filters.limit > limit_max:
        raise ApiProblem(
            400,
            "limit-too-high",
            _("limit kan ikke være høyere enn %(max)s.") % {"max": limit_max},
            parameter="limit",
        )
    count = queryset.count()
    return count, list(queryset[filters.offset : filters.offset + filters.limit])
