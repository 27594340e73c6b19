"""The accessibility statement and the privacy page a new installation starts with, made by
``load_plan`` once and then left to the editors (a second run changes nothing)."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Page, Site

from website.legal import AccessibilityStatementPage, PlainPage
from website.site_settings import SiteSettings

ACCESSIBILITY_SLUG = "tilgjengelighetserklaering"
PRIVACY_SLUG = "personvern"

ASSESSMENT = (
    "Egenvurdering. Hver sidetype testes automatisk i Chromium med axe-core (WCAG 2.1 A og AA) "
    "ved 320 og 1280 piksler bredde, og for det axe ikke ser: ingen sidelengs rulling, synlig "
    "fokus, økt tekstavstand, bruk med bare tastatur og uten JavaScript."
)
NONCONFORMITIES = (
    "<p>PDF-versjonene av rutiner og sjekklister lages automatisk og er ikke kontrollert "
    "manuelt for skjermlesere. Bruk nettsiden hvis PDF-filen ikke fungerer for deg.</p>"
)
FEEDBACK = (
    "<p>Finner du noe som ikke fungerer for deg, vil vi gjerne vite det. Kontaktinformasjonen "
    "står nederst på siden: ring sentralbordet eller send e-post, så svarer kommunen.</p>"
)
PRIVACY = (
    "<p>Veiviser inneholder rutiner, sjekklister og kontaktinformasjon, aldri opplysninger om "
    "personer det er bekymring for. Skriv ikke navn eller andre personopplysninger i "
    "søkefeltet.</p>"
    "<p>De offentlige sidene bruker ingen informasjonskapsler for sporing eller statistikk. "
    "Vi teller hvilke søkeord som brukes, uten å knytte dem til deg, for å gjøre søket bedre.</p>"
)


def ensure_legal_pages() -> list[str]:
    """Create and publish the two pages under the home page where they are missing, and point
    the site settings at them where those are empty. Returns the titles it created."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    home = site.root_page
    created = []
    statement = _child(home, ACCESSIBILITY_SLUG)
    if statement is None:
        statement = _publish(
            home,
            AccessibilityStatementPage(
                title="Tilgjengelighetserklæring",
                slug=ACCESSIBILITY_SLUG,
                status=AccessibilityStatementPage.Status.PARTIAL,
                assessed_on=timezone.localdate(),
                assessment_method=ASSESSMENT,
                nonconformities=NONCONFORMITIES,
                feedback=FEEDBACK,
            ),
        )
        created.append(statement.title)
    privacy = _child(home, PRIVACY_SLUG)
    if privacy is None:
        privacy = _publish(home, PlainPage(title="Personvern", slug=PRIVACY_SLUG, body=PRIVACY))
        created.append(privacy.title)
    settings = SiteSettings.for_site(site)
    if settings.accessibility_page_id is None or settings.privacy_page_id is None:
        settings.accessibility_page_id = settings.accessibility_page_id or statement.pk
        settings.privacy_page_id = settings.privacy_page_id or privacy.pk
        settings.save()
    return created


def _child(home: Page, slug: str) -> Page | None:
    return home.get_children().filter(slug=slug).first()


def _publish(home: Page, page: Page) -> Page:
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
