"""The KB API's side of the fields page types declare (``kb.models.fields``): their types in
the OpenAPI schemas and their values in the answers, generated from the declarations.

A field whose shape is particular to its type (a StreamField: steps, chapters) is given by the
type's endpoint module as a ``Particular``; a read field with neither a plain type nor a
particular shape stops start-up, so no declared field is silently left out.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from pydantic import create_model
from wagtail.fields import RichTextField, StreamField

from kb.api.schemas import ItemDetail, ItemSummary, RichText, Term
from kb.api.serialize import Context, rich_text
from kb.models import KnowledgePage
from kb.models.fields import ContentField, declared

Reader = Callable[[Any, Context], dict[str, Any]]


@dataclass(frozen=True)
class Particular:
    """A declared field with a shape of its own: its API fields and how they are read."""

    schema: dict[str, Any]  # API name → type
    read: Reader


def own_fields(model: type[KnowledgePage], **flags: bool) -> list[ContentField]:
    """A type's read fields beyond those every item has (``ItemSummary``'s)."""
    shared = set(KnowledgePage.kb_fields)
    return [f for f in declared(model, read=True, **flags) if f not in shared]


def api_type(model: type[KnowledgePage], field: ContentField) -> Any:
    """The field's type in the API, from its declaration or its model field."""
    if field.api_type is not None:
        return field.api_type
    model_field = model._meta.get_field(field.name)
    if isinstance(model_field, RichTextField):
        return RichText
    if isinstance(model_field, StreamField):
        return None
    if isinstance(model_field, models.ForeignKey):
        return Term
    if isinstance(model_field, models.BooleanField):
        plain: Any = bool
    elif isinstance(model_field, models.IntegerField):
        plain = int
    elif isinstance(model_field, models.DateField):
        plain = datetime.date
    else:
        plain = str
    return plain | None if model_field.null else plain


def api_value(field: ContentField, page) -> Any:
    value = field.value(page)
    if isinstance(value, models.Model):  # a classification (kb.models.taxonomy)
        return {"key": value.key, "name": value.name}
    if field.api_type is None and isinstance(page._meta.get_field(field.name), RichTextField):
        return rich_text(value)
    return value


def plain_values(fields: list[ContentField], page) -> dict[str, Any]:
    return {field.key: api_value(field, page) for field in fields}


@dataclass(frozen=True)
class ItemFields:
    """Everything the KB API reads of one type beyond the shared part, and its schemas."""

    model: type[KnowledgePage]
    listed: list[ContentField]
    detailed: list[ContentField]
    particular: dict[str, Particular]

    def summary(self, page) -> dict[str, Any]:
        return plain_values(self.listed, page)

    def detail(self, page, ctx: Context) -> dict[str, Any]:
        data = {**self.summary(page), **plain_values(self.detailed, page)}
        for shape in self.particular.values():
            data.update(shape.read(page, ctx))
        return data

    def schemas(self, name: str) -> tuple[type, type]:
        """The summary and detail schemas, named as the API has always named them."""
        summary = ItemSummary
        if self.listed:
            summary = create_model(
                f"{name}Summary", __base__=ItemSummary, **self.typed(self.listed)
            )
        detail_fields = self.typed(self.detailed)
        for shape in self.particular.values():
            detail_fields.update({key: (kind, ...) for key, kind in shape.schema.items()})
        bases = (ItemDetail, summary) if summary is not ItemSummary else ItemDetail
        return summary, create_model(f"{name}Detail", __base__=bases, **detail_fields)

    def typed(self, fields: list[ContentField]) -> dict[str, Any]:
        return {field.key: (api_type(self.model, field), ...) for field in fields}


def item_fields(
    model: type[KnowledgePage], particular: dict[str, Particular] | None = None
) -> ItemFields:
    particular = particular or {}
    unknown = set(particular) - {field.name for field in own_fields(model)}
    if unknown:
        raise ImproperlyConfigured(f"{model.__name__} declares no read field {sorted(unknown)}.")
    detailed = []
    for field in own_fields(model, listed=False):
        if field.name in particular:
            continue
        if api_type(model, field) is None:
            raise ImproperlyConfigured(
                f"{model.__name__}.{field.name} is read by the KB API but has no plain type: "
                "give its shape in the type's endpoint module (kb.api.fields.Particular)."
            )
        detailed.append(field)
    return ItemFields(model, own_fields(model, listed=True), detailed, particular)
