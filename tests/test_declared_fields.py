"""Fields declared once (kb.models.fields): every reader and writer follows the declarations."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kb.api.fields import item_fields, own_fields
from kb.models import KB_KINDS, PLURALS, ConceptPage, LegalProvisionPage, RoutinePage
from kb.models.fields import declared
from kb.richtext import html_to_text
from search.documents import body_of, own_place_fields


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(KB_KINDS))
def test_each_declared_read_field_is_in_the_api_item(client, kind):
    """The OpenAPI schema and a real answer carry every field the type declares as read."""
    model = KB_KINDS[kind]
    spec = client.get("/api/v3/openapi.json").json()
    detail_schema = spec["components"]["schemas"][f"{kind.capitalize()}Detail"]
    page = model.objects.live().public().first()
    item = client.get(f"/api/v3/kb/{PLURALS[kind]}/{page.pk}/").json()
    listed = client.get(f"/api/v3/kb/{PLURALS[kind]}/?limit=1").json()["items"][0]
    particular_names = {"steps", "sections", "chapters", "assessments"}
    for field in own_fields(model):
        if field.name in particular_names:  # shaped by the endpoint, under their own names
            continue
        assert field.key in detail_schema["properties"], field
        assert field.key in item, field
        assert (field.key in listed) == field.listed, field


def test_written_fields_are_wagtails_writable_api_fields():
    for model in KB_KINDS.values():
        writable = {f.name for f in model.api_fields if f.writable}
        assert writable == {f.name for f in declared(model, write=True)}
    # A computed value is read, never written.
    assert "citation" not in {f.name for f in LegalProvisionPage.api_fields}


def test_a_read_stream_field_without_its_shape_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match=r"RoutinePage\.steps"):
        item_fields(RoutinePage)
    with pytest.raises(ImproperlyConfigured, match="no read field"):
        item_fields(ConceptPage, {"nonsense": None})


@pytest.mark.django_db
def test_search_places_follow_the_declarations(plan_page):
    law = plan_page("law", "straffeloven-185")
    assert {"law", "paragraph", "summary", "title"} <= own_place_fields(LegalProvisionPage)
    body = body_of(law).splitlines()
    # The declared own places stay out of the body; the other searchable fields make it up.
    assert law.paragraph not in body and law.law not in body
    assert set(html_to_text(law.explanation).splitlines()) <= set(body)
