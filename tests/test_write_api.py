"""Writing every KB type through Wagtail's API v3 (POST and PATCH /api/v3/pages/): every
content field is stored, and bad input is a 422 that names the field and says why."""

import datetime

import pytest
from wagtail.models import Locale, Page

from kb.models import KB_KINDS, ContactPage, PriorityArea, Topic
from website.models import HomePage, SectionPage
from website.structure import FOLDERS

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


@pytest.fixture
def headers(admin_user, api_token):
    return {"HTTP_AUTHORIZATION": api_token(admin_user), "content_type": "application/json"}


@pytest.fixture
def linkable():
    return ContactPage.objects.live().first()


def parent_of(kind: str) -> Page:
    # The Bokmål tree's (the plan is translated into Nynorsk and English too).
    if kind == "plan":
        return HomePage.objects.get(locale=Locale.get_default())
    return Page.objects.get(slug=FOLDERS[kind].slug, locale=Locale.get_default())


def rich(text: str) -> str:
    return f"<p>{text}</p>"


def fields_of(kind: str, link: Page) -> dict:
    """A valid value for every content field particular to ``kind``."""
    return {
        "concept": {
            "short_definition": "Kort definisjon.",
            "explanation": rich("Forklaring."),
            "alternative_names": "annet navn",
            "acronyms": "FKT",
        },
        "law": {
            "law": "Straffeloven",
            "paragraph": "§ 999",
            "quoted_text": rich("Lovtekst."),
            "explanation": rich("Klarspråk."),
            "source_url": "https://lovdata.no/lov/1",
            "in_force": False,
            "note": "Merknad.",
        },
        "resource": {
            "external_url": "https://example.org/veileder",
            "publisher": "Utgiver",
            "kind": "guide",
            "year": 2024,
            "description": rich("Beskrivelse."),
            "language": "nn",
        },
        "routine": {
            "intro": rich("Innledning."),
            "steps": [
                {
                    "type": "step",
                    "value": {
                        "title": "Meld fra",
                        "routes": ["ansatte", "innbyggere"],
                        "actor": "Den som er bekymret",
                        "body": rich("Ring lederen."),
                        "links": [link.pk],
                    },
                }
            ],
        },
        "checklist": {
            "intro": rich("Innledning."),
            "sections": [
                {"type": "category", "value": {"title": "Atferd", "items": ["Trekker seg unna"]}},
                {
                    "type": "factor_domain",
                    "value": {"title": "Familie", "risk_factors": ["Konflikt"]},
                },
            ],
        },
        "measure": {
            "priority_area_id": PriorityArea.objects.first().pk,
            "goal": "Målet.",
            "responsible": "SLT",
            "status": "planned",
            "last_evaluated": "2025-01-31",
        },
        "actor": {"kind": "service", "role": rich("Rollen."), "how_to_reach": rich("Ring.")},
        "threat": {
            "year": 2025,
            "source": "PST",
            "source_url": "https://pst.no/",
            "regional_assessment": rich("Regionalt."),
            "assessments": [
                {"type": "assessment", "value": {"heading": "Ekstremisme", "text": rich("Lav.")}}
            ],
        },
        "contact": {
            "phone": "32 04 00 00",
            "website_url": "https://example.org/",
            "kind": "municipal",
            "available": "Hverdager 8–16",
            "description": "Kommunens sentralbord.",
            "placeholder": False,
        },
        "plan": {
            "municipality": "Drammen",
            "adopted_on": "2020-06-16",
            "adopted_by": "Bystyret",
            "revision_cycle_months": 24,
            "chapters": [
                {
                    "type": "chapter",
                    "value": {"heading": "Innledning", "body": rich("Tekst."), "references": []},
                }
            ],
        },
    }[kind]


def create_body(kind: str, link: Page) -> dict:
    model = KB_KINDS[kind]
    return {
        "meta": {"type": model._meta.label, "parent_id": parent_of(kind).pk},
        "title": f"Ny {kind} fra API",
        "slug": f"ny-{kind}-fra-api",
        "summary": "Sammendrag skrevet gjennom API-et.",
        "review_by": "2027-06-30",
        "topics": [Topic.objects.first().pk],
        "audiences": [],
        "related_links": [{"target_id": link.pk}],
        **fields_of(kind, link),
    }


def reloaded(page):
    return type(page).objects.get(pk=page.pk)


def stored(page, name: str):
    value = getattr(page, name)
    return getattr(value, "source", value)


@pytest.mark.parametrize("kind", list(KB_KINDS))
def test_post_creates_every_field(client, headers, linkable, kind):
    body = create_body(kind, linkable)
    response = client.post(PAGES, body, **headers)
    assert response.status_code == 201, response.content
    page = KB_KINDS[kind].objects.get(pk=response.json()["id"])
    assert page.summary == body["summary"]
    assert page.review_by == datetime.date(2027, 6, 30)
    assert [t.pk for t in page.topics.all()] == body["topics"]
    assert [link.target_id for link in page.related_links.all()] == [linkable.pk]
    for name, value in fields_of(kind, linkable).items():
        actual = stored(page, name)
        if isinstance(actual, datetime.date):
            actual = actual.isoformat()
        if hasattr(actual, "raw_data"):  # StreamField: as many blocks, of the same types
            assert [b["type"] for b in actual.raw_data] == [b["type"] for b in value], name
        elif isinstance(value, str) and value.startswith("<p>"):
            assert value[3:-4] in actual, name  # rich text keeps its words
        else:
            assert actual == value, name


