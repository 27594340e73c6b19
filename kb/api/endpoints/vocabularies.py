"""The values the filters accept: types, locales, areas, audiences and topics."""

from django.http import HttpRequest
from ninja import Field, Router, Schema

from kb.api.cache import json_response
from kb.api.items import PUBLIC
from kb.api.params import locale_codes, reject_unknown
from kb.api.schemas import Term, get_route
from kb.areas import area_titles
from kb.models import KB_KINDS, Audience, Topic

router = Router(tags=["Vocabularies"])


class Vocabularies(Schema):
    types: list[str]
    locales: list[str]
    areas: list[Term]
    sections: list[Term] = Field(
        description="Deprecated: the same as «areas», served until the next release.",
        json_schema_extra={"deprecated": True},
    )
    audiences: list[Term]
    topics: list[Term]


def _distinct(model) -> list[dict]:
    seen: dict[str, str] = {}
    for key, name in (
        model.objects.filter(live=True).order_by("locale_id").values_list("key", "name")
    ):
        seen.setdefault(key, name)
    return [{"key": key, "name": name} for key, name in sorted(seen.items())]


@get_route(
    router,
    "/",
    Vocabularies,
    auth=PUBLIC,
    summary="Values the filters accept",
    operation_id="kb_vocabularies",
)
@json_response(Vocabularies)
def vocabularies(request: HttpRequest):
    reject_unknown(request, ())
    areas = [{"key": slug, "name": title} for slug, title in area_titles().items()]
    return {
        "types": list(KB_KINDS),
        "locales": locale_codes(),
        "areas": areas,
        "sections": areas,
        "audiences": _distinct(Audience),
        "topics": _distinct(Topic),
    }
