"""All items of every type in one list, filterable by type: where a partner starts."""

import uuid
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router

from kb.api.cache import json_response
from kb.api.items import PUBLIC
from kb.api.params import ItemFilters, filter_items, page_window, reject_unknown
from kb.api.schemas import ItemList, get_route
from kb.api.serialize import Context, summary, with_list_relations
from kb.models import KB_KINDS, KnowledgePage

router = Router(tags=["Items"])


class AllItemFilters(ItemFilters):
    type: Literal[tuple(KB_KINDS)] | None = Field(None, description="Item type.")
    key: uuid.UUID | None = Field(None, description="Stable identifier (UUID) of an item.")


@get_route(
    router,
    "/",
    ItemList,
    auth=PUBLIC,
    summary="List items of every type",
    operation_id="kb_items_list",
)
@json_response(ItemList)
def list_all_items(request: HttpRequest, filters: AllItemFilters = Query(...)):  # noqa: B008
    reject_unknown(request, AllItemFilters.model_fields)
    ctx = Context(request)
    queryset = KnowledgePage.objects.live().public()
    if filters.type:
        queryset = queryset.type(KB_KINDS[filters.type])
    if filters.key:
        queryset = queryset.filter(translation_key=filters.key)
    queryset = filter_items(with_list_relations(queryset), filters, ctx.areas)
    count, pages = page_window(queryset.specific(), filters)
    return {"count": count, "items": [summary(page, ctx) for page in pages]}
