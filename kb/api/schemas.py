"""Response schemas shared by every knowledge-base endpoint (typed, so OpenAPI documents them)."""

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from ninja import Schema
from pydantic import Field
from wagtail.api.v3.errors import ProblemDetail


class RichText(Schema):
    html: str = Field(description="HTML with links to public URLs.")
    text: str = Field(description="Plain text, one line per paragraph or list item.")


class Link(Schema):
    id: int
    type: str = Field(description="Item type: concept, law, resource, routine, checklist, …")
    title: str
    url: str | None = Field(description="Canonical public URL.")
    api_url: str | None = Field(description="This API's URL for the item.")
    phone: str | None = Field(None, description="For contacts: the phone number.")


class Term(Schema):
    key: str
    name: str


class TranslationRef(Schema):
    id: int
    url: str | None
    api_url: str | None


class ItemSummary(Schema):
    id: int = Field(description="The item's id in this installation.")
    key: uuid.UUID = Field(
        description="Stable identifier, the same in every locale (and, for the plan's own "
        "items, in every installation)."
    )
    slug: str
    type: str
    title: str
    summary: str
    url: str | None = Field(description="Canonical public URL.")
    api_url: str
    locale: str
    area: str | None = Field(description="Slug of the area the item belongs to.")
    section: str | None = Field(
        description="Deprecated: the same as «area», served until the next release.",
        json_schema_extra={"deprecated": True},
    )
    topics: list[Term]
    audiences: list[Term]
    last_published_at: datetime.datetime | None
    review_by: datetime.date | None
    links: list[Link] = Field(description="Published items this item links to.")


class ItemDetail(ItemSummary):
    linked_from: list[Link] = Field(description="Published items that link to this item.")
    translations: dict[str, TranslationRef] = Field(
        description="This item in other locales, by locale code."
    )


class ItemList(Schema):
    count: int
    items: list[ItemSummary]


# Documented error responses (RFC 9457 problem details, as Wagtail's API v3 gives them).
PUBLIC_ERRORS = (400, 404, 422)
TOKEN_ERRORS = (*PUBLIC_ERRORS, 401, 403)
PROBLEM = {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}


def documented(schema: Any, errors: Iterable[int] = PUBLIC_ERRORS) -> dict:
    """``response`` and ``openapi_extra`` for a route of any API v3 router: the success
    schema, and the error codes with their ``application/problem+json`` body."""
    codes = tuple(errors)
    return {
        "response": {200: schema, **dict.fromkeys(codes, ProblemDetail)},
        "openapi_extra": {
            "responses": {
                str(code): {"content": {"application/problem+json": PROBLEM}} for code in codes
            }
        },
    }


def get_route(router, path: str, schema: type[Schema], *, errors=PUBLIC_ERRORS, **kwargs):
    """``router.get`` with the success schema and the documented errors."""
    return router.get(path, **documented(schema, errors), **kwargs)
