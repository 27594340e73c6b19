"""The actors: every field is declared on the page class (kb.models); nothing particular."""

from kb.api.items import item_router

router = item_router("actor", label="Actors")
