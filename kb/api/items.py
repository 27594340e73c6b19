"""The list and detail endpoints of one item type, made the same way for every type."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from kb import permissions
from kb.api.cache import json_response
from kb.api.fields import Particular, item_fields
from kb.api.params import (
    ItemFilters,
    filter_items,
    page_window,
    reject_unknown,
    require_page_id,
)
from kb.api.schemas import ITEM_ERRORS, TOKEN_ERRORS, get_route
from kb.api.serialize import Context, detail, summary, with_list_relations
from kb.api.tombstones import gone
from kb.models import KB_KINDS, ItemChange, KnowledgePage

PUBLIC = [BearerTokenAuth(), AllowAnonymous()]


def list_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    return type(name, (Schema,), {"__annotations__": {"count": int, "items": list[item_schema]}})


def public_items(model: type[KnowledgePage]):
    return model.objects.live().public()


def not_published(kind: str, item_id: int) -> str:
    return _("Ingen publisert %(kind)s har id %(id)s.") % {"kind": kind, "id": item_id}


def get_public_item(model: type[KnowledgePage], item_id: int, kind: str) -> KnowledgePage:
    page = with_list_relations(public_items(model)).filter(pk=require_page_id(item_id)).first()
    if page is None:
        raise Http404(not_published(kind, item_id))
    return page


def gone_or_not_found(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    """410 with the tombstone for an item removed within the kept period, else 404."""
    change = ItemChange.tombstone(require_page_id(item_id), kind)
    if change is None:
        raise Http404(not_published(kind, item_id))
    return gone(request, change)


def item_router(
    kind: str, *, label: str, particular: dict[str, Particular] | None = None
) -> Router:
    """A router with ``GET /`` (filtered, ordered, paged list), ``GET /{id}/`` (detail) and
    ``GET /{id}/draft/``; their schemas and data come from the fields the type declares, and
    ``particular`` gives the shape of those that have one of their own (StreamFields)."""
    model = KB_KINDS[kind]
    declared = item_fields(model, particular)
    summary_schema, detail_schema = declared.schemas(kind.capitalize())
    router = Router(tags=[label])
    list_response = list_schema(summary_schema, f"{summary_schema.__name__}List")

    @get_route(
        router,
        "/",
        list_response,
        auth=PUBLIC,
        summary=f"List {label.lower()}",
        operation_id=f"kb_{kind}_list",
    )
    @json_response(list_response)
    def list_items(request: HttpRequest, filters: ItemFilters = Query(...)):  # noqa: B008
        reject_unknown(request, ItemFilters.model_fields)
        ctx = Context(request)
        queryset = filter_items(with_list_relations(public_items(model)), filters, ctx.areas)
        count, pages = page_window(queryset, filters)
        return {
            "count": count,
            "items": [{**summary(page, ctx), **declared.summary(page)} for page in pages],
        }

    @get_route(
        router,
        "/{item_id}/",
        detail_schema,
        errors=ITEM_ERRORS,
        auth=PUBLIC,
        summary=f"{label} detail",
        operation_id=f"kb_{kind}_detail",
    )
    @json_response(detail_schema)
    def get_item(request: HttpRequest, item_id: int):
        reject_unknown(request, ())
        ctx = Context(request)
        try:
            page = get_public_item(model, item_id, kind)
        except Http404:
            return gone_or_not_found(request, kind, item_id)
        return {**detail(page, ctx), **declared.detail(page, ctx)}

    @get_route(
        router,
        "/{item_id}/draft/",
        detail_schema,
        errors=TOKEN_ERRORS,
        auth=BearerTokenAuth(),
        summary=f"{label}: latest draft (for previews)",
        operation_id=f"kb_{kind}_draft",
    )
    def get_draft(request: HttpRequest, item_id: int):
        reject_unknown(request, ())
        page = model.objects.filter(pk=require_page_id(item_id)).first()
        if page is None:
            raise Http404(_("Ingen %(kind)s har id %(id)s.") % {"kind": kind, "id": item_id})
        permissions.require(request.user, permissions.READ_DRAFT, page)
        draft = page.get_latest_revision_as_object()
        ctx = Context(request, draft=True)
        data = {**detail(draft, ctx), **declared.detail(draft, ctx)}
        response = HttpResponse(
            detail_schema.model_validate(data).model_dump_json(), content_type="application/json"
        )
        response["Cache-Control"] = "private, no-store"
        return response

    return router
