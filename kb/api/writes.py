"""Writing pages through Wagtail's API v3 (``POST /api/v3/pages/``, ``PATCH /api/v3/pages/{id}/``)
without losing a word of it.

Wagtail generates the write schemas from each model's writable ``api_fields`` and applies the
data through the admin's own form, so writes are validated as the admin validates. Two things
are added here, through Wagtail's and django-ninja's extension points:

- ``prepare_write_schemas()``: a many-to-many field (topics, audiences) may be left out, as in
  the admin; it must run before Wagtail's API builds its page schemas.
- ``reject_unwritable``: a field the schema does not know (unknown, or read-only) is a 422
  naming it, where pydantic would drop it silently; and a bad value is a 422 naming the field
  with a Norwegian message, where pydantic would answer in English.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from pydantic import BaseModel, ValidationError
from wagtail import blocks
from wagtail.api.v3.errors import problem_response
from wagtail.fields import StreamField

WAGTAIL_PAGE_ROUTES = "wagtail.api.v3.routers.pages"
WRITES = {"create_page": "create_schema", "update_page": "patch_schema"}


def prepare_write_schemas() -> None:
    from modelcluster.fields import ParentalManyToManyField
    from wagtail.api.v3.schemas.generators.write import create_generator, patch_generator

    for generator in (create_generator, patch_generator):
        generator.register_field_schema(ParentalManyToManyField, _many_to_many_schema)


def _many_to_many_schema(generator, field) -> tuple[Any, Any]:
    return list[int], []  # the chosen objects' ids; empty if left out


def reject_unwritable(run):
    """django-ninja "view" decorator for Wagtail's page create and update operations."""
    view = getattr(getattr(run, "__self__", None), "view_func", None)
    if getattr(view, "__module__", "") != WAGTAIL_PAGE_ROUTES or view.__name__ not in WRITES:
        return run
    direction = WRITES[view.__name__]

    @wraps(run)
    def checked(request: HttpRequest, *args, **kwargs):
        model, body = _model_and_body(request, kwargs, direction)
        schema = _write_schema(model, direction)
        if schema is not None and _has_valid_token(request):
            errors = _value_errors(schema, body) or _unknown_fields(model, schema, body)
            if errors:
                names = ", ".join(sorted({str(e["loc"][1]) for e in errors if len(e["loc"]) > 1}))
                return problem_response(
                    status=422,
                    title=_("Ugyldige data"),
                    detail=_("Siden ble ikke lagret. Se feltene: %(fields)s.") % {"fields": names},
                    errors=errors,
                )
        return run(request, *args, **kwargs)

    return checked


def _has_valid_token(request: HttpRequest) -> bool:
    # Checked before validation, so a caller without a valid token gets Wagtail's 401, not 422.
    from wagtail.api.v3.auth import BearerTokenAuth

    return BearerTokenAuth()(request) is not None


def _model_and_body(request, kwargs, direction: str) -> tuple[type | None, Any]:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import resolve_model_string
    from wagtail.models import Page

    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        return None, None  # Wagtail answers malformed JSON itself
    if not isinstance(body, dict):
        return None, None
    if direction == "create_schema":
        meta = body.get("meta")
        try:
            return resolve_model_string(meta.get("type")), body
        except (AttributeError, LookupError, ValueError):
            return None, body  # Wagtail's own schema says what is wrong with meta
    type_ids = Page.objects.filter(pk=kwargs.get("page_id")).values_list("content_type_id")
    if not type_ids:
        return None, body  # Wagtail's 404
    return ContentType.objects.get_for_id(type_ids[0][0]).model_class(), body


def _registration(model):
    from wagtail.api.v3.registry import registry

    return registry.get(model._meta.label) if model is not None else None


def _write_schema(model, direction: str) -> type[BaseModel] | None:
    registration = _registration(model)
    return getattr(registration, direction, None) if registration else None


