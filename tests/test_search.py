"""The search service, its API and its page, on every engine (``search_engine`` runs each test
on PostgreSQL and on OpenSearch, and on Elasticsearch 8 when ELASTICSEARCH_URL is set)."""

import pytest
from django.core.management import call_command
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import service
from search.engines import distributed_engine
from search.models import MissedQuery, PendingChange, SearchDocument, Synonym
from search.query import SearchParams, plan_query
from search.reindex import rebuild_distributed
from tests.search.fixtures import refresh_engine

pytestmark = pytest.mark.django_db
API = "/api/v3/kb/search/"
ANSWERED_BY = {"database": "postgresql"}


def api(client, **params):
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(data) -> list[str]:
    return [item["title"] for item in data["items"]]


# The API contract ----------------------------------------------------------------------------
def test_search_answers_with_items_facets_and_the_engine(client, search_engine):
    data = api(client, q="SLT")
    assert data["engine"] == ANSWERED_BY.get(search_engine, search_engine)
    assert data["count"] >= 2
    assert set(data["items"][0]) == {"id", "type", "title", "url", "snippet", "step", "step_title"}
    assert data["items"][0]["title"].startswith("SLT")
    assert set(data["facets"]) == {"type", "section", "audience", "topic", "locale"}
    assert sum(data["facets"]["type"].values()) == data["count"]
    # Without a locale, the request's language (nb); the facet also counts the other languages.
    assert data["facets"]["locale"]["nb"] == data["count"]


def test_snippets_are_highlighted_and_escaped(client, search_engine):
    data = api(client, q="radikaliseringstunnelen")
    snippet = data["items"][0]["snippet"]
    assert "<mark>" in snippet
    without_marks = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks  # the content's own text is escaped


def test_filters_and_disjunctive_facets(client, search_engine):
    everything = api(client, q="radikalisering", limit=100)
    routines = api(client, q="radikalisering", type="routine", limit=100)
    assert {item["type"] for item in routines["items"]} == {"routine"}
    assert routines["count"] == everything["facets"]["type"]["routine"]
    # The type facet still shows the other types, counted without the type filter.
    assert routines["facets"]["type"] == everything["facets"]["type"]
    slt = api(client, q="", section="slt", limit=100)
    assert slt["count"] >= 2 and all(item["url"].startswith("/slt/") for item in slt["items"])
    residents = api(client, q="politiet", audience="innbyggere", topic="beredskap", limit=100)
    assert 0 < residents["count"] < api(client, q="politiet")["count"]


