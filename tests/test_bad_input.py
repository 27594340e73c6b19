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


# Search syntax on Wagtail's own page endpoint: quotes, brackets and operators are text.
SEARCHES = ['"', 'a"b', '"radikalisering', '"""', "(", "AND", "NOT", "*", "-", "a:b", "^"]


@pytest.mark.parametrize("search", SEARCHES)
def test_search_syntax_on_wagtails_page_endpoint_is_no_500_on_postgresql(client, search):
    response = client.get("/api/v3/pages/", {"search": search})
    assert response.status_code == 200, response.content
    assert "count" in response.json()


def test_a_quoted_search_still_finds_pages(client):
    found = client.get("/api/v3/pages/", {"search": '"radikalisering"'}).json()
    assert found["count"] > 0


SQLITE_CHECK = """
import json, logging
logging.disable(logging.CRITICAL)
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
print(json.dumps({s: client.get("/api/v3/pages/", {"search": s}).status_code for s in %r}))
"""


def test_search_syntax_on_wagtails_page_endpoint_is_no_500_on_sqlite(tmp_path):
    """``make run``'s embedded database: its own process, migrated from nothing."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "VEIVISER_DEV": "1"}
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=600)  # noqa: S603
    done = subprocess.run(  # noqa: S603
        [*manage, "shell", "-c", SQLITE_CHECK % SEARCHES],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    statuses = json.loads(done.stdout.strip().splitlines()[-1])
    assert statuses == dict.fromkeys(SEARCHES, 200)


def test_a_user_id_that_is_no_user_id_is_a_400_on_wagtails_revisions(
    client, admin_user, api_token, plan_page
):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    url = f"/api/v3/pages/{routine.pk}/revisions/"
    headers = {"HTTP_AUTHORIZATION": api_token(admin_user)}
    response = client.get(url, {"user_id": "RoutinePage"}, **headers)
    assert response.status_code == 400
    assert "user_id" in response.json()["detail"]
    assert client.get(url, {"user_id": admin_user.pk}, **headers).status_code == 200
