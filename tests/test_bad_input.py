"""Bad input from outside is a 4xx with a clear message, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/?search=%00",
        "/api/v3/pages/?search=a%00b",
        "/api/v3/pages/?slug=%00",
        "/api/v3/kb/search/?q=%00",
        "/sok/?q=%00",
    ],
)
def test_a_nul_byte_is_a_400_with_a_reason(client, url):
    response = client.get(url)
    assert response.status_code == 400, response.content
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 400
    assert "NUL-tegn" in response.content.decode()


def test_the_path_too(client):
    assert client.get("/kunnskapsbase/%00/").status_code == 400


@pytest.mark.parametrize(
    "tamper",
    [
        {"steps-count": "abc"},
        {"steps-count": "3"},  # more blocks than were sent
        {"steps-0-value-links-count": "99999"},
        {"steps-count": None},  # the counter left out (e.g. the stream sent as JSON instead)
    ],
)
def test_a_tampered_admin_post_is_a_400_and_saves_nothing(client, role_user, tamper):
    from kb.models import RoutinePage
    from website.roles import area_pages

    from .test_editorial_workflow import routine_form

    client.force_login(role_user("editors:skoler"))
    url, data = routine_form(client, area_pages()["skoler"])
    data = data.dict()
    for key, value in tamper.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    response = client.post(url, data)
    assert response.status_code == 400
    assert not RoutinePage.objects.filter(slug="lokal-rutine").exists()


def test_the_same_post_untampered_is_saved(client, role_user):
    from kb.models import RoutinePage
    from website.roles import area_pages

    from .test_editorial_workflow import routine_form

    client.force_login(role_user("editors:skoler"))
    url, data = routine_form(client, area_pages()["skoler"])
    assert client.post(url, data.dict()).status_code == 302
    assert RoutinePage.objects.filter(slug="lokal-rutine").exists()
