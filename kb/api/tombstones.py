"""The 410 answer for a removed item: problem details carrying its tombstone."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kb.absolute_urls import absolute
from kb.api.http import problem, set_public_headers
from kb.api.serialize import api_path
from kb.models import ItemChange

REASONS = {
    ItemChange.Reason.UNPUBLISHED: gettext_lazy("avpublisert"),
    ItemChange.Reason.DELETED: gettext_lazy("slettet"),
    ItemChange.Reason.RESTRICTED: gettext_lazy("ikke lenger offentlig"),
}


def tombstone(change: ItemChange, request: HttpRequest | None = None) -> dict:
    successor = None
    if change.successor_id:
        successor = absolute(api_path(change.kind, change.successor_id), request)
    return {
        "id": change.page_id,
        "key": str(change.key),
        "type": change.kind,
        "locale": change.locale,
        "removed_at": change.at.isoformat(),
        "reason": change.reason,
        "successor": successor,
    }


def gone(request: HttpRequest, change: ItemChange) -> HttpResponse:
    detail = _("Elementet er fjernet (%(reason)s) %(date)s.") % {
        "reason": REASONS.get(change.reason, change.reason),
        "date": change.at.date().isoformat(),
    }
    response = problem(410, "item-removed", detail, tombstone=tombstone(change, request))
    return set_public_headers(response, [change.locale])
