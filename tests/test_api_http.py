"""One plumbing for every public read (kb/api/http.py): problem documents with Norwegian
messages and stable codes, conditional requests on search and the feed, and ``Link`` headers
on paged answers."""

import pytest

pytestmark = pytest.mark.django_db
KB = "/api/v3/kb/"
FEED = "/feeds/changes.atom"


@pytest.mark.parametrize(
    ("path", "params", "status", "code", "words"),
    [
        ("concepts/", {"colour": "red"}, 400, "unknown-parameter", "Ukjent parameter «colour»"),
        ("items/", {"topic": "cooking"}, 400, "unknown-value", "Ukjent verdi «cooking»"),
        ("items/", {"limit": 1000}, 400, "limit-too-high", "limit kan ikke være høyere enn"),
        ("items/", {"limit": 0}, 422, "invalid-parameter", "parameteren «limit»"),
        (
            "items/",
            {"updated_since": "0001-01-01T00:00:00+01:00"},
            400,
            "invalid-time",
            "updated_since",
        ),
        ("concepts/99999999/", {}, 404, "not-found", "Ingen publisert concept har id 99999999"),
        ("concepts/abc/", {}, 422, "invalid-parameter", "«item_id»"),
        ("changes/", {"since": -1}, 422, "invalid-parameter", "«since»"),
        ("search/", {"colour": "red"}, 400, "unknown-parameter", "Ukjent parameter «colour»"),
        ("search/", {"topic": "cooking"}, 400, "unknown-value", "Ukjent verdi «cooking»"),
        ("search/", {"limit": 0}, 422, "invalid-parameter", "«limit»"),
        ("search/autocomplete/", {}, 422, "invalid-parameter", "«q»"),
        ("concepts/1/draft/", {}, 401, "authentication-required", "API-token"),
    ],
)
def test_every_kb_error_is_a_norwegian_problem_with_a_code(
    client, path, params, status, code, words
):
    response = client.get(KB + path, params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["type"] == f"urn:veiviser:{code}"
    assert body["status"] == status
    assert words in body["detail"]
    assert "about:blank" not in response.content.decode()
    if status == 400 and path != "concepts/99999999/":
        assert body["parameter"] in words or body["parameter"] in params


def test_a_nul_byte_is_a_problem_with_a_code(client):
    response = client.get(KB + "search/", {"topic": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid-character"
    assert "NUL-tegn" in response.json()["detail"]


def test_wagtail_s_own_routes_keep_their_problems(client):
    response = client.get("/api/v3/pages/99999999/")
    assert response.status_code == 404
    assert "code" not in response.json()


def test_the_feed_s_bad_filter_is_a_problem_document(client):
    response = client.get(FEED + "?type=banana")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid-feed-filter"
    assert "Ukjent verdi «banana» for parameteren type" in body["detail"]


@pytest.mark.parametrize(
    "path", [KB + "search/?q=radikalisering", KB + "search/autocomplete/?q=ra", FEED]
)
def test_search_and_the_feed_answer_conditional_requests(client, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first["Cache-Control"].startswith("public, max-age=0, must-revalidate")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_lists_and_the_change_log_link_to_their_next_page(client):
    first = client.get(KB + "concepts/", {"limit": 3, "ordering": "id"})
    assert first["Link"] == (
        '<http://testserver/api/v3/kb/concepts/?limit=3&ordering=id&offset=3>; rel="next"'
    )
    count = first.json()["count"]
    last = client.get(KB + "concepts/", {"limit": 3, "offset": count - 1})
    assert len(last.json()["items"]) == 1 and "Link" not in last
    changes = client.get(KB + "changes/", {"limit": 2})
    assert changes["Link"] == f'<{changes.json()["next"]}>; rel="next"'
    search = client.get(KB + "search/", {"limit": 2})
    assert 'offset=2>; rel="next"' in search["Link"]
