"""The knowledge-base API through the HTTP client: every endpoint, filter and error."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from kb.api.serialize import PLURALS
from kb.models import KB_KINDS, ContentVersion

pytestmark = pytest.mark.django_db
KB = "/api/v3/kb/"


def get(client, path, **params):
    response = client.get(path if path.startswith("/") else KB + path, params)
    return response


@pytest.mark.parametrize("kind", list(KB_KINDS))
def test_every_type_lists_and_details(client, kind):
    listing = get(client, f"{PLURALS[kind]}/", limit=100)
    assert listing.status_code == 200
    body = listing.json()
    assert body["count"] == KB_KINDS[kind].objects.live().count() == len(body["items"])
    first = body["items"][0]
    assert first["type"] == kind
    assert uuid.UUID(str(first["key"]))
    detail = client.get(first["api_url"])
    assert detail.status_code == 200
    item = detail.json()
    assert item["id"] == first["id"] and item["url"].endswith(f"/{item['slug']}/")
    assert {"linked_from", "translations", "links", "topics", "audiences"} <= set(item)
    # The public URL is the page a reader sees.
    assert client.get(item["url"]).status_code == 200


def test_rich_text_comes_as_html_and_plain_text(client, plan_page):
    law = plan_page("law", "straffeloven-185")
    item = get(client, f"laws/{law.pk}/").json()
    assert "<li>" in item["quoted_text"]["html"]
    assert "<" not in item["quoted_text"]["text"]
    assert "hudfarge eller nasjonale eller etniske opprinnelse" in item["quoted_text"]["text"]
    assert item["citation"] == "Straffeloven § 185" and item["section_number"] == "§ 185"


def test_routine_steps_are_expanded_with_their_links(client, plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    steps = get(client, f"routines/{routine.pk}/").json()["steps"]
    assert [step["number"] for step in steps] == list(range(1, 10))
    assert steps[5]["routes"] == ["innbyggere"]
    types = {link["type"] for step in steps for link in step["links"]}
    assert {"checklist", "actor", "contact"} <= types
    phones = {link["phone"] for step in steps for link in step["links"] if link["phone"]}
    assert {"112", "02800", "116 111"} <= phones


def test_checklist_columns_and_measure_fields(client, plan_page):
    factors = plan_page("checklist", "risiko-og-beskyttelsesfaktorer")
    domains = get(client, f"checklists/{factors.pk}/").json()["domains"]
    assert domains[0]["title"] == "Personlige faktorer"
    assert "Reflektert ungdom" in domains[0]["protective_factors"]
    measure = plan_page("measure", "etablering-av-strategisk-gruppe")
    item = get(client, f"measures/{measure.pk}/").json()
    assert (item["goal"], item["responsible"], item["status"]) == (
        "Bekymringer skal få en rask vurdering og håndtering",
        "SLT",
        "ongoing",
    )
    assert any(link["type"] == "actor" for link in item["links"])


def test_a_client_can_follow_links_between_all_types(client):
    seen, queue = (
        set(),
        [item["api_url"] for item in get(client, "items/", limit=100).json()["items"]],
    )
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        item = response.json()
        queue += [link["api_url"] for link in item["links"] + item["linked_from"]]
    assert len(seen) == sum(model.objects.live().count() for model in KB_KINDS.values())


def test_relations_show_in_both_directions(client, plan_page):
    tunnel = plan_page("concept", "radikaliseringstunnelen")
    item = get(client, f"concepts/{tunnel.pk}/").json()
    assert "Radikalisering" in {link["title"] for link in item["linked_from"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "concept", "locale": "nb"}, 10),
        ({"type": "concept"}, 30),  # the glossary is also in Nynorsk and English
        ({"type": "contact", "area": "slt", "locale": "nb"}, 2),
        ({"area": "skoler"}, 0),
        # «section» is the deprecated name of «area», accepted for one more release.
        ({"type": "contact", "section": "slt", "locale": "nb"}, 2),
        ({"type": "contact", "area": "slt", "section": "slt", "locale": "nb"}, 2),
        ({"topic": "lovverk", "type": "law"}, 2),
        # The core journey: 1 routine, 2 checklists, 10 concepts, 7 contacts.
        ({"locale": "en"}, 20),
        ({"updated_since": "2999-01-01T00:00:00Z"}, 0),
        # An offset PostgreSQL does not accept (found by schemathesis): compared in UTC.
        (
            {
                "type": "concept",
                "locale": "nb",
                "updated_since": "1293-07-31T00:55:47.379194+17:22",
            },
            10,
        ),
    ],
)
def test_filters(client, params, expected):
    assert get(client, "items/", limit=100, **params).json()["count"] == expected


def test_audience_filter(client):
    items = get(client, "contacts/", audience="innbyggere", limit=100).json()["items"]
    titles = {item["title"] for item in items}
    assert "Alarmtelefonen for barn og unge" in titles
    assert "SLT-koordinator" not in titles
    assert all("innbyggere" in {a["key"] for a in item["audiences"]} for item in items)


def test_ordering_and_paging(client):
    titles = [i["title"] for i in get(client, "concepts/", ordering="-title").json()["items"]]
    assert titles == sorted(titles, key=str, reverse=True)
    page_one = get(client, "concepts/", locale="nb", limit=3, offset=0).json()
    page_two = get(client, "concepts/", locale="nb", limit=3, offset=3).json()
    assert page_one["count"] == page_two["count"] == 10
    assert not {i["id"] for i in page_one["items"]} & {i["id"] for i in page_two["items"]}


def test_find_by_stable_key(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    items = get(client, "items/", key=str(concept.translation_key)).json()["items"]
    assert sorted(item["locale"] for item in items) == ["en", "nb", "nn"]
    assert [item["id"] for item in items if item["locale"] == "nb"] == [concept.pk]


@pytest.mark.parametrize(
    ("path", "params", "status", "names"),
    [
        ("concepts/", {"colour": "red"}, 400, "colour"),
        ("items/", {"type": "recipe"}, 422, "type"),
        ("items/", {"area": "atlantis"}, 400, "area"),
        ("items/", {"area": "Not A Slug"}, 422, "area"),
        ("items/", {"section": "atlantis"}, 400, "area"),
        ("items/", {"section": "Not A Slug"}, 422, "section"),
        ("items/", {"area": "slt", "section": "skoler"}, 400, "area"),
        ("items/", {"audience": "aliens"}, 400, "audience"),
        ("items/", {"topic": "cooking"}, 400, "topic"),
        ("items/", {"locale": "xx"}, 422, "locale"),
        ("items/", {"ordering": "colour"}, 422, "ordering"),
        ("items/", {"key": "not-a-uuid"}, 422, "key"),
        ("items/", {"limit": 1000}, 400, "limit"),
        ("items/", {"limit": 0}, 422, "limit"),
        ("items/", {"offset": -1}, 422, "offset"),
        ("laws/", {"offset": 25530657104356646912}, 422, "offset"),  # found by schemathesis
        ("items/", {"updated_since": "yesterday"}, 422, "updated_since"),
        ("items/", {"updated_since": "0001-01-01T00:00:00+01:00"}, 400, "updated_since"),
        ("concepts/abc/", {}, 422, "item_id"),
        ("concepts/99999999/", {}, 404, "99999999"),
        ("glossary/", {"locale": "xx"}, 422, "locale"),
        ("navigation/", {"depth": 9}, 422, "depth"),
        ("breadcrumbs/99999999/", {}, 404, "99999999"),
    ],
)
def test_bad_input_names_the_parameter(client, path, params, status, names):
    response = get(client, path, **params)
    assert response.status_code == status
    assert names in response.content.decode()


def test_a_page_of_another_type_is_not_found(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    assert get(client, f"laws/{concept.pk}/").status_code == 404


def test_conditional_requests_and_cache_headers(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    first = get(client, f"concepts/{concept.pk}/")
    assert first["Cache-Control"].startswith("public")
    assert (
        client.get(KB + f"concepts/{concept.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
    assert (
        client.get(
            KB + f"concepts/{concept.pk}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        ).status_code
        == 304
    )
    assert (
        client.get(KB + f"concepts/{concept.pk}/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    )


def test_a_publish_is_seen_at_once(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    before = get(client, f"concepts/{concept.pk}/")
    version = ContentVersion.current()[0]
    concept.title = "Utenforskap (revidert)"
    concept.save_revision().publish()
    assert ContentVersion.current()[0] > version
    after = get(client, f"concepts/{concept.pk}/")
    assert after.json()["title"] == "Utenforskap (revidert)"
    assert after["ETag"] != before["ETag"]
    assert (
        client.get(KB + f"concepts/{concept.pk}/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code
        == 200
    )
    concept.unpublish()
    assert get(client, f"concepts/{concept.pk}/").status_code == 410


def test_cors_for_reads(client):
    response = client.get(KB + "concepts/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        KB + "concepts/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "DELETE" not in preflight["Access-Control-Allow-Methods"]


def test_list_queries_do_not_grow_with_the_page_size(client):
    get(client, "concepts/", limit=1)  # warms per-process caches (content types)
    counts = []
    for limit in (2, 10):
        with CaptureQueriesContext(connection) as queries:
            assert get(client, "concepts/", limit=limit).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # Across types: one query more per type on the page, never one per item.
    with CaptureQueriesContext(connection) as queries:
        assert len(get(client, "items/", locale="nb", limit=100).json()["items"]) == 51
    assert len(queries) <= counts[0] + len(KB_KINDS) + 2


def test_translations_are_listed(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    nynorsk = Locale.objects.get(language_code="nn")
    translation = concept.get_translation(nynorsk)  # loaded from kb/content/translations/
    item = get(client, f"concepts/{concept.pk}/").json()
    assert item["translations"]["nn"]["id"] == translation.pk
    listed = get(client, "concepts/", locale="nn", limit=100).json()["items"]
    assert ("Utanforskap", "nn") in [(i["title"], i["locale"]) for i in listed]


def test_vocabularies_list_the_values_filters_accept(client):
    vocabularies = get(client, "vocabularies/").json()
    assert vocabularies["types"][0] == "concept" and "plan" in vocabularies["types"]
    assert {"nb", "nn", "en"} <= set(vocabularies["locales"])
    assert {"kunnskapsbase", "skoler", "slt"} <= {s["key"] for s in vocabularies["areas"]}
    assert vocabularies["sections"] == vocabularies["areas"]  # deprecated name, one release
    assert {"ansatte", "innbyggere"} <= {a["key"] for a in vocabularies["audiences"]}
    for topic in vocabularies["topics"]:
        assert get(client, "items/", topic=topic["key"]).status_code == 200


def test_glossary_navigation_and_breadcrumbs(client, plan_page):
    glossary = get(client, "glossary/").json()
    assert glossary["count"] == 10
    letters = [letter["letter"] for letter in glossary["letters"]]
    assert letters == sorted(letters)
    names = {
        n
        for letter in glossary["letters"]
        for e in letter["entries"]
        for n in e["alternative_names"]
    }
    assert "hatefulle ytringer" in {n.casefold() for n in names}
    navigation = get(client, "navigation/").json()["items"]
    shared = next(item for item in navigation if item["title"] == "Kunnskapsbase")
    assert "Rutiner" in {child["title"] for child in shared["children"]}
    concept = plan_page("concept", "utenforskap")
    crumbs = get(client, f"breadcrumbs/{concept.pk}/").json()["items"]
    assert [c["title"] for c in crumbs] == ["Veiviser", "Kunnskapsbase", "Begreper", "Utenforskap"]


def test_draft_preview_needs_a_token_with_edit_rights(
    client, plan_page, admin_user, api_token, django_user_model
):
    concept = plan_page("concept", "fremmedkriger")
    concept.title = "Fremmedkriger (utkast)"
    concept.save_revision(user=admin_user)  # saved, not published
    path = KB + f"concepts/{concept.pk}/draft/"
    assert client.get(path).status_code == 401
    reader = django_user_model.objects.create_user("reader", password="pw-for-tests")
    reader.groups.add(Group.objects.get_or_create(name="Lesere")[0])
    assert client.get(path, HTTP_AUTHORIZATION=api_token(reader)).status_code == 403
    draft = client.get(path, HTTP_AUTHORIZATION=api_token(admin_user))
    assert draft.status_code == 200 and draft["Cache-Control"] == "private, no-store"
    assert draft.json()["title"] == "Fremmedkriger (utkast)"
    assert get(client, f"concepts/{concept.pk}/").json()["title"] == "Fremmedkriger"


def test_openapi_lists_every_kb_endpoint_with_schemas(client):
    spec = client.get("/api/v3/openapi.json").json()
    for plural in PLURALS.values():
        for suffix in ("", "{item_id}/", "{item_id}/draft/"):
            operation = spec["paths"][f"{KB}{plural}/{suffix}"]["get"]
            assert "$ref" in str(operation["responses"]["200"])
    assert client.get("/api/v3/docs/").status_code == 200


def test_stock_page_api_lists_the_plan(client):
    response = client.get("/api/v3/pages/", {"limit": 100})
    assert response.json()["count"] == Page.objects.live().filter(depth__gt=1).count()


def test_review_date_is_exposed(client, plan_page):
    concept = plan_page("concept", "utenforskap")
    item = get(client, f"concepts/{concept.pk}/").json()
    assert datetime.date.fromisoformat(item["review_by"]) > datetime.date.today()


def test_an_item_names_its_area_and_the_deprecated_section_alike(client, plan_page):
    contact = plan_page("contact", "slt-koordinator")
    item = get(client, f"contacts/{contact.pk}/").json()
    assert item["area"] == item["section"] == "slt"
    listed = get(client, "contacts/", area="slt", limit=100).json()["items"]
    assert {entry["area"] for entry in listed} == {"slt"} == {e["section"] for e in listed}
    schema = client.get("/api/v3/openapi.json").json()["components"]["schemas"]["ItemSummary"]
    assert schema["properties"]["section"].get("deprecated") is True
