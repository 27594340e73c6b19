"""A partner's view: generate a Python client from the served OpenAPI document with a real
generator (openapi-python-client, as a subprocess), then drive every KB operation through it
over WSGI, parsing each answer into the generated models."""

import importlib
import inspect
import subprocess
import sys
import typing
from pathlib import Path

import httpx
import pytest
from django.test import Client as DjangoClient

from website.wsgi import application

pytestmark = pytest.mark.django_db
PACKAGE = "veiviser_partner_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
NO_META = ("--meta", "none")  # the package alone, no pyproject


@pytest.fixture(scope="session")
def generated(tmp_path_factory, django_db_setup, django_db_blocker):
    """The client package, generated once per test run from the document as served."""
    with django_db_blocker.unblock():
        document = DjangoClient(HTTP_HOST="localhost").get("/api/v3/openapi.json")
    assert document.status_code == 200
    folder = tmp_path_factory.mktemp("client")
    (folder / "openapi.json").write_bytes(document.content)
    result = subprocess.run(  # noqa: S603  (the pinned generator, our own document)
        [GENERATOR, "generate", "--path", "openapi.json", "--output-path", PACKAGE, *NO_META],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "will not be generated" not in result.stdout + result.stderr, result.stdout
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))


def operation(package, tag: str, name: str):
    return importlib.import_module(f"{package.__name__}.api.{tag}.{name}")


@pytest.fixture
def anonymous(generated, wsgi_keeps_connection):
    transport = httpx.WSGITransport(app=application)
    return generated.Client(base_url="http://localhost", httpx_args={"transport": transport})


@pytest.fixture
def with_token(generated, wsgi_keeps_connection, admin_user, api_token):
    token = api_token(admin_user).removeprefix("Bearer ")
    transport = httpx.WSGITransport(app=application)
    return generated.AuthenticatedClient(
        base_url="http://localhost", token=token, httpx_args={"transport": transport}
    )


def call(module, client, **kwargs):
    response = module.sync_detailed(client=client, **kwargs)
    assert response.status_code == 200, (module.__name__, response.content[:500])
    assert response.parsed is not None, module.__name__
    return response.parsed


TYPES = {
    "concepts": "concept",
    "laws": "law",
    "resources": "resource",
    "routines": "routine",
    "checklists": "checklist",
    "measures": "measure",
    "actors": "actor",
    "threat_pictures": "threat",
    "contacts": "contact",
    "plans": "plan",
}


def test_public_reads_need_no_token(generated):
    def accepted(name: str) -> set:
        signature = inspect.signature(operation(generated, "concepts", name).sync_detailed)
        annotation = signature.parameters["client"].annotation
        return set(typing.get_args(annotation)) or {annotation}

    assert generated.Client in accepted("kb_concept_list")
    assert generated.Client in accepted("kb_concept_detail")
    assert accepted("kb_concept_draft") == {generated.AuthenticatedClient}


def test_every_kb_operation_through_the_generated_client(generated, anonymous, with_token):
    for tag, kind in TYPES.items():
        listed = call(operation(generated, tag, f"kb_{kind}_list"), anonymous, limit=5)
        assert listed.count >= 1 and listed.items, tag
        item_id = listed.items[0].id
        detail = call(operation(generated, tag, f"kb_{kind}_detail"), anonymous, item_id=item_id)
        assert detail.id == item_id and detail.type_ == kind
        draft = call(operation(generated, tag, f"kb_{kind}_draft"), with_token, item_id=item_id)
        assert draft.id == item_id
    items = call(operation(generated, "items", "kb_items_list"), anonymous, limit=3)
    assert len(items.items) == 3
    changes = call(operation(generated, "changes", "kb_changes_list"), anonymous, limit=3)
    assert len(changes.items) == 3 and changes.next_
    assert call(operation(generated, "glossary", "kb_glossary"), anonymous).count >= 1
    assert call(operation(generated, "vocabularies", "kb_vocabularies"), anonymous)
    assert call(operation(generated, "navigation", "kb_navigation"), anonymous)
    crumbs = operation(generated, "navigation", "kb_breadcrumbs")
    assert call(crumbs, anonymous, page_id=items.items[0].id)
    found = call(operation(generated, "kb_search", "search_api_search"), anonymous, q="bekymring")
    assert found.count >= 1
    typed = call(operation(generated, "kb_search", "search_api_autocomplete"), anonymous, q="rad")
    assert typed.q == "rad"


def test_a_removed_item_parses_as_its_tombstone(generated, anonymous, plan_page):
    concept = plan_page("concept", "utenforskap")
    concept.unpublish()
    module = operation(generated, "concepts", "kb_concept_detail")
    response = module.sync_detailed(client=anonymous, item_id=concept.pk)
    assert response.status_code == 410
    assert response.parsed.tombstone.reason.value == "unpublished"
    assert str(response.parsed.tombstone.key) == str(concept.translation_key)


def test_a_write_through_the_generated_client(generated, anonymous, with_token, plan_page):
    concept = plan_page("concept", "utenforskap")
    models = importlib.import_module(f"{generated.__name__}.models")
    update = operation(generated, "pages", "pages_update")
    body = models.ConceptPagePatchSchema(title="Utenforskap 2")
    response = update.sync_detailed(client=with_token, page_id=concept.pk, body=body)
    assert response.status_code == 200, response.content
    publish = operation(generated, "pages", "pages_actions_publish")
    assert publish.sync_detailed(client=with_token, page_id=concept.pk).status_code == 200
    detail = operation(generated, "concepts", "kb_concept_detail")
    assert call(detail, anonymous, item_id=concept.pk).title == "Utenforskap 2"
