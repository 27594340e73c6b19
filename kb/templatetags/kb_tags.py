import datetime

from django import template
from django.utils import timezone

from kb.absolute_urls import permalink
from kb.models.validators import tel_uri
from kb.signals import REVIEW_CYCLE_MONTHS, add_months

register = template.Library()


@register.filter
def last_reviewed(review_by: datetime.date | None) -> datetime.date | None:
    """When a page was last reviewed: a review (a publication that found it due) sets the next
    one a cycle ahead, so it is one cycle before ``review_by``; nothing if that is in the future
    (an editor chose a longer interval, and the real day is unknown)."""
    if review_by is None:
        return None
    reviewed = add_months(review_by, -REVIEW_CYCLE_MONTHS)
    return reviewed if reviewed <= timezone.localdate() else None


register.filter("tel", tel_uri)


@register.simple_tag(takes_context=True)
def kb_permalink(context, page) -> str:
    """The item's permanent link (by key and locale), for partners to copy."""
    return permalink(page, context.get("request"))
