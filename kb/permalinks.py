"""Permanent links by an item's stable key: ``/k/<key>/`` and ``/k/<key>/<locale>/``.

They redirect (302) to the item's current page, so they survive moves and renames; after a
removal they answer 410 with the tombstone, as the API does."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from kb.absolute_urls import page_url
from kb.api.tombstones import gone
from kb.models import ItemChange


def follow(request: HttpRequest, key: uuid.UUID, locale: str | None = None) -> HttpResponse:
    pages = Page.objects.live().public().filter(translation_key=key)
    if locale is not None:
        pages = pages.filter(locale__language_code=locale)
    else:
        pages = pages.filter(locale=Locale.get_default())
    page = pages.first()
    if page is not None and (target := page_url(page, request)):
        return HttpResponseRedirect(target)
    removals = ItemChange.objects.filter(key=key)
    if locale is not None:
        removals = removals.filter(locale=locale)
    last = removals.order_by("-id").first()
    if last is not None and (change := ItemChange.tombstone(last.page_id, last.kind)):
        return gone(request, change)
    raise Http404(_("Ingen side har denne lenken."))
