"""``GET /api/v3/kb/search/``, ``/api/v3/kb/search/autocomplete/`` and the thesaurus as SKOS,
``/api/v3/kb/thesaurus/``, on Wagtail's API v3.

Registered by ``search.apps`` on Wagtail's NinjaAPI instance, so that there is one API and
one OpenAPI document. Unknown parameters and values are refused with 422 and a message
naming the parameter (400 for unknown parameters and values, 422 for malformed ones)."""

from typing import Literal

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from kb.api.cache import json_response
from kb.api.http import ApiProblem
from kb.api.schemas import documented
from kb.areas import area_paths
from kb.models import KB_KINDS, Audience, Topic
from search import service
from search.query import MAX_QUERY_LENGTH, SearchParams, SearchResult, plan_query
from search.thesaurus import skos_document

router = Router(tags=["kb search"])

Kind = Literal[tuple(KB_KINDS)]  # ty: ignore[invalid-type-form]
Locale = Literal[tuple(code for code, _name in settings.LANGUAGES)]  # ty: ignore[invalid-type-form]
MAX_LIMIT = 100
MAX_OFFSET = 10_000


class SearchQuery(Schema):
    q: str = Field("", max_length=MAX_QUERY_LENGTH, description="Søketekst (tom: bla i alt).")
    type: list[Kind] = Field(default_factory=list, description="Innholdstype(r).")
    section: list[str] = Field(default_factory=list, description="Seksjon(er), ved slug.")
    audience: list[str] = Field(default_factory=list, description="Målgruppe(r), ved nøkkel.")
    topic: list[str] = Field(default_factory=list, description="Tema(er), ved nøkkel.")
    locale: list[Locale] = Field(default_factory=list, description="Språk.")
    limit: int = Field(10, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class AutocompleteQuery(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH)
    locale: Locale | None = None
    limit: int = Field(8, ge=1, le=20)


class SearchItem(Schema):
    id: int
    type: Kind
    title: str
    url: str = Field(description="The page, or the step that answers (…#steg-4).")
    snippet: str = Field(description="HTML: escaped text with the matches in <mark>.")
    step: int | None = Field(None, description="The routine step that answers, if one does.")
    step_title: str | None = Field(None, description="That step's title.")


class Facets(Schema):
    type: dict[str, int]
    section: dict[str, int]
    audience: dict[str, int]
    topic: dict[str, int]
    locale: dict[str, int]


class PickItem(Schema):
    id: int | None = None
    type: Kind | None = None
    title: str
    url: str
    description: str


class SearchResponse(Schema):
    count: int
    items: list[SearchItem]
    facets: Facets
    engine: str = Field(
        description="The engine that answered: postgresql, sqlite, opensearch…; none when "
        "the query has no searchable word (only symbols, emoji or an unindexed script)."
    )
    suggestion: str | None = Field(None, description="«Mente du …?»")
    corrected_from: str | None = Field(
        None, description="Set when the items are for the suggestion, not the query as typed."
    )
    picks: list[PickItem] = Field(description="Editors' picks for this query.")


class Suggestion(Schema):
    label: str
    id: int
    type: Kind
    url: str


class AutocompleteResponse(Schema):
    q: str
    suggestions: list[Suggestion]


def _refuse(code: str, parameter: str, message: str):
    """A well-formed request with an unknown parameter or value: 400, naming the parameter."""
    raise ApiProblem(400, code, message, parameter=parameter)


ERRORS = (400, 422)  # problem details, as everywhere in Wagtail's API v3


def _check_known_parameters(request: HttpRequest, schema: type[Schema]) -> None:
    unknown = sorted(set(request.GET) - set(schema.model_fields))
    if unknown:
        _refuse(
            "unknown-parameter",
            unknown[0],
            _("Ukjent parameter «%(name)s». Tillatte parametere: %(allowed)s.")
            % {"name": unknown[0], "allowed": ", ".join(schema.model_fields)},
        )


def _check_values(parameter: str, chosen: list[str], known: set[str]) -> None:
    wrong = [value for value in chosen if value not in known]
    if wrong:
        _refuse(
            "unknown-value",
            parameter,
            _("Ukjent verdi «%(value)s» for parameteren %(name)s. Gyldige verdier: %(known)s.")
            % {"value": wrong[0], "name": parameter, "known": ", ".join(sorted(known))},
        )


def params_from(query: SearchQuery) -> SearchParams:
    _check_values("section", query.section, set(area_paths().values()))
    _check_values("audience", query.audience, set(Audience.objects.values_list("key", flat=True)))
    _check_values("topic", query.topic, set(Topic.objects.values_list("key", flat=True)))
    return SearchParams(
        q=query.q,
        types=tuple(query.type),
        sections=tuple(query.section),
        audiences=tuple(query.audience),
        topics=tuple(query.topic),
        # Without a locale, the language of the request (Bokmål on unprefixed URLs).
        locales=tuple(query.locale) or (get_language(),),
        limit=query.limit,
        offset=query.offset,
    )


def as_response(result: SearchResult) -> dict:
    return {
        "count": result.count,
        "items": [
            {
                "id": h.id,
                "type": h.type,
                "title": h.title,
                "url": h.url,
                "snippet": h.snippet,
                "step": h.step,
                "step_title": h.step_title,
            }
            for h in result.items
        ],
        "facets": result.facets,
        "engine": result.engine,
        "suggestion": result.suggestion,
        "corrected_from": result.corrected_from,
        "picks": [vars(pick) for pick in result.picks],
    }


@router.get(
    "",
    **documented(SearchResponse, ERRORS),
    summary="Search the knowledge base",
    url_name="kb_search",
)
@json_response(SearchResponse, cached=False)  # the index may lag the content version
def search(request: HttpRequest, query: Query[SearchQuery]):
    """Full-text search in Norwegian over every published knowledge-base item, with facets
    (counted for each facet with the other filters applied), highlighted snippets, "did you
    mean" and editors' picks. ``engine`` says which search engine answered."""
    _check_known_parameters(request, SearchQuery)
    params = params_from(query)
    if query.q.strip() and plan_query(query.q).is_empty:
        return nothing_searchable()
    return as_response(service.search(params))


def nothing_searchable() -> dict:
    """Only symbols, emoji or a script the index has no words of: no hits, not everything."""
    no_counts: dict[str, dict[str, int]] = {name: {} for name in Facets.model_fields}
    return {
        "count": 0,
        "items": [],
        "facets": no_counts,
        "engine": "none",
        "suggestion": None,
        "corrected_from": None,
        "picks": [],
    }


@router.get(
    "autocomplete/",
    **documented(AutocompleteResponse, ERRORS),
    summary="Suggestions as you type",
    url_name="kb_search_autocomplete",
)
@json_response(AutocompleteResponse, cached=False)
def autocomplete(request: HttpRequest, query: Query[AutocompleteQuery]):
    """Titles and other names (aliases, acronyms) that start with what has been typed."""
    _check_known_parameters(request, AutocompleteQuery)
    suggestions = service.autocomplete(query.q, query.locale, query.limit)
    return {"q": query.q, "suggestions": suggestions}


# The thesaurus, for partners -----------------------------------------------------------
thesaurus_router = Router(tags=["kb thesaurus"])


class ThesaurusQuery(Schema):
    pass


THESAURUS_DOCS = documented(dict, (400,))
THESAURUS_DOCS["openapi_extra"]["responses"]["200"] = {
    "description": "SKOS concept scheme",
    "content": {"application/ld+json": {"schema": {"type": "object"}}},
}


@thesaurus_router.get(
    "",
    **THESAURUS_DOCS,
    summary="The thesaurus as SKOS (JSON-LD)",
    url_name="kb_thesaurus",
)
def thesaurus(request: HttpRequest):
    """The published concepts of the thesaurus that search uses for synonyms: preferred and
    other names in nb, nn and en (``prefLabel``, ``altLabel``), acronyms (``hiddenLabel``),
    broader and narrower concepts, as a SKOS concept scheme in JSON-LD."""
    _check_known_parameters(request, ThesaurusQuery)
    base = request.build_absolute_uri(request.path)
    response = JsonResponse(
        skos_document(base),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
