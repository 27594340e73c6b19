"""The public site's HTML, without a browser: the numbers box, site settings, sections, error
pages. (The browser checks are in tests/browser/.)"""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.models import Locale, Site

from website.legal import AccessibilityStatementPage
from website.models import HomePage
from website.site_settings import SiteSettings

pytestmark = pytest.mark.django_db


def tel_links(html: str) -> list[str]:
    return re.findall(r'href="(tel:[^"]+)"', html)


def test_home_lists_every_number_most_urgent_first_and_the_switchboard(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.switchboard = "32 04 00 00"
    settings.save()
    html = client.get("/").content.decode()
    box = html[html.index('class="who-to-call') :]
    numbers = tel_links(box)
    assert numbers[:3] == ["tel:112", "tel:02800", "tel:116111"]
    # Municipal contacts without their own number offer the switchboard, with a note.
    assert "tel:32040000" in numbers
    assert "be om å bli satt over" in box


def test_without_a_switchboard_a_contact_without_number_is_still_no_dead_end(client, plan_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.switchboard = ""
    settings.save()
    html = client.get(plan_page("contact", "slt-koordinator").url).content.decode()
    assert "Eget nummer er ikke lagt inn ennå" in html
    assert {"tel:112", "tel:02800", "tel:116111"} <= set(tel_links(html))


def test_site_settings_brand_the_footer(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.owner_name = "Testby kommune"
    settings.contact_email = "postmottak@testby.kommune.no"
    settings.theme_colour = "#123456"
    settings.save()
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "Testby kommune" in footer and "mailto:postmottak@testby.kommune.no" in footer
    assert "--veiviser-header: #123456" in html


def test_a_section_shows_the_shared_items_for_staff_before_its_own_pages(client):
    html = client.get("/skoler/").content.decode()
    assert "Ingen sider her ennå" not in html
    for title in ("Hva gjør du ved en bekymring?", "Mulige bekymringstegn", "SLT-koordinator"):
        assert title in html


def test_routine_steps_have_stable_anchors_and_folded_details(client, plan_page):
    html = client.get(plan_page("routine", "hva-gjor-du-ved-en-bekymring").url).content.decode()
    for number in range(1, 10):
        assert f'id="steg-{number}"' in html and f'href="#steg-{number}"' in html
    assert html.count('<details class="ds-details">') == 9


def test_not_found_is_norwegian_in_the_design_with_search_and_numbers(client, settings):
    settings.DEBUG = False
    response = client.get("/finnes-ikke/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nb"' in html and "Fant ikke siden" in html
    assert 'role="search"' in html and "tel:112" in html


def test_server_error_page_is_norwegian_with_the_numbers():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt" in html and "tel:112" in html and "tel:116111" in html


def test_accessibility_statement_is_a_page_type_linked_from_every_footer(client):
    home = HomePage.objects.get(locale=Locale.get_default())
    statement = home.add_child(
        instance=AccessibilityStatementPage(
            title="Tilgjengelighetserklæring",
            slug="tilgjengelighet",
            assessed_on=datetime.date(2026, 11, 30),
            assessment_method="Egenvurdering med axe-core og manuell kontroll.",
            nonconformities="<p>PDF-ene er ikke fullt ut tagget.</p>",
            feedback="<p>Skriv til postmottak@drammen.kommune.no.</p>",
        )
    )
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.accessibility_page = statement
    settings.save()
    html = client.get(statement.url).content.decode()
    assert "Oppfyller kravene delvis" in html and "PDF-ene er ikke fullt ut tagget" in html
    assert "https://www.uutilsynet.no/" in html
    footer = client.get("/skoler/").content.decode().split("<footer")[1]
    assert f'href="{statement.url}"' in footer
