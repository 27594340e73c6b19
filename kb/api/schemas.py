"""Response schemas shared by every knowledge-base endpoint (typed, so OpenAPI documents them)."""

import datetime
import uuid
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any, Literal

from django.conf import settings
from ninja import Schema
from pydantic import Field
from wagtail.api.v3.errors import ProblemDetail

from kb.models import KB_KINDS

# Fixed vocabularies, as enums in the OpenAPI document.
Kind = Literal[tuple(KB_KINDS)]
LinkKind = Literal[(*KB_KINDS, "page")]  # "page": a link from a page that is no item
LOCALE_CODES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def locale_field(description: str = "Locale code.") -> Any:
    """A locale code, documented with the enabled locales as its values."""
    return Field(description=description, json_schema_extra={"enum": LOCALE_CODES})


class RichText(Schema):
    html: str = Field(description="HTML with links to public URLs.")
    text: str = Field(description="Plain text, one line per paragraph or list item.")


class Link(Schema):
    id: int
    type: LinkKind = Field(description="Item type (`page` for a page that is no item).")
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
    type: Kind
    title: str
    summary: str
    url: str | None = Field(description="Canonical public URL.")
    api_url: str
    permalink: str = Field(
        description="Permanent link by key and locale: redirects to the current page, 410 "
        "after a removal."
    )
    locale: str = locale_field("Locale of the body.")
    area: str | None = Field(description="Slug of the area the item belongs to.")
    section: str | None = Field(
        description="Deprecated: the same as «area», served until the next release.",
        json_schema_extra={"deprecated": True},
    )
    topics: list[Term]
    audiences: list[Term]
    last_published_at: datetime.datetime | None
    modified: datetime.datetime | None = Field(
        description="When this representation last changed: the item's own publish, or a "
        "change to what it shows of other items (a linked item's title, URL or visibility, "
        "a term, a translation). `updated_since` filters on it; `Last-Modified` is its time."
    )
    review_by: datetime.date | None
    links: list[Link] = Field(description="Published items this item links to.")


class ItemDetail(ItemSummary):
    linked_from: list[Link] = Field(description="Published items that link to this item.")
    translations: dict[str, TranslationRef] = Field(
        description="This item in other locales, by locale code."
    )
    translation_status: dict[str, Literal["up_to_date", "outdated", "missing"]] = Field(
        description="Per other locale: up_to_date, outdated (this item was published after "
        "its translation) or missing (no published translation)."
    )


class ItemList(Schema):
    count: int
    items: list[ItemSummary]


class Tombstone(Schema):
    """What is left of a removed item: enough for a mirror to delete its copy."""

    id: int
    key: uuid.UUID = Field(description="The item's stable identifier.")
    type: Kind
    locale: str = locale_field()
    removed_at: datetime.datetime
    reason: Literal["unpublished", "deleted", "restricted"]
    successor: str | None = Field(
        None, description="API URL of the item that replaces this one, if any."
    )


class Problem(ProblemDetail):
    """RFC 9457 problem details as every KB route gives them (kb.api.http)."""

    # Optional in the schema: the editorial routes on Wagtail's /pages/ share this document
    # but still answer with Wagtail's own problem bodies, which carry no code.
    code: str | None = Field(
        None,
        description="Stable machine-readable code, e.g. unknown-parameter, not-found, "
        "item-removed (also in `type`, urn:veiviser:<code>); every KB route sends it.",
    )
    parameter: str | None = Field(
        None, description="The query parameter a 400 is about (422s name it in `errors`)."
    )


class GoneProblem(Problem):
    tombstone: Tombstone


# Documented error responses (RFC 9457 problem details, as Wagtail's API v3 gives them).
PUBLIC_ERRORS = (400, 404, 422)
ITEM_ERRORS = (*PUBLIC_ERRORS, 410)
TOKEN_ERRORS = (*PUBLIC_ERRORS, 401, 403)
ERROR_SCHEMAS = {410: GoneProblem}


def documented(schema: Any, errors: Iterable[int] = PUBLIC_ERRORS) -> dict:
    """``response`` and ``openapi_extra`` for a route of any API v3 router: the success
    schema, and the error codes with their ``application/problem+json`` body."""
    codes = tuple(errors)
    schemas = {code: ERROR_SCHEMAS.get(code, Problem) for code in codes}
    return {
        "response": {200: schema, **schemas},
        "openapi_extra": {
            "responses": {
                str(code): {
                    "description": HTTPStatus(code).phrase,
                    "content": {
                        "application/problem+json": {
                            "schema": {"$ref": f"#/components/schemas/{error.__name__}"}
                        }
                    },
                }
                for code, error in schemas.items()
            }
        },
    }


def get_route(router, path: str, schema: type[Schema], *, errors=PUBLIC_ERRORS, **kwargs):
    """``router.get`` with the success schema and the documented errors."""
    return router.get(path, **documented(schema, errors), **kwargs)
