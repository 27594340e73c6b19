"""An Atom feed of published changes to the knowledge base, newest first.

Each entry is one publish or unpublish from Wagtail's page history (``PageLogEntry``), so a
partner polling the feed sees every change in order, as webhooks would tell it.
``?type=`` and ``?locale=`` narrow it (comma-separated for several); unknown values are a 400.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page, PageLogEntry

from kb.absolute_urls import origin
from kb.api.serialize import API_PREFIX, PLURALS
from kb.models import KB_KINDS
from kb.webhooks.payload import kind_for

FEED_SIZE = 50
EVENTS = {"wagtail.publish": "published", "wagtail.unpublish": "unpublished"}
FILTERS = ("type", "locale")


class BadFilter(ValueError):
    pass


@dataclass(frozen=True)
class Filters:
    origin: str  # of every absolute link (kb.absolute_urls)
    kinds: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()


def _values(request: HttpRequest, name: str, allowed: list[str]) -> tuple[str, ...]:
    raw = ",".join(request.GET.getlist(name))
    values = tuple(value.strip() for value in raw.split(",") if value.strip())
    if name in request.GET and not values:
        raise BadFilter(_("Parameteren %(name)s er tom.") % {"name": name})
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise BadFilter(
            _("Ukjent verdi %(values)s for parameteren %(name)s. Gyldige verdier: %(allowed)s.")
            % {
                "values": ", ".join(f"«{value}»" for value in unknown),
                "name": name,
                "allowed": ", ".join(allowed),
            }
        )
    return values


def parse_filters(request: HttpRequest) -> Filters:
    unknown = sorted(set(request.GET) - set(FILTERS))
    if unknown:
        raise BadFilter(
            _("Ukjent parameter %(names)s. Feeden kan filtreres med: %(filters)s.")
            % {"names": ", ".join(unknown), "filters": ", ".join(FILTERS)}
        )
    locales = list(Locale.objects.order_by("language_code").values_list("language_code", flat=True))
    return Filters(
        origin=origin(request),
        kinds=_values(request, "type", list(KB_KINDS)),
        locales=_values(request, "locale", locales),
    )


class ChangesAtomFeed(Atom1Feed):
    """Atom, with each entry's type and event as categories and its API URL as a JSON link."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "category", "", {"term": item["kind"], "scheme": "urn:veiviser:type"}
        )
        handler.addQuickElement(
            "category", "", {"term": item["event"], "scheme": "urn:veiviser:event"}
        )
        if item["api_url"]:
            handler.addQuickElement(
                "link",
                "",
                {"rel": "alternate", "type": "application/json", "href": item["api_url"]},
            )


class ChangesFeed(Feed):
    feed_type = ChangesAtomFeed
    title = gettext_lazy("Veiviser: endringer i kunnskapsbasen")
    subtitle = gettext_lazy("Publiseringer og avpubliseringer, nyeste først.")
    author_name = "Veiviser"

    def link(self, filters: Filters) -> str:
        return filters.origin + "/"

    def feed_url(self, filters: Filters) -> str:
        return filters.origin + reverse("kb-changes-feed")

    def __call__(self, request, *args, **kwargs) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except BadFilter as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    def get_object(self, request, *args, **kwargs) -> Filters:
        return parse_filters(request)

    def items(self, filters: Filters) -> list[PageLogEntry]:
        entries = PageLogEntry.objects.filter(
            action__in=EVENTS,
            page__knowledgepage__isnull=False,
            page__in=Page.objects.public(),  # nothing of pages behind a view restriction
        ).select_related("page__knowledgepage", "page__locale", "revision")
        if filters.kinds:
            entries = entries.filter(page__content_type__in=self._content_types(filters.kinds))
        if filters.locales:
            entries = entries.filter(page__locale__language_code__in=filters.locales)
        entries = list(entries.order_by("-timestamp", "-pk")[:FEED_SIZE])
        for entry in entries:
            entry.origin = filters.origin
        return entries

    @staticmethod
    def _content_types(kinds: tuple[str, ...]) -> list[ContentType]:
        models = [KB_KINDS[kind] for kind in kinds]
        return list(ContentType.objects.get_for_models(*models).values())

    def item_title(self, entry: PageLogEntry) -> str:
        if EVENTS[entry.action] == "unpublished":
            return _("Avpublisert: %(title)s") % {"title": entry.label}
        return entry.label

    def item_description(self, entry: PageLogEntry) -> str:
        # A page that is not live holds its latest draft: show what was published instead.
        if entry.page.live:
            return entry.page.knowledgepage.summary
        return entry.revision.content.get("summary", "") if entry.revision else ""

    def item_link(self, entry: PageLogEntry) -> str:
        parts = entry.page.get_url_parts()
        return entry.origin + (parts[2] if parts else entry.page.url_path)

    def item_guid(self, entry: PageLogEntry) -> str:
        # Stable whatever happens to the page's URL later.
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'veiviser:kb-change:{entry.pk}')}"

    def item_guid_is_permalink(self, entry: PageLogEntry) -> bool:
        return False

    def item_pubdate(self, entry: PageLogEntry):
        return entry.timestamp

    def item_updateddate(self, entry: PageLogEntry):
        return entry.timestamp

    def item_extra_kwargs(self, entry: PageLogEntry) -> dict:
        kind = kind_for(entry.page)
        return {
            "kind": kind,
            "event": EVENTS[entry.action],
            "api_url": f"{entry.origin}{API_PREFIX}{PLURALS[kind]}/{entry.page_id}/",
        }