def test_paging(client, search_engine):
    first = api(client, q="radikalisering", limit=3)
    second = api(client, q="radikalisering", limit=3, offset=3)
    assert len(first["items"]) == len(second["items"]) == 3
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"q": "x", "type": "bogus"}, "type"),
        ({"q": "x", "section": "nowhere"}, "section"),
        ({"q": "x", "audience": "martians"}, "audience"),
        ({"q": "x", "topic": "cooking"}, "topic"),
        ({"q": "x", "locale": "de"}, "locale"),
        ({"q": "x", "limit": 0}, "limit"),
        ({"q": "x", "limit": 1000}, "limit"),
        ({"q": "x", "offset": -1}, "offset"),
        ({"q": "x", "offset": "many"}, "offset"),
        ({"q": "x" * 201}, "q"),
        ({"q": "x", "colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_refused_by_name(client, params, parameter):
    response = client.get(API, params)
    assert response.status_code in (400, 422)
    problem = response.json()
    # 400: ``parameter`` names it; 422: each error's location names it.
    named = [problem.get("parameter")] + [
        name for error in problem.get("errors", []) for name in error["loc"][1:]
    ]
    assert parameter in named, problem


def test_queries_that_are_only_punctuation_or_stop_words_do_not_fail(client, search_engine):
    for q in ["!!!", "hva er det", "§", '"unclosed', "a AND OR NOT (", "*"]:
        assert client.get(API, {"q": q}).status_code == 200, q


def test_openapi_lists_the_endpoints_with_schemas(client):
    document = client.get("/api/v3/openapi.json").json()
    operation = document["paths"]["/api/v3/kb/search/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "type", "section", "audience", "topic", "locale", "limit", "offset"} <= names
    assert "SearchResponse" in str(operation["responses"]["200"])
    assert "/api/v3/kb/search/autocomplete/" in document["paths"]


# Features ------------------------------------------------------------------------------------
def test_autocomplete_as_you_type(client, search_engine):
    for typed, expected in [("tun", "Radikaliseringstunnelen"), ("radik", "Radikalisering")]:
        response = client.get(API + "autocomplete/", {"q": typed})
        assert response.status_code == 200
        labels = [s["label"] for s in response.json()["suggestions"]]
        assert expected in labels, (typed, labels)


def test_did_you_mean_and_typos(client, search_engine, plan_page):
    data = api(client, q="radikalisring")
    assert data["items"][0]["id"] == plan_page("concept", "radikalisering").pk
    if data["count"] < 3:
        assert data["suggestion"] == "radikalisering"
    # Two letters off: the database engine finds nothing and searches the nearest word
    # instead, saying so; the distributed engine's typo matching finds it directly.
    corrected = api(client, q="hatkrimnalitetx")
    assert corrected["items"][0]["id"] == plan_page("concept", "hatkriminalitet").pk
    if search_engine == "database":
        assert corrected["corrected_from"] == "hatkrimnalitetx"
        assert corrected["suggestion"] == "hatkriminalitet"
    else:
        assert corrected["corrected_from"] is None


def test_only_words_the_content_lacks_are_taken_as_typos(search_engine):
    plan = plan_query("radikalisering radikalisring SLT")
    assert plan.unknown == ("radikalisring",)


def test_a_typo_is_marked_as_the_word_it_was_taken_for(client, search_engine, plan_page):
    data = api(client, q="radikalisring")
    first = data["items"][0]
    assert first["id"] == plan_page("concept", "radikalisering").pk
    assert "<mark>" in first["snippet"], first["snippet"]


def test_the_first_part_of_a_compound_finds_the_whole(client, search_engine, plan_page):
    # The content has only «friomsorgskontor», never «friomsorg» on its own.
    data = api(client, q="friomsorg")
    ids = [item["id"] for item in data["items"][:3]]
    assert plan_page("actor", "buskerud-friomsorgskontor").pk in ids


def test_letters_are_not_folded(client, search_engine):
    found = {item["id"] for item in api(client, q="år", limit=100)["items"]}
    folded = {item["id"] for item in api(client, q="ar", limit=100)["items"]}
    assert found and found != folded


def test_editors_picks_come_with_the_results(client, search_engine, plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    SearchPromotion.objects.create(
        query=Query.get("hjelp"), page=routine, description="Start her", sort_order=0
    )
    data = api(client, q="Hjelp")
    assert data["picks"][0]["id"] == routine.pk
    assert data["picks"][0]["description"] == "Start her"


def test_searches_without_results_are_reported_to_editors(client, search_engine, admin_user):
    api(client, q="zxqwv plutonium")
    api(client, q="ZXQWV plutonium")
    missed = MissedQuery.objects.get(query="zxqwv plutonium")
    assert missed.count == 2
    client.force_login(admin_user)
    response = client.get("/admin/snippets/kbsearch/missedquery/")
    assert response.status_code == 200 and "zxqwv plutonium" in response.content.decode()


def test_editors_synonyms_take_effect(
    client, fresh_index, plan_page, django_capture_on_commit_callbacks
):
    assert api(client, q="zorbulon")["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(terms="zorbulon, nødnummer")
    if distributed_engine() is not None:
        rebuild_distributed()  # what the task queued on commit does, here on this test's index
        refresh_engine()
    data = api(client, q="zorbulon")
    assert data["items"][0]["id"] == plan_page("contact", "politiet-112").pk


# The search page -----------------------------------------------------------------------------
def test_search_page_works_without_javascript(client, search_engine):
    response = client.get("/sok/", {"q": "bekymret for en elev"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hva gjør du ved en bekymring?" in html and "<mark>" in html
    assert 'href="?q=bekymret+for+en+elev&amp;type=routine"' in html  # a facet link
    filtered = client.get("/sok/", {"q": "bekymret for en elev", "type": "routine"})
    # Both routines (staff, residents) and nothing else.
    assert filtered.content.decode().count('class="search-result"') == 2


def test_search_page_explains_bad_input(client):
    response = client.get("/sok/", {"q": "x", "type": "bogus"})
    assert response.status_code == 400
    assert "bogus" in response.content.decode()


# Indexing ------------------------------------------------------------------------------------
def publish(page, django_capture_on_commit_callbacks, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    refresh_engine()


def found_ids(client, q: str) -> set[int]:
    return {item["id"] for item in api(client, q=q, limit=50)["items"]}


def test_publish_unpublish_move_and_delete_are_indexed(
    client, fresh_index, plan_page, django_capture_on_commit_callbacks
):
    concept = plan_page("concept", "fremmedkriger")
    publish(concept, django_capture_on_commit_callbacks, summary="Ordet kvasirotasjon er nytt.")
    assert concept.pk in found_ids(client, "kvasirotasjon")
    assert not PendingChange.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        concept.unpublish()
    refresh_engine()
    assert concept.pk not in found_ids(client, "kvasirotasjon")

    publish(concept, django_capture_on_commit_callbacks)
    target = plan_page("concept", "utenforskap").get_parent()
    resource_folder = plan_page("resource", "ran").get_parent()
    assert target != resource_folder
    with django_capture_on_commit_callbacks(execute=True):
        concept.move(resource_folder, pos="last-child")
    refresh_engine()
    hit = next(i for i in api(client, q="kvasirotasjon")["items"] if i["id"] == concept.pk)
    assert hit["url"].startswith(resource_folder.url)

    with django_capture_on_commit_callbacks(execute=True):
        concept.delete()
    refresh_engine()
    assert concept.pk not in found_ids(client, "kvasirotasjon")
    assert not SearchDocument.objects.filter(pk=concept.pk).exists()


def test_a_page_that_cannot_be_indexed_waits_without_blocking_the_outbox(
    plan_page, settings, monkeypatch
):
    from search import store, sync

    settings.VEIVISER_SEARCH = {"ENGINE": "database"}
    broken = plan_page("concept", "fremmedkriger")
    build = store.build_document

    def failing_build(page, *args):
        if page.pk == broken.pk:
            raise ValueError("a bug in building this document")
        return build(page, *args)

    monkeypatch.setattr(store, "build_document", failing_build)
    sync.record_changes([broken.pk])
    report = sync.sync_pending()  # does not raise
    row = PendingChange.objects.get(page_id=broken.pk)
    assert report.postponed == 1 and row.attempts == 1
    assert "a bug in building this document" in row.last_error
    assert row.next_attempt_at is not None  # retried later, not at every run

    other = plan_page("concept", "utenforskap")
    sync.record_changes([other.pk])
    assert sync.sync_pending().indexed == 1  # the next change still goes through
    assert not PendingChange.objects.filter(page_id=other.pk).exists()

    monkeypatch.setattr(store, "build_document", build)  # the bug is fixed
    PendingChange.objects.update(next_attempt_at=None)
    assert sync.sync_pending().indexed == 1
    assert not PendingChange.objects.exists()


def test_reindex_command_swaps_in_a_new_index(fresh_index, capsys):
    before = (
        set(distributed_engine().client.alias_targets(distributed_engine().alias))
        if (distributed_engine())
        else set()
    )
    call_command("search_reindex")
    out = capsys.readouterr().out
    assert "100%" in out and "Reindexed in" in out
    if distributed_engine() is not None:
        after = set(distributed_engine().client.alias_targets(distributed_engine().alias))
        assert after and not after & before
    result = service.search(SearchParams(q="SLT"), record=False)
    assert result.count >= 2
    call_command("search_reindex", verbosity=0)  # quiet, for cron
    assert capsys.readouterr().out == ""
