"""Every page type renders, through the real URL routing and templates."""

import pytest
from wagtail.models import Page

from kb.models import KB_PAGE_TYPES
from website.models import FolderPage, HomePage, SectionPage, SharedAreaPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [*KB_PAGE_TYPES, HomePage, SharedAreaPage, SectionPage, FolderPage],
    ids=lambda model: model.__name__,
)
def test_every_page_type_renders(client, model):
    page = model.objects.live().first()
    assert page is not None, f"the loaded plan has no {model.__name__}"
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_every_live_page_renders(client):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    statuses = {page.url: client.get(page.url).status_code for page in pages}
    assert statuses and set(statuses.values()) == {200}, statuses


def test_routine_shows_one_route_when_asked(client, plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    all_steps = client.get(routine.url).content.decode()
    residents = client.get(routine.url + "?for=innbyggere").content.decode()
    staff = client.get(routine.url + "?for=ansatte").content.decode()
    assert all_steps.count("data-step=") == 9
    assert staff.count("data-step=") == 8
    # A contact linked from a step can be called from the step.
    assert 'href="tel:116111"' in residents and 'href="tel:02800"' in residents
    # Residents: step 6 (innbygger), then 7-9 (police).
    assert [f'data-step="{n}"' in residents for n in range(1, 10)] == [
        False,
        False,
        False,
        False,
        False,
        True,
        True,
        True,
        True,
    ]


def test_admin_and_api_answer(client, admin_user):
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    response = client.get("/api/v3/pages/", {"limit": 100})
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert {"Hva gjør du ved en bekymring?", "Radikaliseringstunnelen"} <= titles
    assert client.get("/sitemap.xml").status_code == 200


def test_the_readmes_demo_login_opens_the_admin(client, settings):
    from django.core.management import call_command

    settings.DEV_MODE = True
    call_command("create_demo_users", verbosity=0)
    response = client.post(
        "/admin/login/", {"username": "admin", "password": "veiviser-admin"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.is_superuser
    assert response.redirect_chain[-1][0] == "/admin/"
