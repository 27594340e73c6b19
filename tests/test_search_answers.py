"""What a worried person types gets an answer (issue 15), on every engine: numbers for "who
do I call", an area by its name, a resource by its web address, a routine's step for a
step's question, and corrections that never hide an answer."""

import pytest

from search import service
from search.corrections import checked_suggestion, is_near
from search.query import SearchParams, plan_query
from tests.search.relevance import judged_queries

pytestmark = pytest.mark.django_db
API = "/api/v3/kb/search/"


def top(client, q: str, limit: int = 5) -> list[dict]:
    response = client.get(API, {"q": q, "limit": limit})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_who_do_i_call_has_a_number_in_its_top_3(client, search_engine, plan_page):
    numbers = {plan_page("contact", key).pk for key in ("politiet-112", "politiet-02800")}
    assert numbers & {item["id"] for item in top(client, "hvem ringer jeg")[:3]}
    assert top(client, "02800")[0]["id"] == plan_page("contact", "politiet-02800").pk


def test_an_area_is_found_by_its_name(client, search_engine):
    assert top(client, "politikontakt")[0]["url"].startswith("/politikontakt/")


def test_a_resource_is_found_by_its_host_name(client, search_engine, plan_page):
    resource = plan_page("resource", "radikalisering-no")
    assert "radikalisering.no" in resource.external_url
    assert top(client, "radikalisering.no")[0]["id"] == resource.pk


@pytest.mark.parametrize(
    ("q", "step"),
    [
        ("hvordan melder jeg til strategisk gruppe", 4),
        ("oppfølgingssamtale", 2),
        ("melde til PST", 9),
    ],
)
def test_a_steps_question_links_to_the_step(client, search_engine, plan_page, q, step):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    first = top(client, q)[0]
    assert first["id"] == routine.pk
    assert first["step"] == step and first["url"].endswith(f"#steg-{step}")
    assert first["step_title"] == routine.steps[step - 1].value["title"]


def test_the_routines_own_subject_links_to_the_page(client, search_engine, plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    for q in ("bekymring", "hva gjør du ved en bekymring"):
        first = top(client, q)[0]
        assert first["id"] == routine.pk and first["step"] is None and "#" not in first["url"]


def test_the_routine_page_has_the_steps_anchors(client, plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    html = client.get(routine.url).content.decode()
    assert all(f'id="steg-{n}"' in html for n in range(1, len(routine.steps) + 1))


def test_a_query_with_results_is_never_rewritten(search_engine):
    """Every judged query and the words people reported: either the typed query's own
    results are shown, or it found nothing at all and a near word's are (and it says so)."""
    queries = [j.q for j in judged_queries()] + ["bekymringsmelding", "hvem ringer jeg"]
    for q in queries:
        params = SearchParams(q=q, limit=5)
        result = service.search(params, record=False)
        if result.corrected_from:
            assert service._ask("search", params, plan_query(q)).count == 0, q
            assert result.corrected_from == q and result.suggestion
    for q in ("bekymringsmelding", "politikontakt", "hvem ringer jeg"):
        result = service.search(SearchParams(q=q), record=False)
        assert result.count and result.corrected_from is None, q


def test_a_typo_is_matched_or_corrected_and_says_so(client, search_engine):
    """The distributed engine matches a typo by edit distance; the database engine finds
    nothing for it, so it shows the near word's results and says so."""
    data = client.get(API, {"q": "ekstremsime"}).json()
    assert data["count"] > 0 and "ekstremisme" in data["items"][0]["title"].lower()
    if search_engine == "database":
        assert data["corrected_from"] == "ekstremsime" and data["suggestion"] == "ekstremisme"


def test_only_near_corrections_of_unknown_words():
    assert is_near("ekstremsime", "ekstremisme")
    assert is_near("radikalisring", "radikalisering")
    assert is_near("friomsorg", "friomsorgskontor")  # the head of a compound
    assert not is_near("bekymringsmelding", "bekymringen")
    assert not is_near("ringer", "ring")  # cut short
    assert not is_near("politikontakt", "politi")
    assert not is_near("pst", "pet")  # too short to guess


def test_a_suggestion_never_changes_a_known_word(db):
    plan = plan_query("hvem ringer jeg")
    # «hvem» is a question word: the engine's term suggester proposed «hver».
    assert checked_suggestion(plan, "hver ring jeg") is None
    plan = plan_query("radikalisring i skolen")
    assert checked_suggestion(plan, "radikalisering i skole") == "radikalisering i skolen"


def test_a_checklist_categorys_question_links_to_the_category(client, search_engine, plan_page):
    checklist = plan_page("checklist", "bekymringstegn")
    first = top(client, "konspirasjonsteorier")[0]
    assert first["id"] == checklist.pk and first["url"].endswith("#kategori-1")
    assert first["step_title"] == checklist.sections[0].value["title"]
    html = client.get(checklist.url).content.decode()
    assert 'id="kategori-1"' in html
    # A question about the whole checklist links to the page.
    whole = [i for i in top(client, "tegn på radikalisering") if i["id"] == checklist.pk]
    assert whole and whole[0]["step"] is None


def test_the_search_page_shows_the_step_under_its_page(client):
    html = client.get("/sok/", {"q": "melde til PST"}).content.decode()
    assert "#steg-9" in html and "Svaret står under «Melding til PST»" in html