# Norwegian reasons for pydantic's error types; anything else falls back to a general reason.
DATE = _lazy("Må være en dato på formen ÅÅÅÅ-MM-DD, for eksempel 2027-06-30.")
DATETIME = _lazy("Må være dato og klokkeslett, for eksempel 2027-06-30T08:00:00+02:00.")
INTEGER = _lazy("Må være et heltall.")
BOOLEAN = _lazy("Må være true eller false.")
OBJECT = _lazy("Må være et objekt.")
REASONS = {
    "missing": _lazy("Feltet må fylles ut."),
    "date_parsing": DATE,
    "date_from_datetime_parsing": DATE,
    "date_type": DATE,
    "date_from_datetime_inexact": _lazy("Må være en dato uten klokkeslett (ÅÅÅÅ-MM-DD)."),
    "datetime_parsing": DATETIME,
    "datetime_from_date_parsing": DATETIME,
    "datetime_type": DATETIME,
    "int_parsing": INTEGER,
    "int_type": INTEGER,
    "int_from_float": INTEGER,
    "bool_parsing": BOOLEAN,
    "bool_type": BOOLEAN,
    "string_type": _lazy("Må være tekst."),
    "string_too_long": _lazy("Teksten er for lang."),
    "list_type": _lazy("Må være en liste."),
    "model_type": OBJECT,
    "model_attributes_type": OBJECT,
    "dict_type": OBJECT,
    "literal_error": _lazy("Verdien er ikke tillatt."),
}
INVALID = _lazy("Ugyldig verdi.")


def _value_errors(schema: type[BaseModel], body: dict) -> list[dict[str, Any]]:
    try:
        schema.model_validate(body)
    except ValidationError as exc:
        return [
            {
                "type": error["type"],
                "loc": ["body", *error["loc"]],
                "msg": str(REASONS.get(error["type"], INVALID)),
            }
            for error in exc.errors()
        ]
    return []


def _unknown_fields(model, schema: type[BaseModel], body: dict, loc=("body",)) -> list[dict]:
    """Keys the schema does not accept, at the top level, in child relations and in blocks."""
    accepted = {field.alias or name: field for name, field in schema.model_fields.items()}
    errors = []
    for key, value in body.items():
        if key not in accepted:
            errors.append(_unknown(model, key, (*loc, key)))
            continue
        child = _child_schema(accepted[key].annotation)
        if child is not None and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    errors += _unknown_fields(None, child, item, (*loc, key, index))
        block = _stream_block(model, key)
        if block is not None:
            errors += _unknown_in_block(block, value, (*loc, key))
    return errors


def _unknown(model, key: str, loc) -> dict[str, Any]:
    registration = _registration(model)
    read_schema = getattr(registration, "read_schema", None)
    read_only = key in READ_ONLY or (read_schema is not None and key in read_schema.model_fields)
    message = (
        _("Feltet «%(field)s» kan bare leses, ikke skrives.")
        if read_only
        else _("Ukjent felt «%(field)s» for denne sidetypen.")
    )
    return {
        "type": "read_only_field" if read_only else "unknown_field",
        "loc": list(loc),
        "msg": message % {"field": key},
    }


# What Wagtail and the KB API show but a writer may not set.
READ_ONLY = {
    "id",
    "key",
    "type",
    "url",
    "api_url",
    "locale",
    "area",
    "section",
    "last_published_at",
    "first_published_at",
    "links",
    "linked_from",
    "translations",
    "live",
}


def _child_schema(annotation) -> type[BaseModel] | None:
    args = getattr(annotation, "__args__", ())
    for arg in args:
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _stream_block(model, key: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field.stream_block if isinstance(field, StreamField) else None


def _unknown_in_block(block, value, loc) -> list[dict[str, Any]]:
    """Unknown block types and unknown keys inside a StreamField value (API JSON shape)."""
    errors: list[dict[str, Any]] = []
    if isinstance(block, blocks.BaseStreamBlock) and isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                continue
            child = block.child_blocks.get(item.get("type"))
            if child is None:
                errors.append(
                    _block_error(
                        _("Ukjent blokktype «%(field)s»."), item.get("type"), (*loc, index, "type")
                    )
                )
                continue
            errors += _unknown_in_block(child, item.get("value"), (*loc, index, "value"))
    elif isinstance(block, blocks.ListBlock) and isinstance(value, list):
        for index, item in enumerate(value):
            errors += _unknown_in_block(block.child_block, item, (*loc, index))
    elif isinstance(block, blocks.BaseStructBlock) and isinstance(value, dict):
        for key, item in value.items():
            child = block.child_blocks.get(key)
            if child is None:
                errors.append(
                    _block_error(_("Ukjent felt «%(field)s» i blokken."), key, (*loc, key))
                )
                continue
            errors += _unknown_in_block(child, item, (*loc, key))
    return errors


def _block_error(message: str, name, loc) -> dict[str, Any]:
    return {"type": "unknown_field", "loc": list(loc), "msg": message % {"field": name}}
