"""The served OpenAPI document against its snapshot (docs/openapi.json): a change that breaks
partners' code fails here unless it is recorded in docs/api-changelog.md.

Breaking: an operation, a parameter, a response property or an enum value that disappears,
or a parameter that becomes required. Additions are not breaking. After a deliberate change,
record the breaking ones in the changelog and refresh the snapshot with
``UPDATE_API_SNAPSHOT=1 pytest tests/test_api_compatibility.py``."""

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parent.parent / "docs"
SNAPSHOT = DOCS / "openapi.json"
CHANGELOG = DOCS / "api-changelog.md"
METHODS = ("get", "put", "post", "patch", "delete")


def surface(document: dict) -> set[str]:
    """Every promise a client may rely on, one line each."""
    promises: set[str] = set()
    for path, item in document["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            promises.add(f"operation {method.upper()} {path}")
            for parameter in operation.get("parameters", ()):
                where = f"{method.upper()} {path} {parameter['in']} {parameter['name']}"
                promises.add(f"parameter {where}")
                if not parameter.get("required"):
                    promises.add(f"optional parameter {where}")
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        for prop in schema.get("properties", {}):
            promises.add(f"property {name}.{prop}")
        for value in schema.get("enum", ()):
            promises.add(f"enum {name} {value}")
    return promises


def test_no_unrecorded_breaking_change(client):
    served = client.get("/api/v3/openapi.json").json()
    if os.environ.get("UPDATE_API_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(served, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    broken = surface(json.loads(SNAPSHOT.read_text(encoding="utf-8"))) - surface(served)
    recorded = CHANGELOG.read_text(encoding="utf-8")
    unrecorded = sorted(promise for promise in broken if f"`{promise}`" not in recorded)
    assert not unrecorded, (
        "Breaking API changes not recorded in docs/api-changelog.md (add each line in "
        "backticks, then UPDATE_API_SNAPSHOT=1 to refresh docs/openapi.json):\n"
        + "\n".join(unrecorded)
    )


def test_the_check_sees_a_removed_operation_and_property():
    document = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    before = surface(document)
    del document["paths"]["/api/v3/kb/concepts/"]
    document["components"]["schemas"]["ItemSummary"]["properties"].pop("title")
    lost = before - surface(document)
    assert "operation GET /api/v3/kb/concepts/" in lost
    assert "property ItemSummary.title" in lost
