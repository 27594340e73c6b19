"""The fields of a page type, declared once: where each one is read and written.

A page class lists its ``ContentField`` declarations in ``kb_fields``; everything else is
generated from them:

- ``api_fields`` for Wagtail's API v3 (``/api/v3/pages/``): a written field becomes
  ``APIField(name, writable=True)``, from which Wagtail's v3 write schemas (POST and PATCH)
  are made; those writes go through the admin's own form for the page type, so they are
  validated as the admin validates;
- the KB API's item schemas and data (``kb.api.items``): read fields, ``listed`` ones in lists
  too;
- the webhook payload (``kb.webhooks.payload``): ``webhook`` fields;
- the search document (``search.documents``): ``search`` names the place of its own a field
  has there (its other searchable text, from Wagtail's ``search_fields``, is the body).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from wagtail.api import APIField

# A place of its own in the search document (other searchable fields make up the body).
SearchPlace = Literal["summary", "aliases"]


@dataclass(frozen=True)
class ContentField:
    name: str  # the model's field (or, for read-only values, attribute)
    read: bool = True  # in the KB API's item
    write: bool = True  # written through Wagtail's API v3
    listed: bool = False  # in the KB API's lists as well as in the item
    webhook: bool = False  # in the webhook payload's item
    search: SearchPlace | None = None  # its own place in the search document, if any
    api_name: str = ""  # its name in the KB API, where that differs from ``name``
    source: str = ""  # the attribute the KB API reads, where that differs from ``name``
    api_type: Any = None  # the KB API's type, where the model field does not tell it

    @property
    def key(self) -> str:
        """The field's name in the KB API and the webhook payload."""
        return self.api_name or self.name

    def value(self, page) -> Any:
        return getattr(page, self.source or self.name)


def fields(*declarations: str | ContentField) -> list[ContentField]:
    """Declarations, a plain name standing for a field read and written with no more said."""
    return [d if isinstance(d, ContentField) else ContentField(d) for d in declarations]


def wagtail_api_fields(declarations: list[ContentField]) -> list[APIField]:
    """The fields Wagtail's API v3 reads and writes (read-only values are the KB API's)."""
    return [APIField(field.name, writable=True) for field in declarations if field.write]


def declared(model, **flags: bool) -> list[ContentField]:
    """A page class's declarations with the given flags set, e.g. ``declared(m, webhook=True)``."""
    return [
        field
        for field in getattr(model, "kb_fields", [])
        if all(getattr(field, flag) == wanted for flag, wanted in flags.items())
    ]
