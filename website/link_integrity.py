"""Link integrity, as in Plone: before a page that other content links to is deleted,
unpublished or moved, whoever does it is shown who links to it and must confirm.

The links come from Wagtail's reference index (relations, stream blocks and rich-text links
alike). Links from inside the pages being changed do not count: they go with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from wagtail.models import Page, ReferenceIndex

CONFIRM_FIELD = "confirm_links"  # the form field / query parameter that confirms


@dataclass(frozen=True)
class IncomingLink:
    source: object  # the page (or snippet) that links
    target: Page  # the page it links to (the page acted on or one below it)
    fields: tuple[str, ...]  # where in the source, e.g. "Relatert innhold → Side"

    @property
    def title(self) -> str:
        return str(self.source)

    @property
    def source_page_id(self) -> int | None:
        return self.source.pk if isinstance(self.source, Page) else None

    @property
    def edit_url(self) -> str | None:
        if isinstance(self.source, Page):
            return reverse("wagtailadmin_pages:edit", args=[self.source.pk])
        return None

    def as_data(self) -> dict:
        return {
            "source_id": self.source.pk,
            "source_type": self.source._meta.label,
            "source_title": self.title,
            "target_id": self.target.pk,
            "target_title": self.target.title,
            "fields": list(self.fields),
        }


def incoming_links(pages: Iterable[Page], descendants: bool = True) -> list[IncomingLink]:
    """Links to the given pages (and the pages below them), from content outside them."""
    affected = Page.objects.none()
    for root in pages:
        affected |= (
            Page.objects.descendant_of(root, inclusive=True)
            if descendants
            else Page.objects.filter(pk=root.pk)
        )
    targets = {str(page.pk): page for page in affected}
    references = ReferenceIndex.get_references_to_in_bulk(affected)
    links = []
    for (_ct, target_id), groups in references.group_by_source_object_in_bulk().items():
        for source, refs in groups:
            if isinstance(source, Page) and str(source.pk) in targets:
                continue  # goes (or moves) along with the target
            fields = tuple(dict.fromkeys(ref.describe_source_field() for ref in refs))
            specific = source.specific if isinstance(source, Page) else source
            links.append(IncomingLink(specific, targets[target_id], fields))
    return sorted(links, key=lambda link: (link.target.path, link.title))


def is_confirmed(data) -> bool:
    return str(data.get(CONFIRM_FIELD, "")).lower() in {"1", "true", "yes", "on"}
