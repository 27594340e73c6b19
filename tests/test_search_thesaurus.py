"""The managed thesaurus: concepts with names in nb, nn and en that find each other in both
engines, kept as snippets with revisions and approval, published as SKOS for partners."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import WorkflowState

from search.engines import distributed_engine
from search.models import ThesaurusConcept
from search.reindex import rebuild_distributed
from search.thesaurus import initial_concepts
from tests.search.fixtures import refresh_engine

pytestmark = pytest.mark.django_db
SEARCH = "/api/v3/kb/search/"
SKOS = "/api/v3/kb/thesaurus/"


def first_ids(client, q: str, n: int = 3) -> list[int]:
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"][:n]]


def test_the_thesaurus_starts_with_the_plans_concepts_published():
    keys = set(ThesaurusConcept.objects.filter(live=True).values_list("key", flat=True))
    assert keys == {item["key"] for item in initial_concepts()}
    pst = ThesaurusConcept.objects.get(key="pst")
    assert pst.acronyms == "PST" and pst.pref_label_en == "Police Security Service"
    tunnel = ThesaurusConcept.objects.get(key="radikaliseringstunnelen")
    assert tunnel.broader.key == "radikalisering"


@pytest.mark.parametrize(
    ("q", "kind", "key"),
    [
        ("hate speech", "concept", "hatytringer"),  # en label: the nb concept page
        ("teieplikt", "concept", "informasjonsdeling-og-taushetsplikt"),  # nn label
        ("Police Security Service", "actor", "pst"),  # en label of an acronym's concept
    ],
)
def test_a_concepts_names_find_each_other_in_both_engines(
    client, search_engine, plan_page, q, kind, key
):
    assert plan_page(kind, key).pk in first_ids(client, q)


def test_a_concept_reaches_search_only_once_published(
    client, fresh_index, plan_page, admin_user, django_capture_on_commit_callbacks
):
    target = plan_page("contact", "alarmtelefonen").pk
    assert target not in first_ids(client, "zorbulonline")
    concept = ThesaurusConcept(
        key="zorbulon", pref_label_nb="Alarmtelefonen", pref_label_en="zorbulonline", live=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        concept.save()
        concept.save_revision(user=admin_user)
    assert target not in first_ids(client, "zorbulonline"), "a draft changed search"
    with django_capture_on_commit_callbacks(execute=True):
        concept.get_latest_revision().publish(user=admin_user)
    if distributed_engine() is not None:
        rebuild_distributed()  # what the task queued on commit does, here on this test's index
        refresh_engine()
    assert target in first_ids(client, "zorbulonline")


def test_changes_to_the_thesaurus_go_through_the_approval_workflow(admin_user):
    concept = ThesaurusConcept.objects.get(key="pst")
    workflow = concept.get_workflow()
    assert workflow is not None, "bootstrap_roles assigns the approval workflow"
    concept.pref_label_en = "Norwegian Police Security Service"
    revision = concept.save_revision(user=admin_user)
    state = workflow.start(concept, admin_user)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    concept.refresh_from_db()
    assert concept.pref_label_en == "Police Security Service", "live until approved"
    assert revision.content["pref_label_en"] == "Norwegian Police Security Service"


def test_a_concept_cannot_be_its_own_broader_concept():
    top = ThesaurusConcept.objects.get(key="voldelig-ekstremisme")
    top.broader = ThesaurusConcept.objects.get(key="nettekstremisme")
    with pytest.raises(ValidationError):
        top.clean()


def test_the_thesaurus_is_published_as_skos_json_ld(client):
    ThesaurusConcept.objects.create(key="utkast", pref_label_nb="utkast", live=False)
    response = client.get(SKOS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = response.json()
    assert data["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    nodes = {node["@id"]: node for node in data["@graph"]}
    scheme = next(node for node in nodes.values() if node["@type"] == "skos:ConceptScheme")
    base = scheme["@id"]
    assert base == "http://testserver/api/v3/kb/thesaurus/"
    assert f"{base}#utkast" not in nodes, "drafts are not published"
    hate = nodes[f"{base}#hatefulle-ytringer"]
    assert hate["prefLabel"] == {
        "nb": "hatefulle ytringer",
        "nn": "hatefulle ytringar",
        "en": "hate speech",
    }
    assert hate["broader"] == f"{base}#hatkriminalitet"
    assert f"{base}#hatefulle-ytringer" in nodes[f"{base}#hatkriminalitet"]["narrower"]
    assert nodes[f"{base}#pst"]["hiddenLabel"] == ["PST"]
    assert f"{base}#hatkriminalitet" in scheme["hasTopConcept"]
    assert f"{base}#hatefulle-ytringer" not in scheme["hasTopConcept"]


def test_the_skos_endpoint_refuses_unknown_parameters(client):
    response = client.get(SKOS, {"format": "turtle"})
    assert response.status_code == 400
    assert "format" in response.json()["detail"]
