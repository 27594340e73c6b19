"""«Last ned PDF»: WeasyPrint on the server, cached per published revision."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from website.pdf import cache_key, render_document

pytestmark = pytest.mark.django_db


def test_checklist_and_routine_download_as_pdf_and_are_cached(client, plan_page):
    for page in (
        plan_page("checklist", "bekymringstegn"),
        plan_page("routine", "hva-gjor-du-ved-en-bekymring"),
    ):
        html = client.get(page.url).content.decode()
        assert f'href="/pdf/{page.pk}/"' in html
        response = client.get(f"/pdf/{page.pk}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert cache.get(cache_key(page)) == response.content


def test_a_checklist_prints_on_at_most_two_a4_pages(plan_page):
    request = RequestFactory().get("/")
    for key in ("bekymringstegn", "risiko-og-beskyttelsesfaktorer"):
        document = render_document(request, plan_page("checklist", key))
        assert len(document.pages) <= 2, (key, len(document.pages))


def test_only_routines_and_checklists_have_a_pdf(client, plan_page):
    assert client.get(f"/pdf/{plan_page('concept', 'utenforskap').pk}/").status_code == 404
    assert client.get("/pdf/999999/").status_code == 404
