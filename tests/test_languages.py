"""Content in Nynorsk and English: locale-prefixed URLs, hreflang, the language switcher, the
per-locale sitemaps, and translations kept as PO files (kb/content/translations/)."""

import re

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision

from kb.translations import (
    OUTDATED,
    UP_TO_DATE,
    apply_po,
    export_po,
    translation_status,
)

ROUTINE = "/kunnskapsbase/rutiner/hva-gjor-du-ved-en-bekymring/"
CORE_JOURNEY = [
    "/",
    ROUTINE,
    "/kunnskapsbase/sjekklister/bekymringstegn/",
    "/kunnskapsbase/sjekklister/risiko-og-beskyttelsesfaktorer/",
    "/kunnskapsbase/kontakter/politiet-112/",
    "/kunnskapsbase/begreper/",
    "/kunnskapsbase/begreper/radikalisering/",
]


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">', html))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nn", "en"])
@pytest.mark.parametrize("path", CORE_JOURNEY)
def test_core_journey_is_served_in_nynorsk_and_english(client, language, path):
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="ltr"' in html
    alternates = hreflangs(html)
    assert set(alternates) == {"nb", "nn", "en"}
    assert alternates["nb"].endswith(path) and "/nb/" not in alternates["nb"]
    assert alternates[language].endswith(f"/{language}{path}")
    assert 'class="language-switcher"' in html


@pytest.mark.django_db
def test_bokmal_stays_unprefixed_and_links_its_translations(client):
    html = client.get(ROUTINE).content.decode()
    assert '<html lang="nb" dir="ltr"' in html
    assert hreflangs(html)["nn"].endswith(f"/nn{ROUTINE}")
    assert client.get(f"/nb{ROUTINE}").status_code == 404


@pytest.mark.django_db
def test_a_page_without_translations_has_no_switcher(client):
    html = client.get("/kunnskapsbase/tiltak/felles-nettressurs/").content.decode()
    assert 'class="language-switcher"' not in html
    assert hreflangs(html) == {}


@pytest.mark.django_db
def test_translations_are_in_nynorsk_and_english(client):
    nn = client.get(f"/nn{ROUTINE}").content.decode()
    en = client.get(f"/en{ROUTINE}").content.decode()
    assert "Kva gjer du ved ei bekymring?" in nn
    assert "What to do if you are worried" in en


# Interface strings of the public templates (Bokmål msgids) and where they show.
CHROME = ["Gå til hovedinnhold", "Hovedmeny"]
ROUTINE_CHROME = ["Velg hvem du er", "Jeg er innbygger", "Jeg er ansatt i kommunen"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_interface_speaks_the_page_language(client, language):
    """locale/nn and locale/en translate the public templates, so /nn/ and /en/ pages are not
    half Bokmål."""
    from django.utils import translation

    for path, msgids in (("/", CHROME), (ROUTINE, CHROME + ROUTINE_CHROME)):
        html = client.get(f"/{language}{path}").content.decode()
        with translation.override(language):
            expected = {msgid: translation.gettext(msgid) for msgid in msgids}
        for msgid, translated in expected.items():
            assert translated != msgid, (language, msgid)  # the catalogue has it
            assert translated in html, (language, path, translated)
            assert msgid not in html, (language, path, msgid)


@pytest.mark.django_db
def test_sitemap_index_has_one_sitemap_per_locale_with_alternates(client):
    index = client.get("/sitemap.xml").content.decode()
    for code in ("nb", "nn", "en"):
        assert f"/sitemap-{code}.xml</loc>" in index
    english = client.get("/sitemap-en.xml").content.decode()
    assert f"/en{ROUTINE}</loc>" in english
    assert 'hreflang="nb" href="http://' in english
    assert f"/nn{ROUTINE}</loc>" not in english


@pytest.mark.django_db
def test_api_lists_translations_with_their_urls(client, plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    data = client.get(f"/api/v3/kb/routines/{routine.pk}/").json()
    assert set(data["translations"]) == {"nn", "en"}
    assert data["translation_status"] == {"en": "up_to_date", "nn": "up_to_date"}
    assert data["translations"]["nn"]["url"].endswith(f"/nn{ROUTINE}")
    nn = client.get(data["translations"]["nn"]["api_url"]).json()
    assert nn["locale"] == "nn" and nn["key"] == data["key"]


@pytest.mark.django_db
def test_loading_the_plan_again_changes_no_translation():
    revisions = Revision.objects.count()
    call_command("load_plan", verbosity=0)
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_po_round_trip_publishes_the_translation(client, plan_page):
    contact = plan_page("contact", "alarmtelefonen")
    nn = Locale.objects.get(language_code="nn")
    po = export_po(contact, nn)
    title = next(entry for entry in po if entry.msgctxt == "title")
    title.msgstr = "Alarmtelefonen for born og unge (prøve)"
    assert apply_po(contact, nn, po) == "updated"
    translated = contact.get_translation(nn)
    assert translated.live and translated.title == "Alarmtelefonen for born og unge (prøve)"
    assert "Alarmtelefonen for born og unge (prøve)" in client.get(translated.url).content.decode()
    detail = client.get(f"/api/v3/kb/contacts/{translated.pk}/").json()
    assert detail["title"] == "Alarmtelefonen for born og unge (prøve)"
    assert apply_po(contact, nn, po) == "unchanged"


@pytest.mark.django_db
def test_a_changed_source_makes_the_translation_outdated_until_synced(plan_page):
    contact = plan_page("contact", "alarmtelefonen")
    nn = Locale.objects.get(language_code="nn")
    assert translation_status(contact) == {"en": UP_TO_DATE, "nn": UP_TO_DATE}
    contact.summary = "Ny oppsummering fra redaksjonen."
    contact.save_revision().publish()
    contact = Page.objects.get(pk=contact.pk).specific
    assert translation_status(contact) == {"en": OUTDATED, "nn": OUTDATED}
    po = export_po(contact, nn)  # synchronises the source: the new summary is to translate
    summary = next(entry for entry in po if entry.msgctxt == "summary")
    assert summary.msgid == "Ny oppsummering fra redaksjonen." and summary.msgstr == ""
    summary.msgstr = "Ny oppsummering frå redaksjonen."
    apply_po(contact, nn, po)
    assert contact.get_translation(nn).summary == "Ny oppsummering frå redaksjonen."
    assert translation_status(contact) == {"en": OUTDATED, "nn": UP_TO_DATE}
