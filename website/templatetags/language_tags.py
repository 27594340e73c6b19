"""The page's languages: `lang`/`dir` for <html>, hreflang alternates and the language switcher."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from kb.absolute_urls import page_url

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    language_code: str
    name: str  # the language's own name: «norsk (nynorsk)», «English»
    url: str
    current: bool


def _language_code(page: Page | None) -> str:
    return page.locale.language_code if isinstance(page, Page) else get_language()


@register.simple_tag
def page_language(page: Page | None = None) -> str:
    return _language_code(page)


@register.simple_tag
def page_direction(page: Page | None = None) -> str:
    return "rtl" if get_language_info(_language_code(page))["bidi"] else "ltr"


@register.simple_tag(takes_context=True)
def page_alternates(context, page: Page | None = None) -> list[Alternate]:
    """The live, public translations of the page, this one included; empty when it has none."""
    if not isinstance(page, Page):
        return []
    request = context.get("request")
    pages = page.get_translations(inclusive=True).live().public().select_related("locale")
    if len(pages) < 2:
        return []
    alternates = [
        Alternate(
            language_code=other.locale.language_code,
            name=get_language_info(other.locale.language_code)["name_local"],
            url=page_url(other, request) or other.get_full_url(request),
            current=other.pk == page.pk,
        )
        for other in pages
    ]
    return sorted(alternates, key=lambda alternate: alternate.language_code)
