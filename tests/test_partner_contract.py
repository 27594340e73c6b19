"""The partner contract through HTTP: a valid OpenAPI document, removals as 410 tombstones,
the change log, HEAD, CORS, cache headers, the origin of absolute URLs and odd ids."""

import json
import re

import pytest
from openapi_spec_validator import validate
from wagtail.models import Locale, PageViewRestriction

from kb.api.serialize import PLURALS
from kb.models import ContentVersion

pytestmark = pytest.mark.django_db
KB = "/api/v3/kb/"


def changes(client, since: int = 0, **params) -> dict:
    response = client.get(KB + "changes/", {"since": since, **params})
    assert response.status_code == 200, response.content
    return response.json()


def latest_cursor(client) -> int:
    """The end of the change log: the cursor after its last page (the plan's load, with its
    translations, fills more than one page)."""
    page = changes(client, limit=1000)
    while page["next"]:
        page = changes(client, since=page["cursor"], limit=1000)
    return page["cursor"]


def test_the_openapi_document_is_valid_and_says_reads_are_anonymous(client):
    document = client.get("/api/v3/openapi.json").json()
    validate(document)  # raises on the first error
    assert "AllowAnonymous" not in document["components"]["securitySchemes"]
    detail = document["paths"]["/api/v3/kb/concepts/{item_id}/"]["get"]
    assert "security" not in detail  # no credentials needed
    assert "410" in detail["responses"]
    draft = document["paths"]["/api/v3/kb/concepts/{item_id}/draft/"]["get"]
    assert draft["security"] == [{"BearerTokenAuth": []}]


