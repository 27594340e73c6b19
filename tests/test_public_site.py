"""The public site's HTML, without a browser: the numbers box, site settings, sections, error
pages. (The browser checks are in tests/browser/.)"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template import Context
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error
from wagtail.models import Page, Site

from kb.models import KnowledgePage
from website.legal import AccessibilityStatementPage, PlainPage
from website.site_settings import SiteSettings
from website.templatetags.website_tags import step_links

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


def test_load_plan_makes_the_legal_pages_linked_from_every_footer(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    statement, privacy = settings.accessibility_page, settings.privacy_page
    assert isinstance(statement.specific, AccessibilityStatementPage) and statement.live
    assert isinstance(privacy.specific, PlainPage) and privacy.live
    html = client.get(statement.url).content.decode()
    assert "Oppfyller kravene delvis" in html and "axe-core" in html
    assert "https://www.uutilsynet.no/" in html
    assert "personopplysninger" in client.get(privacy.url).content.decode()
    footer = client.get("/skoler/").content.decode().split("<footer")[1]
    assert f'href="{statement.url}"' in footer and f'href="{privacy.url}"' in footer
    home = client.get("/").content.decode()
    listed = home[home.index('id="areas"') : home.index("<footer")]
    assert "Skoler" in listed and statement.url not in listed and privacy.url not in listed


def test_a_second_load_plan_changes_no_date_and_keeps_the_editors_settings():
    before = dict(Page.objects.values_list("pk", "last_published_at"))
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_page = None  # an editor cleared it: it is set again, to the same page
    settings.save()
    call_command("load_plan", verbosity=0)
    assert dict(Page.objects.values_list("pk", "last_published_at")) == before
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.privacy_page.slug == "personvern"
    assert Page.objects.filter(slug="personvern").count() == 1


def test_pages_show_when_they_changed_were_reviewed_and_are_next_reviewed(client, plan_page):
    page = plan_page("checklist", "bekymringstegn")
    reviewed, due = datetime.date(2026, 3, 1), datetime.date(2027, 3, 1)
    KnowledgePage.objects.filter(pk=page.pk).update(review_by=due)
    html = client.get(page.url).content.decode()
    dates = html[html.index('class="meta dates"') :]
    changed = timezone.localtime(page.last_published_at)
    assert f'Sist endret <time datetime="{changed.isoformat()}">' in dates
    assert f'Sist gjennomgått <time datetime="{reviewed.isoformat()}">' in dates
    assert f'Neste gjennomgang <time datetime="{due.isoformat()}">' in dates
    # A review date set far ahead by hand tells nothing about the last review: not shown.
    KnowledgePage.objects.filter(pk=page.pk).update(review_by=datetime.date(2099, 1, 1))
    assert "Sist gjennomgått" not in client.get(page.url).content.decode()


def step_html(html: str, number: int) -> str:
    start = html.index(f'id="steg-{number}"')
    return html[start : html.index("</li>\n", html.index("</details>", start))]


def test_residents_have_their_own_plain_language_route(client, plan_page):
    staff = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    residents = plan_page("routine", "bekymret-for-noen-du-kjenner")
    assert residents.residents_only and not staff.residents_only
    # Both entrances lead there: the home page's card and the staff routine's route choice.
    home = client.get("/").content.decode()
    assert f'href="{residents.url}#steg-1">Jeg er innbygger: start på steg 1' in home
    staff_html = client.get(staff.url).content.decode()
    assert f'href="{residents.url}#steg-1">Jeg er innbygger</a>' in staff_html
    html = client.get(residents.url).content.decode()
    assert html.count("data-step=") == 5
    assert f'href="{staff.url}#steg-1">Se rutinen for ansatte' in html
    assert "Mulige bekymringstegn" in step_html(html, 1)


def test_a_step_has_a_contact_box_with_numbers_apart_from_its_links(client, plan_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.switchboard = "32 04 00 00"
    settings.save()
    html = client.get(plan_page("routine", "bekymret-for-noen-du-kjenner").url).content.decode()
    step = step_html(html, 3)
    box = step[step.index('class="step__contacts') : step.index("</aside>")]
    # Police and the helpline with their numbers; the municipal contact via the switchboard.
    assert tel_links(box) == ["tel:02800", "tel:116111", "tel:32040000", "tel:32040000"]
    assert "SLT-koordinator" in box and "be om å bli satt over" in box
    # The staff routine's step 7 links actors and contacts: the contacts only in the box.
    staff = client.get(plan_page("routine", "hva-gjor-du-ved-en-bekymring").url).content.decode()
    step = step_html(staff, 7)
    box = step[step.index('class="step__contacts') : step.index("</aside>")]
    links = step[step.index('class="step__links') :]
    assert "SLT-koordinator" in box and "SLT-koordinator</a>" not in links
    assert tel_links(box).count("tel:02800") == 1 and "tel:" not in links


def test_a_contact_linked_twice_from_a_step_shows_once(plan_page, rf):
    police, signs = plan_page("contact", "politiet-02800"), plan_page("checklist", "bekymringstegn")
    split = step_links(Context({"request": rf.get("/"), "number": 1}), [police, signs, police])
    assert split["contacts"] == [police] and split["others"] == [signs]
    group, group_contact = (
        plan_page("actor", "kompetansegruppe"),
        plan_page("contact", "kompetansegruppe"),
    )
    assert group.title == group_contact.title
    split = step_links(Context({"request": rf.get("/"), "number": 2}), [group, group_contact])
    assert split["contacts"] == [group_contact] and split["others"] == []


def test_the_theme_is_built_by_designsystemets_cli_from_the_brand_colour_in_the_repo(client):
    config = json.loads((django_settings.BASE_DIR / "designsystemet.config.json").read_text())
    accent = config["themes"]["veiviser"]["colors"]["main"]["accent"]
    theme = Path(finders.find("designsystemet-theme/veiviser.css")).read_text()
    assert f"--ds-color-accent-base-default: {accent};" in theme
    assert "/static/designsystemet-theme/veiviser.css" in client.get("/").content.decode()
