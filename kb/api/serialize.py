"""Turning pages into API data: one place for URLs, links, rich text and classification."""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText as WagtailRichText
from wagtail.rich_text import expand_db_html

from kb.absolute_urls import absolute, page_url, permalink
from kb.areas import area_of, area_paths
from kb.models import KIND_BY_MODEL, PLURALS, ContactPage, ItemChange, KnowledgePage, RelatedLink
from kb.richtext import html_to_text
from kb.translations import translation_status

API_PREFIX = "/api/v3/kb/"


def api_path(kind: str, page_id: int) -> str | None:
    """The path of an item in the KB API (None for pages that are no item): the one place
    it is built; kb.absolute_urls puts the public origin before it."""
    plural = PLURALS.get(kind)
    return None if plural is None else f"{API_PREFIX}{plural}/{page_id}/"


@dataclass
class Context:
    """Per-request lookups made once and shared by every item in a response."""

    request: HttpRequest
    areas: dict[str, str] = field(default_factory=area_paths)  # area paths
    draft: bool = False  # drafts carry in-memory relations, not prefetched rows
    locales: dict[int, str] = field(
        default_factory=lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )

    def kind(self, page: Page) -> str:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        return KIND_BY_MODEL.get(model, "page")

    def api_url(self, kind: str, page_id: int) -> str | None:
        path = api_path(kind, page_id)
        return None if path is None else absolute(path, self.request)

    def permalink(self, page: Page) -> str:
        """``/k/<key>/<locale>/``: redirects to the page wherever it moves (kb.permalinks)."""
        return permalink(page, self.request, self.locales[page.locale_id])

    def public_url(self, page: Page) -> str | None:
        return page_url(page, self.request)

    def link(self, page: Page, phone: str | None = None) -> dict[str, Any]:
        kind = self.kind(page)
        return {
            "id": page.pk,
            "type": kind,
            "title": page.title,
            "url": self.public_url(page),
            "api_url": self.api_url(kind, page.pk),
            "phone": phone,
        }

    @cached_property
    def phones(self) -> dict[int, str]:
        """Every contact's number, in one query: choosers and relations give base pages."""
        return dict(ContactPage.objects.exclude(phone="").values_list("pk", "phone"))

    @cached_property
    def restricted(self) -> set[int]:
        """Ids of the pages under a view restriction, in one query: never linked to."""
        return set(Page.objects.not_public().values_list("pk", flat=True))

    def is_public(self, page: Page | None) -> bool:
        return page is not None and page.live and page.pk not in self.restricted

    def links(self, pages) -> list[dict[str, Any]]:
        """Links to the published, public pages among ``pages``."""
        return [
            self.link(page, self.phones.get(page.pk) if self.kind(page) == "contact" else None)
            for page in pages
            if self.is_public(page)
        ]


def rich_text(value) -> dict[str, str]:
    source = value.source if isinstance(value, WagtailRichText) else (value or "")
    html = expand_db_html(source)
    return {"html": html, "text": html_to_text(html)}


def with_modified(queryset: QuerySet) -> QuerySet:
    """Annotate ``modified``: the item's latest logged change (its own, or one it shows of a
    neighbour or a term, kb.change_log), else its last publish."""
    latest = (
        ItemChange.objects.filter(page_id=OuterRef("pk"))
        .values("page_id")
        .annotate(latest=Max("at"))
        .values("latest")
    )
    return queryset.annotate(modified=Coalesce(Subquery(latest), "last_published_at"))


def modified_of(page: Page, draft: bool = False):
    """The annotated time (kb.api.items fetches every live page with it); a draft's own
    revision time."""
    if draft:
        return page.latest_revision_created_at or page.last_published_at
    return getattr(page, "modified", page.last_published_at)


def terms(classification) -> list[dict[str, str]]:
    """The published terms (a topic or an audience never published is a draft, not shown)."""
    return [{"key": term.key, "name": term.name} for term in classification if term.live]


def with_list_relations(queryset: QuerySet) -> QuerySet:
    """Everything a list response reads, fetched in a fixed number of queries."""
    return with_modified(queryset).prefetch_related(
        "topics",
        "audiences",
        Prefetch(
            "related_links",
            queryset=RelatedLink.objects.select_related("target").order_by("sort_order"),
        ),
    )


def summary(page: KnowledgePage, ctx: Context) -> dict[str, Any]:
    kind = KIND_BY_MODEL[type(page)]
    return {
        "id": page.pk,
        "key": page.translation_key,
        "slug": page.slug,
        "type": kind,
        "title": page.title,
        "summary": page.summary,
        "url": ctx.public_url(page),
        "api_url": ctx.api_url(kind, page.pk),
        "permalink": ctx.permalink(page),
        "locale": ctx.locales[page.locale_id],
        "area": area_of(page, ctx.areas),
        "section": area_of(page, ctx.areas),  # deprecated alias of area
        "topics": terms(page.topics.all()),
        "audiences": terms(page.audiences.all()),
        "last_published_at": page.last_published_at,
        "modified": modified_of(page, ctx.draft),
        "review_by": page.review_by,
        "links": ctx.links(
            page.related_pages if ctx.draft else (link.target for link in page.related_links.all())
        ),
    }


def detail(page: KnowledgePage, ctx: Context) -> dict[str, Any]:
    translations = page.get_translations(inclusive=False).live().public()
    kind = KIND_BY_MODEL[type(page)]
    return {
        **summary(page, ctx),
        "linked_from": ctx.links(page.linked_from),
        "translation_status": translation_status(page),
        "translations": {
            ctx.locales[other.locale_id]: {
                "id": other.pk,
                "url": ctx.public_url(other),
                "api_url": ctx.api_url(kind, other.pk),
            }
            for other in translations
        },
    }
