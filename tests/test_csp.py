"""Content-Security-Policy: readers' pages under the strict policy (scripts from this site or
with the request's nonce, never 'unsafe-inline'), the admin under its own."""

import re

import pytest

from kb.models import KB_PAGE_TYPES
from website.models import FolderPage, HomePage, SectionPage, SharedAreaPage

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_public_policy(response) -> dict[str, list[str]]:
    policy = directives(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["script-src"][0] == "'self'"
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    return policy


@pytest.mark.parametrize(
    "model",
    [*KB_PAGE_TYPES, HomePage, SharedAreaPage, SectionPage, FolderPage],
    ids=lambda model: model.__name__,
)
def test_every_page_type_sends_the_public_policy(client, model):
    page = model.objects.live().first()
    response = client.get(page.url)
    assert response.status_code == 200
    assert_public_policy(response)


@pytest.mark.parametrize(
    "url",
    [
        "/sok/",
        "/feeds/changes.atom",
        "/sitemap.xml",
        "/api/v3/docs/",
        "/api/v3/openapi.json",
        "/api/v3/kb/items/",
    ],
)
def test_search_feed_api_and_docs_send_the_public_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_public_policy(response)


def test_the_inline_script_on_the_search_page_carries_the_nonce_in_the_header(client):
    response = client.get("/sok/", {"q": "radikalisering"})
    nonces = re.findall(r'<script nonce="([^"]+)">', response.content.decode())
    assert nonces, "the search page's inline script has no nonce"
    assert f"'nonce-{nonces[0]}'" in directives(response)["script-src"]
    # Every inline script has it; none runs without.
    assert "<script>" not in response.content.decode()
    # A new nonce for every response.
    again = client.get("/sok/", {"q": "radikalisering"})
    assert directives(again)["script-src"] != directives(response)["script-src"]


def test_the_admin_editor_loads_under_the_admin_policy(client, admin_user, plan_page):
    client.force_login(admin_user)
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    for url in ("/admin/", f"/admin/pages/{routine.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        # Wagtail's admin needs inline scripts and styles; no nonce, which would void them.
        assert "'unsafe-inline'" in policy["script-src"], url
        assert not any(value.startswith("'nonce-") for value in policy["script-src"]), url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]
