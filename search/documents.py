"""The search document of a knowledge-base page: what both engines index.

Read from kb's public models: a page's ``search_fields`` say which of its fields are
searchable; this module only sorts them into title, aliases, summary and body, and adds the
facet values (type, section, audience, topic, locale)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.utils.html import strip_tags
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from kb.areas import AREA_DEPTH, area_of, area_path, area_paths
from kb.models import KB_KINDS, KnowledgePage, kind_of
from kb.models.fields import declared
from kb.richtext import html_to_text
from search.units import units_of

# Acronyms in titles and names: SLT, PST, RAN, C-REX (two or more capitals, maybe a hyphen).
ACRONYM = re.compile(r"(?<![\w-])([A-ZÆØÅ](?:-?[A-ZÆØÅ]){1,7})(?![\w-])")


@dataclass
class Document:
    """A plain, engine-neutral search document (the ``SearchDocument`` row's values)."""

    id: int
    kind: str
    locale: str
    section: str
    url: str
    title: str
    aliases: list[str]
    summary: str
    body: str
    audiences: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    units: list[dict] = field(default_factory=list)  # a routine's steps (search.units)
    area: str = ""  # the name of the area the page lives in («Politikontakt»)

    @property
    def headings(self) -> str:
        """The units' titles, one a line: a step's title weighs like a subtitle."""
        return "\n".join(unit["title"] for unit in self.units)

    def facet_values(self) -> dict[str, list[str]]:
        return {
            "type": [self.kind],
            "section": [self.section] if self.section else [],
            "audience": self.audiences,
            "topic": self.topics,
            "locale": [self.locale],
        }

    def as_source(self) -> dict:
        """The document as the distributed engine stores it."""
        return {
            "id": self.id,
            "type": self.kind,
            "locale": self.locale,
            "section": self.section,
            "url": self.url,
            "title": self.title,
            "aliases": self.aliases,
            "summary": self.summary,
            "body": self.body,
            "audience": self.audiences,
            "topic": self.topics,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "units": self.units,
            "area": self.area,
            "headings": self.headings,
        }


def restricted_paths() -> list[str]:
    """Paths of pages with view restrictions: they and their descendants are not public."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_findable(page: Page, restricted: list[str] | None = None) -> bool:
    """Live, public knowledge-base pages are found; drafts and restricted pages are not."""
    if not page.live or type(page) not in KB_KINDS.values():
        return False
    restricted = restricted_paths() if restricted is None else restricted
    return not any(page.path.startswith(path) for path in restricted)


def section_titles() -> dict[str, str]:
    """The title of every top-level area by its path: people search for an area by name."""
    return dict(Page.objects.filter(depth=AREA_DEPTH).values_list("path", "title"))


def build_document(
    page: KnowledgePage,
    slugs: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
) -> Document:
    page_url = page.get_url() or page.url_path
    titles = section_titles() if titles is None else titles
    area = titles.get(area_path(page.path), "")
    return Document(
        id=page.pk,
        kind=kind_of(page),
        locale=page.locale.language_code,
        section=area_of(page, slugs if slugs is not None else area_paths()) or "",
        url=page_url,
        title=page.title,
        aliases=[*aliases_of(page), *host_names(page)],
        summary=page.summary or "",
        body="\n".join(filter(None, [body_of(page), *phone_lines(page)])),
        audiences=sorted(a.key for a in page.audiences.all()),
        topics=sorted(t.key for t in page.topics.all()),
        published_at=page.last_published_at,
        units=units_of(page),
        area=area,
    )


def aliases_of(page: KnowledgePage) -> list[str]:
    """Other names the page is known by: a concept's names and acronyms, a law's citation,
    acronyms in the title (SLT, PST) and in a resource's publisher (C-REX)."""
    names: list[str] = []
    for attribute in ("alias_list", "acronym_list"):
        names += getattr(page, attribute, [])
    if hasattr(page, "citation"):
        names += [page.citation, page.law]
    names += ACRONYM.findall(page.title)
    names += ACRONYM.findall(getattr(page, "publisher", "") or "")
    seen: dict[str, str] = {}
    for name in (" ".join(n.split()) for n in names):
        if name and name.casefold() != page.title.casefold():
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


def phone_lines(page: KnowledgePage) -> list[str]:
    """A contact's phone number, as written and as dialled, after the word "telefon"."""
    phone = getattr(page, "phone", "") or ""
    return [f"Telefon {phone} {''.join(phone.split())}"] if phone else []


def host_names(page: KnowledgePage) -> list[str]:
    """The host of a resource's or contact's web address: a resource known by its address
    («radikalisering.no») is found by it, as by a name."""
    hosts = []
    for attribute in ("external_url", "website_url"):
        host = urlsplit(getattr(page, attribute, "") or "").hostname or ""
        if host:
            hosts.append(host.removeprefix("www."))
    return hosts


def body_of(page: KnowledgePage) -> str:
    """The page's other searchable text, one paragraph a line, then its topic names."""
    parts: list[str] = []
    own_places = own_place_fields(type(page))
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField):
            continue
        if search_field.field_name in own_places:
            continue
        parts += _field_text(page, search_field.field_name)
    parts += [topic.name for topic in page.topics.all()]
    return "\n".join(part for part in parts if part)


def own_place_fields(model: type[KnowledgePage]) -> set[str]:
    """Fields that are not body text: the title, and those the model declares a place of their
    own in the document (``ContentField(search=...)``: the summary, names, the law's citation)."""
    return {"title", *(field.name for field in declared(model) if field.search)}


def _field_text(page: Page, name: str) -> list[str]:
    model_field = page._meta.get_field(name)
    value = getattr(page, name)
    if isinstance(model_field, RichTextField):
        return [html_to_text(value or "")]
    if isinstance(model_field, StreamField):
        return [_clean(text) for text in model_field.get_searchable_content(value)]
    return [_clean(str(value))] if value not in (None, "") else []


def _clean(text: str) -> str:
    return " ".join(strip_tags(text).split())
