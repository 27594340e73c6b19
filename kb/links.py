"""Every link a knowledge-base page makes, and which of them lead nowhere a reader can go.

Readers never see a link to a deleted or unpublished page; editors are told about them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

# StreamField name -> the block field holding page links
STREAM_LINK_FIELDS = {"steps": "links", "chapters": "references"}


@dataclass(frozen=True)
class UnavailableLink:
    where: str
    target_id: int
    title: str | None  # None: the page was deleted

    @property
    def reason(self) -> str:
        return str(_("slettet") if self.title is None else _("ikke publisert"))


def link_targets(page: Page) -> list[tuple[str, int]]:
    """(where, target page id) for relations and stream links, from the stored data, so that
    links to deleted pages are still seen."""
    targets = [(str(_("Relatert")), link.target_id) for link in page.related_links.all()]
    for field_name, link_field in STREAM_LINK_FIELDS.items():
        stream = getattr(page, field_name, None)
        if stream is None:
            continue
        for number, block in enumerate(stream.raw_data, start=1):
            ids = block["value"].get(link_field) or []
            for item in ids:
                target = item.get("value") if isinstance(item, dict) else item
                if target is not None:
                    targets.append(
                        (
                            f"{block['value'].get('title') or block['value'].get('heading')}"
                            f" ({number})",
                            int(target),
                        )
                    )
    return targets


def unavailable_links(page: Page) -> list[UnavailableLink]:
    targets = link_targets(page)
    found = {
        pk: (live, title)
        for pk, live, title in Page.objects.filter(
            pk__in={pk for _where, pk in targets}
        ).values_list("pk", "live", "title")
    }
    return [
        UnavailableLink(where, pk, found[pk][1] if pk in found else None)
        for where, pk in targets
        if not found.get(pk, (False,))[0]
    ]