def test_routine_steps_keep_their_values(client, headers, linkable):
    response = client.post(PAGES, create_body("routine", linkable), **headers)
    step = KB_KINDS["routine"].objects.get(pk=response.json()["id"]).steps[0].value
    assert step["title"] == "Meld fra"
    assert list(step["routes"]) == ["ansatte", "innbyggere"]
    assert [page.pk for page in step["links"]] == [linkable.pk]


@pytest.mark.parametrize("kind", list(KB_KINDS))
def test_patch_changes_content_fields(client, headers, plan_page, kind):
    page = KB_KINDS[kind].objects.live().first()
    body = {"meta": {"type": page._meta.label}, "summary": "Endret gjennom API-et."}
    response = client.patch(f"{PAGES}{page.pk}/", body, **headers)
    assert response.status_code == 200, response.content
    draft = reloaded(page).get_latest_revision_as_object()
    assert draft.summary == "Endret gjennom API-et."
    assert draft.title == page.title  # what the request left out is kept


def test_patch_replaces_a_stream_field(client, headers, linkable):
    routine = KB_KINDS["routine"].objects.live().first()
    steps = fields_of("routine", linkable)["steps"] * 2
    body = {"meta": {"type": "kb.RoutinePage"}, "steps": steps}
    assert client.patch(f"{PAGES}{routine.pk}/", body, **headers).status_code == 200
    assert len(reloaded(routine).get_latest_revision_as_object().steps) == 2


def problem(response, field: str) -> dict:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    errors = [e for e in response.json()["errors"] if field in [str(p) for p in e["loc"]]]
    assert errors, response.json()
    return errors[0]


def patch(client, headers, page, **fields):
    body = {"meta": {"type": page._meta.label}, **fields}  # fields may replace meta
    return client.patch(f"{PAGES}{page.pk}/", body, **headers)


@pytest.fixture
def concept():
    return KB_KINDS["concept"].objects.live().first()


def test_unknown_field_is_named(client, headers, concept):
    error = problem(patch(client, headers, concept, colour="blå"), "colour")
    assert error["type"] == "unknown_field"
    assert "Ukjent felt «colour»" in error["msg"]
    assert reloaded(concept).latest_revision_id == concept.latest_revision_id  # nothing saved


def test_read_only_field_is_named(client, headers, concept):
    error = problem(
        patch(client, headers, concept, last_published_at="2020-01-01"), "last_published_at"
    )
    assert error["type"] == "read_only_field"
    assert "kan bare leses" in error["msg"]


@pytest.mark.parametrize(
    ("field", "value"), [("review_by", "not-a-date"), ("go_live_at", "2026-13-01")]
)
def test_bad_date_names_the_field_in_norwegian(client, headers, concept, field, value):
    error = problem(patch(client, headers, concept, **{field: value}), field)
    assert "dato" in error["msg"]


def test_bad_number_and_choice(client, headers):
    threat = KB_KINDS["threat"].objects.live().first()
    assert "heltall" in problem(patch(client, headers, threat, year="i fjor"), "year")["msg"]
    resource = KB_KINDS["resource"].objects.live().first()
    error = problem(patch(client, headers, resource, kind="roman"), "kind")
    assert "roman" in error["msg"]  # the admin's own choice validation, in Norwegian


@pytest.mark.parametrize("action", ["publish", None])
def test_routine_without_steps_is_refused(client, headers, linkable, action):
    body = create_body("routine", linkable)
    del body["steps"]
    if action:
        body["meta"]["action"] = action
    assert "steps" in problem(client.post(PAGES, body, **headers), "steps")["loc"]
    assert not KB_KINDS["routine"].objects.filter(slug=body["slug"]).exists()


def test_resource_without_link_is_refused(client, headers, linkable):
    body = create_body("resource", linkable)
    del body["external_url"]
    problem(client.post(PAGES, body, **headers), "external_url")


def test_block_error_says_which_block_and_why(client, headers, linkable):
    routine = KB_KINDS["routine"].objects.live().first()
    steps = fields_of("routine", linkable)["steps"]
    steps[0]["value"]["title"] = ""
    meta = {"type": "kb.RoutinePage", "action": "publish"}
    error = problem(patch(client, headers, routine, steps=steps, meta=meta), "steps")
    assert "1 › title" in error["msg"]


def test_unknown_key_inside_a_block_is_named(client, headers, linkable):
    routine = KB_KINDS["routine"].objects.live().first()
    steps = fields_of("routine", linkable)["steps"]
    steps[0]["value"]["colour"] = "blå"
    error = problem(patch(client, headers, routine, steps=steps), "colour")
    assert error["loc"] == ["body", "steps", 0, "value", "colour"]


def test_model_clean_runs(client, headers, concept):
    error = problem(
        patch(client, headers, concept, alternative_names=concept.title), "alternative_names"
    )
    assert "samme som begrepet" in error["msg"]


def test_without_a_token_it_is_401_not_422(client, concept):
    body = {"meta": {"type": "kb.ConceptPage"}, "colour": "blå"}
    response = client.patch(f"{PAGES}{concept.pk}/", body, content_type="application/json")
    assert response.status_code == 401


def test_api_refuses_a_wrong_parent(client, headers, linkable):
    body = create_body("concept", linkable)
    body["meta"]["parent_id"] = SectionPage.objects.first().pk  # concepts live in their folder
    assert client.post(PAGES, body, **headers).status_code == 403
    assert not KB_KINDS["concept"].objects.filter(slug=body["slug"]).exists()
