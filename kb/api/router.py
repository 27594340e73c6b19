"""The knowledge-base API, mounted on Wagtail's API v3 at /api/v3/kb/ (one API, one token
system, one OpenAPI document)."""

from importlib import import_module

from ninja import Router

from kb.api.endpoints import changes, glossary, items, navigation, vocabularies
from kb.models import PLURALS

router = Router()
router.add_router("items/", items.router)
# Each kind's endpoints live in the module named by its API path (kb/api/endpoints/<plural>.py).
for plural in PLURALS.values():
    router.add_router(f"{plural}/", import_module(f"kb.api.endpoints.{plural}").router)
router.add_router("changes/", changes.router)
router.add_router("glossary/", glossary.router)
router.add_router("vocabularies/", vocabularies.router)
router.add_router("", navigation.router)
