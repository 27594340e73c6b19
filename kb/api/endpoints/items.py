"""All items of every type in one list, filterable by type: where a partner starts."""

import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router
from ninja.errors import HttpError

from kb.api.cache import json_response
from kb.api.items import PUBLIC
from kb.api.params import ItemFilters, filter_items, page_window, reject_unknown, require_known
from kb.api.schemas import ItemList
from kb.api.serialize import Context, summary, with_list_relations
from kb.models import KB_KINDS, KnowledgePage

router = Router(tags=["Items"])


class AllItemFilters(ItemFilters):
    type: str | None = Field(None, description=f"One of: {', '.join(KB_KINDS)}.")
    key: str | None = Field(None, description="Stable identifier (UUID) of an item.")


@router.get(
    "/",
    response=ItemList,
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
        require_known("type", filters.type, KB_KINDS)
        queryset = queryset.type(KB_KINDS[filters.type])
    if filters.key:
        queryset = queryset.filter(translation_key=_uuid(filters.key))
    queryset = filter_items(with_list_relations(queryset), filters, ctx.sections)
    count, pages = page_window(queryset.specific(), filters)
    return {"count": count, "items": [summary(page, ctx) for page in pages]}


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise HttpError(400, f"key «{value}» is not a UUID.") from None
