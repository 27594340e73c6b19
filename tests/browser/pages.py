"""One public URL per page type, found in the loaded plan."""

from __future__ import annotations

from wagtail.models import Locale, Page

from kb.models import KB_KINDS
from kb.plan_import.sync import item_translation_key

# The item of each kind that shows the most of its template.
EXAMPLES = {
    "routine": "hva-gjor-du-ved-en-bekymring",
    "checklist": "risiko-og-beskyttelsesfaktorer",
    "contact": "slt-koordinator",
}


def page_type_urls() -> dict[str, str]:
    """{name: path} for every public page type, the search page and the 404 page."""
    urls: dict[str, str] = {}
    locale = Locale.get_default()
    for kind, model in KB_KINDS.items():
        pages = model.objects.live().filter(locale=locale)
        if kind in EXAMPLES:
            key = item_translation_key(kind, EXAMPLES[kind])
            pages = pages.filter(translation_key=key)
        urls[kind] = pages.first().url
    for page in Page.objects.live().filter(locale=locale, depth__lte=3).specific():
        name = type(page).__name__
        if name in {
            "HomePage",
            "SharedAreaPage",
            "SectionPage",
            "AccessibilityStatementPage",
            "PlainPage",
        }:
            urls.setdefault(name, page.url)
    urls["FolderPage"] = "/kunnskapsbase/sjekklister/"
    urls["FolderPage (telefonnumre)"] = "/kunnskapsbase/kontakter/"
    residents = item_translation_key("routine", "bekymret-for-noen-du-kjenner")
    routines = KB_KINDS["routine"].objects.filter(locale=locale)
    urls["routine (innbyggere)"] = routines.get(translation_key=residents).url
    urls["checklist (bekymringstegn)"] = "/kunnskapsbase/sjekklister/bekymringstegn/"
    urls["search"] = "/sok/?q=radikalisering"
    urls["search (no results)"] = "/sok/?q=qqzzxxyy"
    urls["404"] = "/finnes-ikke/"
    return urls