def test_an_unpublished_item_is_gone_with_its_tombstone(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    cursor = latest_cursor(client)
    concept.unpublish()
    response = client.get(KB + f"concepts/{concept.pk}/")
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:veiviser:item-removed"
    assert "avpublisert" in body["detail"]
    assert body["tombstone"] == {
        "id": concept.pk,
        "key": str(concept.translation_key),
        "type": "concept",
        "locale": "nb",
        "removed_at": body["tombstone"]["removed_at"],
        "reason": "unpublished",
        "successor": None,
    }
    logged = changes(client, cursor)["items"]
    assert [(c["event"], c["reason"]) for c in logged if c["id"] == concept.pk] == [
        ("removal", "unpublished")
    ]
    # The items that showed it (links, «Lenket fra») changed too.
    assert {c["reason"] for c in logged if c["id"] != concept.pk} == {"related"}
    # Published again: the item is back, and the log says so after the removal.
    concept.save_revision().publish()
    assert client.get(KB + f"concepts/{concept.pk}/").status_code == 200
    mine = [c["event"] for c in changes(client, cursor)["items"] if c["id"] == concept.pk]
    assert mine == ["removal", "upsert"]


def test_a_deleted_item_is_gone_and_a_wrong_type_stays_not_found(client, plan_page):
    law = plan_page("law", "straffeloven-185")
    law_id = law.pk
    law.delete()
    response = client.get(KB + f"laws/{law_id}/")
    assert response.status_code == 410
    assert response.json()["tombstone"]["reason"] == "deleted"
    assert client.get(KB + f"concepts/{law_id}/").status_code == 404


def test_tombstones_are_kept_for_the_configured_period(client, plan_page, settings):
    concept = plan_page("concept", "utenforskap")
    concept.unpublish()
    settings.VEIVISER_TOMBSTONE_DAYS = 0
    assert client.get(KB + f"concepts/{concept.pk}/").status_code == 404


def test_a_view_restriction_removes_and_moves_the_content_version(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    listed = client.get(KB + "concepts/", {"limit": 100}).json()["items"]
    assert concept.pk in [item["id"] for item in listed]
    version = ContentVersion.current()[0]
    restriction = PageViewRestriction.objects.create(
        page=concept, restriction_type=PageViewRestriction.LOGIN
    )
    assert ContentVersion.current()[0] > version
    listed = client.get(KB + "concepts/", {"limit": 100}).json()["items"]
    assert concept.pk not in [item["id"] for item in listed]
    gone = client.get(KB + f"concepts/{concept.pk}/")
    assert gone.status_code == 410
    assert gone.json()["tombstone"]["reason"] == "restricted"
    cursor = latest_cursor(client)
    restriction.delete()
    assert client.get(KB + f"concepts/{concept.pk}/").status_code == 200
    logged = changes(client, cursor)["items"]
    assert [(c["event"], c["reason"]) for c in logged if c["id"] == concept.pk] == [
        ("upsert", "unrestricted")
    ]


def test_the_change_log_pages_in_order_with_a_cursor(client):
    everything = changes(client, limit=1000)
    assert everything["items"], "loading the plan publishes every item"
    cursors = [c["cursor"] for c in everything["items"]]
    assert cursors == sorted(set(cursors))
    first = changes(client, limit=2)
    assert [c["cursor"] for c in first["items"]] == cursors[:2]
    assert first["next"].endswith(f"/api/v3/kb/changes/?since={first['cursor']}&limit=2")
    second = client.get(first["next"]).json()
    assert [c["cursor"] for c in second["items"]] == cursors[2:4]
    last = changes(client, cursors[-1])
    assert last == {"items": [], "cursor": cursors[-1], "next": None}
    for params in ({"since": -1}, {"since": 2**63}, {"limit": 0}, {"limit": 1001}, {"x": 1}):
        assert client.get(KB + "changes/", params).status_code in (400, 422), params


def test_huge_ids_are_a_404_on_every_type(client):
    for kind, plural in PLURALS.items():
        assert client.get(KB + f"{plural}/9223372036854775808/").status_code == 404, kind
        assert client.get(KB + f"{plural}/2147483648/").status_code == 404, kind
        assert client.get(KB + f"{plural}/0/").status_code == 404, kind
    assert client.get(KB + "breadcrumbs/9223372036854775808/").status_code == 404


def test_head_answers_like_get_without_a_body(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    for path in (KB + "concepts/", KB + f"concepts/{concept.pk}/", KB + "changes/"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == 200, path
        assert head.content == b""
        assert head["Content-Length"] == str(len(get.content))
        assert head["ETag"] == get["ETag"]
    assert client.head("/feeds/changes.atom").status_code == 200


def test_cors_lets_browsers_revalidate(client):
    preflight = client.options(
        KB + "concepts/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    allowed = preflight["Access-Control-Allow-Headers"]
    assert "if-none-match" in allowed and "if-modified-since" in allowed
    response = client.get(KB + "concepts/", HTTP_ORIGIN="https://partner.example")
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "last-modified", "link"} <= exposed
    feed = client.get("/feeds/changes.atom", HTTP_ORIGIN="https://partner.example")
    assert feed["Access-Control-Allow-Origin"] == "*"


def test_clients_revalidate_while_the_proxy_may_keep(client, plan_page, settings):
    settings.KB_API_MAX_AGE = 600
    concept = plan_page("concept", "utenforskap")
    response = client.get(KB + f"concepts/{concept.pk}/")
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=600"
    vary = {h.strip().lower() for h in response["Vary"].split(",")}
    assert {"authorization", "accept-language"} <= vary


def test_content_language_is_the_body_s_locale(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    response = client.get(KB + f"concepts/{concept.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["locale"] == "nb"
    assert response["Content-Language"] == "nb"
    listed = client.get(KB + "concepts/", {"locale": "nb"}, HTTP_ACCEPT_LANGUAGE="en")
    assert listed["Content-Language"] == "nb"
    every_locale = client.get(KB + "concepts/", HTTP_ACCEPT_LANGUAGE="en")
    assert every_locale["Content-Language"] == "en, nb, nn"  # the plan's concepts in three


def all_urls(value) -> list[str]:
    if isinstance(value, dict):
        return [u for v in value.values() for u in all_urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in all_urls(v)]
    return [value] if isinstance(value, str) and value.startswith("http") else []


def test_absolute_urls_name_the_host_and_port_the_request_came_to(client, plan_page, settings):
    settings.ALLOWED_HOSTS = ["*"]
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    for path in (f"routines/{routine.pk}/", "items/?limit=50", "changes/?limit=50"):
        body = client.get(KB + path, HTTP_HOST="127.0.0.1:8217").json()
        urls = all_urls(body)
        assert urls, path
        assert all(u.startswith("http://127.0.0.1:8217/") for u in urls), path
    feed = client.get("/feeds/changes.atom", HTTP_HOST="127.0.0.1:8217").content.decode()
    assert ":8000" not in feed and "http://127.0.0.1:8217/" in feed
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8217").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith("http://127.0.0.1:8217/") for loc in locations)


def test_a_configured_public_base_url_wins(client, plan_page, settings):
    settings.VEIVISER_PUBLIC_BASE_URL = "https://veiviser.example"
    concept = plan_page("concept", "utenforskap")
    body = client.get(KB + f"concepts/{concept.pk}/").json()
    urls = all_urls(body)
    assert urls and all(u.startswith("https://veiviser.example/") for u in urls)
    feed = client.get("/feeds/changes.atom").content.decode()
    assert "https://veiviser.example/" in feed and "http://testserver" not in feed


def test_a_translation_reports_its_own_locale(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    translation = concept.get_translation(Locale.objects.get(language_code="nn"))  # PO files
    response = client.get(KB + f"concepts/{translation.pk}/")
    assert response.status_code == 200
    assert response["Content-Language"] == "nn"
    assert json.loads(response.content)["locale"] == "nn"


@pytest.mark.parametrize("q", ["!!!", "§§ ??", "🙂🙂", "東京 検索", "\u200b"])
def test_a_query_with_nothing_searchable_finds_nothing(client, q):
    response = client.get(KB + "search/", {"q": q})
    assert response.status_code == 200
    assert response.json()["count"] == 0 and response.json()["items"] == []
    everything = client.get(KB + "search/").json()["count"]
    assert everything > 0  # an empty q still browses everything, by design


def test_a_permalink_follows_the_item_and_then_shows_its_tombstone(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    body = client.get(KB + f"concepts/{concept.pk}/").json()
    assert body["permalink"] == f"http://testserver/k/{concept.translation_key}/nb/"
    assert client.get(body["permalink"]).url == body["url"]
    concept.move(plan_page("law", "straffeloven-185").get_parent(), pos="last-child")
    concept.refresh_from_db()
    moved = client.get(f"/k/{concept.translation_key}/")
    assert moved.status_code == 302
    assert moved.url == "http://testserver" + concept.get_url_parts()[2] != body["url"]
    concept.unpublish()
    gone = client.get(body["permalink"])
    assert gone.status_code == 410 and gone.json()["tombstone"]["reason"] == "unpublished"
    assert client.get("/k/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_page_shows_its_permalink_for_partners_to_copy(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    body = client.get(KB + f"concepts/{concept.pk}/").json()
    html = client.get(body["url"]).content.decode()
    assert "Lenke til denne siden" in html
    assert f'href="{body["permalink"]}"' in html
    assert client.get(body["permalink"]).url == body["url"]
