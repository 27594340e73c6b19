"""An Atom feed of published changes to the knowledge base, newest first.

Each entry is one publish or unpublish from Wagtail's page history (``PageLogEntry``), so a
partner polling the feed sees every change in order, as webhooks would tell it. A deletion is
an RFC 6721 ``<at:deleted-entry>``, and the item's earlier entries stay. The feed pages back
through its history (RFC 5005): ``<link rel="next">`` leads to ``?before=<position>``.
``?type=`` and ``?locale=`` narrow it (comma-separated for several); unknown values are a 400.
Which pages are knowledge-base items, of which type and locale, comes from the change log
(``kb.ItemChange``), which outlives deleted pages.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page, PageLogEntry

from kb.absolute_urls import origin
from kb.api.http import Representation, conditional_response, problem
from kb.api.serialize import api_path
from kb.models import KB_KINDS, ContentVersion, ItemChange, KnowledgePage

FEED_SIZE = 50
EVENTS = {
    "wagtail.publish": "published",
    "wagtail.unpublish": "unpublished",
    "wagtail.delete": "deleted",
}
FILTERS = ("type", "locale", "before")
TOMBSTONES_NS = "http://purl.org/atompub/tombstones/1.0"
MAX_POSITION = 2**63 - 1


class BadFilter(ValueError):
    pass


@dataclass(frozen=True)
class Filters:
    origin: str  # of every absolute link (kb.absolute_urls)
    kinds: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    before: int | None = None  # the position (log entry id) this page of the feed starts below


@dataclass(frozen=True)
class FeedPage:
    filters: Filters
    entries: list[PageLogEntry]
    next_url: str | None  # RFC 5005: the older entries


def _position(request: HttpRequest) -> int | None:
    raw = request.GET.get("before")
    if raw is None:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_POSITION:
        raise BadFilter(
            _("Parameteren before må være et helt tall fra 1 til %(max)s.") % {"max": MAX_POSITION}
        )
    return int(raw)


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
        before=_position(request),
    )


class ChangesAtomFeed(Atom1Feed):
    """Atom, with each entry's type and event as categories and its API URL as a JSON link."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:at": TOMBSTONES_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("next_url"):
            handler.addQuickElement("link", "", {"rel": "next", "href": self.feed["next_url"]})

    def write_items(self, handler):
        for item in self.items:
            if item["event"] == "deleted":
                self.write_deleted(handler, item)
                continue
            handler.startElement("entry", self.item_attributes(item))
            self.add_item_elements(handler, item)
            handler.endElement("entry")

    def write_deleted(self, handler, item):
        """RFC 6721: ``ref`` is the item's stable key; its earlier entries stay in the feed."""
        when = item["updateddate"].isoformat()
        handler.startElement("at:deleted-entry", {"ref": item["item_ref"], "when": when})
        handler.addQuickElement("at:comment", item["title"])
        if item["api_url"]:
            handler.addQuickElement("link", "", {"href": item["api_url"]})
        handler.endElement("at:deleted-entry")

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

    def link(self, page: FeedPage) -> str:
        return page.filters.origin + "/"

    def feed_url(self, page: FeedPage) -> str:
        return page.filters.origin + reverse("kb-changes-feed")

    def __call__(self, request, *args, **kwargs) -> HttpResponse:
        """The feed as a conditional public response (kb.api.http), or a problem document."""
        try:
            response = super().__call__(request, *args, **kwargs)
        except BadFilter as error:
            return problem(400, "invalid-feed-filter", str(error))
        page: FeedPage = request.kb_feed_page
        representation = Representation(
            body=response.content,
            # Not the newest entry's time: a move changes older entries' links.
            last_modified=ContentVersion.current()[1],
            content_type=response["Content-Type"],
            next_url=page.next_url,
        )
        return conditional_response(request, representation)

    def _entries(self, filters: Filters) -> list[PageLogEntry]:
        told = ItemChange.objects.all()
        if filters.kinds:
            told = told.filter(kind__in=filters.kinds)
        if filters.locales:
            told = told.filter(locale__in=filters.locales)
        entries = PageLogEntry.objects.filter(
            action__in=EVENTS, page_id__in=told.values("page_id")
        ).exclude(page_id__in=Page.objects.not_public().values("pk"))  # nothing of restricted
        if filters.before:
            entries = entries.filter(pk__lt=filters.before)
        entries = list(entries.select_related("revision").order_by("-pk")[: FEED_SIZE + 1])
        self._attach(entries[:FEED_SIZE], filters)
        return entries

    def get_object(self, request, *args, **kwargs) -> FeedPage:
        filters = parse_filters(request)
        entries = self._entries(filters)
        next_url = None
        if len(entries) > FEED_SIZE:
            query = request.GET.copy()
            query["before"] = str(entries[FEED_SIZE - 1].pk)
            next_url = filters.origin + reverse("kb-changes-feed") + "?" + query.urlencode()
        request.kb_feed_page = FeedPage(filters, entries[:FEED_SIZE], next_url)
        return request.kb_feed_page

    def items(self, page: FeedPage) -> list[PageLogEntry]:
        return page.entries

    def feed_extra_kwargs(self, page: FeedPage) -> dict:
        return {"next_url": page.next_url}

    @staticmethod
    def _attach(entries: list[PageLogEntry], filters: Filters) -> None:
        """Each entry's page (None once deleted), type, stable key and origin."""
        ids = {entry.page_id for entry in entries}
        pages = {page.pk: page for page in KnowledgePage.objects.filter(pk__in=ids)}
        told = {
            change.page_id: change
            for change in ItemChange.objects.filter(page_id__in=ids).order_by("id")
        }
        for entry in entries:
            entry.item_page = pages.get(entry.page_id)
            entry.kind = told[entry.page_id].kind
            entry.key = told[entry.page_id].key
            entry.origin = filters.origin

    def item_title(self, entry: PageLogEntry) -> str:
        event = EVENTS[entry.action]
        if event == "unpublished":
            return _("Avpublisert: %(title)s") % {"title": entry.label}
        if event == "deleted":
            return _("Slettet: %(title)s") % {"title": entry.label}
        return entry.label

    def item_description(self, entry: PageLogEntry) -> str:
        # A page that is not live holds its latest draft: show what was published instead.
        page = entry.item_page
        if page is not None and page.live:
            return page.summary
        return entry.revision.content.get("summary", "") if entry.revision else ""

    def item_link(self, entry: PageLogEntry) -> str:
        page = entry.item_page
        parts = page.get_url_parts() if page is not None else None
        return entry.origin + parts[2] if parts else self._api_url(entry)

    @staticmethod
    def _api_url(entry: PageLogEntry) -> str:
        return f"{entry.origin}{api_path(entry.kind, entry.page_id)}"

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
        return {
            "kind": entry.kind,
            "event": EVENTS[entry.action],
            "api_url": self._api_url(entry),
            "item_ref": f"urn:uuid:{entry.key}",  # the item's stable key (RFC 6721 ref)
        }
