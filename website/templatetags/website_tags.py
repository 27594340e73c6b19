"""Template tags of the public site: the «Hvem ringer du?» box and a routine step's contacts."""

from __future__ import annotations

from django import template
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Locale

from kb.models import ContactPage
from website.site_settings import SiteSettings

register = template.Library()

# Most urgent first: emergency numbers, then advice lines, then the municipality's own contacts.
URGENCY = [ContactPage.Kind.EMERGENCY, ContactPage.Kind.ADVICE, ContactPage.Kind.MUNICIPAL]


def contacts_by_urgency(locale: Locale | None = None):
    """Live contacts, most urgent first, in the given (or the current) locale."""
    locale = locale or Locale.get_active()
    order = Case(
        *[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(URGENCY)],
        output_field=IntegerField(),
    )
    return (
        ContactPage.objects.live()
        .public()
        .filter(locale=locale)
        .annotate(urgency=order)
        .order_by("urgency", "path")
    )


@register.inclusion_tag("website/includes/who_to_call.html", takes_context=True)
def who_to_call(context: template.Context, heading_level: int = 2) -> dict:
    request: HttpRequest | None = context.get("request")
    page = context.get("page")
    locale = getattr(page, "locale", None) or _locale_of(translation.get_language())
    site_settings = SiteSettings.for_request(request) if request else None
    return {
        "contacts": contacts_by_urgency(locale),
        "site_settings": site_settings,
        "heading_tag": f"h{heading_level}",
    }


@register.inclusion_tag("website/includes/step_links.html", takes_context=True)
def step_links(context: template.Context, links) -> dict:
    """A step's live links: its contacts in a box with numbers to call, the rest as a list.
    Each target once (and once by name), in the order the editor gave."""
    seen: set[int] = set()
    contacts, others = [], []
    for target in links:
        if target is None or not target.live or target.pk in seen:
            continue
        seen.add(target.pk)
        target = target.specific
        (contacts if isinstance(target, ContactPage) else others).append(target)
    # An actor named like one of the contacts («Kommunens kompetansegruppe») would read as the
    # same entry twice: the contact in the box stands for both.
    named = {contact.title for contact in contacts}
    others = [target for target in others if target.title not in named]
    request: HttpRequest | None = context.get("request")
    return {
        "contacts": contacts,
        "others": others,
        "site_settings": SiteSettings.for_request(request) if request else None,
        "number": context.get("number"),
    }


def _locale_of(language: str | None) -> Locale | None:
    return Locale.objects.filter(language_code=language).first() or Locale.get_default()
