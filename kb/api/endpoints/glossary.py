"""The glossary: concepts A–Z with their other names, for partners' term lists. An entry
holds what a concept's declared fields list (kb.models.ConceptPage.kb_fields)."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import create_model

from kb.api.cache import json_response
from kb.api.fields import item_fields
from kb.api.items import PUBLIC
from kb.api.params import LocaleCode, reject_unknown
from kb.api.schemas import get_route
from kb.api.serialize import Context
from kb.models import ConceptPage

router = Router(tags=["Glossary"])


CONCEPT = item_fields(ConceptPage)
GlossaryEntry = create_model(
    "GlossaryEntry",
    __base__=Schema,
    id=(int, ...),
    title=(str, ...),
    **CONCEPT.typed(CONCEPT.listed),
    url=(str | None, ...),
    api_url=(str | None, ...),
)


class GlossaryLetter(Schema):
    letter: str
    entries: list[GlossaryEntry]


class Glossary(Schema):
    locale: str
    count: int
    letters: list[GlossaryLetter]


class GlossaryParams(Schema):
    locale: LocaleCode = Field("nb", description="Locale code.")


@get_route(
    router,
    "/",
    Glossary,
    auth=PUBLIC,
    summary="Concepts A–Z",
    operation_id="kb_glossary",
)
@json_response(Glossary)
def glossary(request: HttpRequest, params: GlossaryParams = Query(...)):  # noqa: B008
    reject_unknown(request, GlossaryParams.model_fields)
    ctx = Context(request)
    concepts = sorted(
        ConceptPage.objects.live().public().filter(locale__language_code=params.locale),
        key=lambda page: page.title.casefold(),
    )
    letters: dict[str, list[dict]] = {}
    for page in concepts:
        letters.setdefault(page.title[:1].upper(), []).append(
            {
                "id": page.pk,
                "title": page.title,
                **CONCEPT.summary(page),
                "url": ctx.public_url(page),
                "api_url": ctx.api_url("concept", page.pk),
            }
        )
    return {
        "locale": params.locale,
        "count": len(concepts),
        "letters": [{"letter": k, "entries": v} for k, v in letters.items()],
    }
