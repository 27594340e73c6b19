"""Yearly revision: which published knowledge-base pages are overdue or soon due for review,
per area and per owner. The review date itself lives on the page (kb: ``review_by``, moved a
cycle ahead when the page is published)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.areas import area_of, area_paths
from kb.models import KnowledgePage
from website import roles

OVERDUE, SOON, OK, MISSING = "overdue", "soon", "ok", "missing"
STATUSES = (OVERDUE, SOON, MISSING, OK)
STATUS_LABELS = {
    OVERDUE: _("Forfalt"),
    SOON: _("Forfaller snart"),
    MISSING: _("Mangler dato"),
    OK: _("I orden"),
}
STATUS_COLOURS = {OVERDUE: "#b3261e", SOON: "#d98e04", MISSING: "#6b6b6b", OK: "#2e7d32"}


def soon_days() -> int:
    return int(settings.VEIVISER_REVIEW_SOON_DAYS)


def status_of(review_by: datetime.date | None, today: datetime.date) -> str:
    if review_by is None:
        return MISSING
    if review_by < today:
        return OVERDUE
    if review_by <= today + datetime.timedelta(days=soon_days()):
        return SOON
    return OK


def reviewable_pages() -> QuerySet[KnowledgePage]:
    """What is revised: published knowledge-base pages in the default language."""
    from wagtail.models import Locale

    return KnowledgePage.objects.live().filter(locale=Locale.get_default())


@dataclass
class AreaHealth:
    slug: str
    title: str
    owner: roles.Role
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def due(self) -> int:
        return self.counts[OVERDUE] + self.counts[SOON] + self.counts[MISSING]


def health_by_area(today: datetime.date | None = None) -> list[AreaHealth]:
    """Counts of pages per review status, for every area (in tree order, empty ones too)."""
    today = today or timezone.localdate()
    areas = roles.area_pages()
    health = {
        slug: AreaHealth(slug, page.title, roles.owner_role(slug)) for slug, page in areas.items()
    }
    slugs = area_paths()
    for page in reviewable_pages().only("path", "review_by"):
        slug = area_of(page, slugs)
        if slug in health:
            health[slug].counts[status_of(page.review_by, today)] += 1
    return list(health.values())


@dataclass
class DueItem:
    page: KnowledgePage
    area: str
    status: str


def due_pages(today: datetime.date | None = None, area: str | None = None) -> list[DueItem]:
    """Published pages that are overdue, soon due or lack a date, most urgent first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=soon_days())
    pages = reviewable_pages().filter(review_by__lte=horizon) | reviewable_pages().filter(
        review_by__isnull=True
    )
    slugs = area_paths()
    items = []
    for page in pages.specific().order_by("review_by", "title"):
        slug = area_of(page, slugs)
        if area is None or slug == area:
            items.append(DueItem(page, slug, status_of(page.review_by, today)))
    return items


def contacts_without_number() -> QuerySet:
    """Published municipal contacts that have no phone number: the public site sends their
    callers to the switchboard until an editor fills the number in."""
    from kb.models import ContactPage

    return (
        reviewable_pages()
        .type(ContactPage)
        .specific()
        .filter(contactpage__kind=ContactPage.Kind.MUNICIPAL, contactpage__phone="")
        .order_by("title")
    )


def due_by_owner(today: datetime.date | None = None) -> dict[roles.Role, list[DueItem]]:
    grouped: dict[roles.Role, list[DueItem]] = {}
    for item in due_pages(today):
        grouped.setdefault(roles.owner_role(item.area), []).append(item)
    return grouped
