"""What a webhook receives, and how it is signed."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import uuid

from wagtail.models import Page

from kb.absolute_urls import absolute, page_url
from kb.api.serialize import api_path
from kb.models import KIND_BY_MODEL
from kb.models.fields import declared

SIGNATURE_HEADER = "X-Veiviser-Signature"


def kind_for(page: Page) -> str | None:
    """The item type of a page, without loading its specific row (None for other pages)."""
    return KIND_BY_MODEL.get(page.specific_class)


def api_url(page: Page, kind: str) -> str | None:
    """The item's address in the KB API, on the public origin (kb.absolute_urls)."""
    return absolute(api_path(kind, page.pk))


def item_data(page: Page, kind: str) -> dict:
    """The item as partners know it: stable identifiers, type, title, locale, URLs and the
    fields its type declares for webhooks (``ContentField(webhook=True)``)."""
    specific = page.specific_deferred
    return {
        **{field.key: field.value(specific) for field in declared(type(specific), webhook=True)},
        "id": page.pk,
        "translation_key": str(page.translation_key),
        "type": kind,
        "title": page.title,
        "locale": page.locale.language_code,
        "url": page_url(page),
        "api_url": api_url(page, kind),
    }


def encode(event: str, delivery_id: uuid.UUID, occurred_at: datetime.datetime, item: dict) -> str:
    """The request body. Compact and key-sorted; sent byte for byte as stored."""
    payload = {
        "event": event,
        "delivery": str(delivery_id),
        "occurred_at": occurred_at.astimezone(datetime.UTC).isoformat(),
        "item": item,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def signature(secret: str, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of the exact body, keyed with the secret."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"
