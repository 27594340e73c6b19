"""examples/mirror.py against the application: mirror, then edit, retitle a linked item,
unpublish, delete, move, restrict and translate; after a re-sync the mirror equals what the
live API answers, item for item."""

import importlib.util
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from wagtail.models import Locale, PageViewRestriction

from kb.models import MeasurePage, ResourcePage

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mirror.py"
BASE = "http://testserver"


def load_example():
    spec = importlib.util.spec_from_file_location("mirror_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def getter(client):
    def get(url: str) -> tuple[int, dict]:
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == BASE, url
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        return response.status_code, response.json()

    return get


def live(client) -> dict[str, dict]:
    """Every public item as the API answers it now."""
    everything, offset = {}, 0
    while True:
        page = client.get("/api/v3/kb/items/", {"limit": 100, "offset": offset}).json()
        for item in page["items"]:
            everything[f"{item['type']}:{item['id']}"] = client.get(item["api_url"]).json()
        offset += 100
        if offset >= page["count"]:
            return everything


def test_the_example_mirror_stays_equal_to_the_live_api(client, plan_page):
    mirror = load_example()
    get = getter(client)
    state = mirror.sync(BASE, {}, get)
    assert state["items"] == live(client)

    edited = plan_page("concept", "radikalisering")
    edited.summary = "Endret sammendrag."
    edited.save_revision().publish()
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    linked = routine.related_links.first().target.specific
    linked.title = f"{linked.title} (nytt navn)"
    linked.save_revision().publish()
    plan_page("law", "straffeloven-185").unpublish()
    plan_page("concept", "hatytringer").delete()
    moved = plan_page("concept", "utenforskap")
    moved.move(plan_page("law", "straffeloven-1902-135").get_parent(), pos="last-child")
    restricted = ResourcePage.objects.live().order_by("pk").first()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    nynorsk = Locale.objects.get(language_code="nn")
    # Measures are not in the PO files: this one gets its first translation.
    untranslated = MeasurePage.objects.live().filter(locale=Locale.get_default()).first()
    assert not untranslated.get_translations().filter(locale=nynorsk).exists()
    untranslated.copy_for_translation(nynorsk, copy_parents=True).save_revision().publish()

    before = dict(state["items"])
    state = mirror.sync(BASE, state, get)
    now = live(client)
    assert state["items"] == now
    assert state["items"] != before
    assert f"law:{plan_page('law', 'straffeloven-1902-135').pk}" in now
    assert f"resource:{restricted.pk}" not in now
