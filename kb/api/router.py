"""The knowledge-base API, mounted on Wagtail's API v3 at /api/v3/kb/ (one API, one token
system, one OpenAPI document)."""

from ninja import Router

from kb.api.endpoints import (
    actors,
    changes,
    checklists,
    concepts,
    contacts,
    glossary,
    items,
    laws,
    measures,
    navigation,
    plans,
    resources,
    routines,
    threats,
    vocabularies,
)
from kb.api.serialize import PLURALS

router = Router()
router.add_router("items/", items.router)
for kind, module in {
    "concept": concepts,
    "law": laws,
    "resource": resources,
    "routine": routines,
    "checklist": checklists,
    "measure": measures,
    "actor": actors,
    "threat": threats,
    "contact": contacts,
    "plan": plans,
}.items():
    router.add_router(f"{PLURALS[kind]}/", module.router)
router.add_router("changes/", changes.router)
router.add_router("glossary/", glossary.router)
router.add_router("vocabularies/", vocabularies.router)
router.add_router("", navigation.router)
