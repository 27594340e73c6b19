"""``GET /api/v3/kb/changes/?since=…``: everything a mirror must do since its last sync.

Publishes, moves and changes to what an item shows of others (``related``) are ``upsert``
(fetch ``api_url``), unpublish, delete and a new view
restriction are ``removal`` (drop the item). Changes are in the order they happened, each
with a ``cursor``; pass the response's ``cursor`` as ``since`` next time."""

import datetime
import uuid
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from kb.absolute_urls import absolute
from kb.api.cache import json_response
from kb.api.items import PUBLIC
from kb.api.params import reject_unknown
from kb.api.schemas import Kind, get_route, locale_field
from kb.api.serialize import API_PREFIX, api_path
from kb.models import ItemChange

router = Router(tags=["Changes"])
MAX_CURSOR = 2**63 - 1
MAX_LIMIT = 1000


class ChangeQuery(Schema):
    since: int = Field(
        0, ge=0, le=MAX_CURSOR, description="The cursor of your last sync (0: from the start)."
    )
    limit: int = Field(200, ge=1, le=MAX_LIMIT, description=f"Changes per page (1–{MAX_LIMIT}).")


class Change(Schema):
    cursor: int = Field(description="Position in the change log; strictly increasing.")
    event: Literal["upsert", "removal"]
    reason: Literal[tuple(ItemChange.Reason.values)]
    at: datetime.datetime
    id: int
    key: uuid.UUID
    type: Kind
    locale: str = locale_field()
    api_url: str = Field(description="Fetch this for an upsert; it answers 410 after a removal.")


class ChangeList(Schema):
    items: list[Change]
    cursor: int = Field(description="Pass as `since` in the next call.")
    next: str | None = Field(description="The next page, while there are more changes.")


@get_route(
    router,
    "/",
    ChangeList,
    auth=PUBLIC,
    summary="Changes since a cursor (upserts and removals)",
    operation_id="kb_changes_list",
)
@json_response(ChangeList)
def list_changes(request: HttpRequest, query: ChangeQuery = Query(...)):  # noqa: B008
    reject_unknown(request, ChangeQuery.model_fields)
    rows = list(ItemChange.objects.filter(id__gt=query.since).order_by("id")[: query.limit + 1])
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    cursor = rows[-1].id if rows else query.since
    items = [
        {
            "cursor": row.id,
            "event": row.event,
            "reason": row.reason,
            "at": row.at,
            "id": row.page_id,
            "key": row.key,
            "type": row.kind,
            "locale": row.locale,
            "api_url": absolute(api_path(row.kind, row.page_id), request),
        }
        for row in rows
    ]
    next_url = None
    if more:
        next_url = absolute(f"{API_PREFIX}changes/?since={cursor}&limit={query.limit}", request)
    return {"items": items, "cursor": cursor, "next": next_url}
