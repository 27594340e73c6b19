"""The outbox: a delivery row per interested webhook, written in the transaction of the change.

Rows are handed to the task framework only after commit, so a rolled-back publish sends
nothing, and a receiver that is slow or down never fails (or holds up) the publish itself.
Rows that a task never got to stay due, and ``deliver_webhooks`` sends them.
"""

from __future__ import annotations

import logging
import uuid

from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from kb.models import Webhook, WebhookDelivery, WebhookEvent
from kb.webhooks.payload import encode, item_data, kind_for

logger = logging.getLogger(__name__)


def record(event: str, page: Page) -> list[WebhookDelivery]:
    """Write the deliveries for a change to a page in the change's own transaction.

    A fault writing them fails the change with them: a publish without its outbox rows would
    be a change partners never hear of. Receivers are only contacted after the commit."""
    kind = kind_for(page)
    if kind is None or is_restricted(page):
        return []
    webhooks = [hook for hook in Webhook.objects.filter(is_active=True) if hook.wants(event, kind)]
    if not webhooks:
        return []
    deliveries = _write(event, page, kind, webhooks)
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: enqueue(ids), robust=True)
    return deliveries


def is_restricted(page: Page) -> bool:
    """A page behind a view restriction (its own or an ancestor's) is not public: partners
    get no webhook about it, since its title and address are content of a private page."""
    return page.get_view_restrictions().exists()


def _write(event: str, page: Page, kind: str, webhooks: list[Webhook]) -> list[WebhookDelivery]:
    now = timezone.now()
    item = item_data(page, kind)
    deliveries = []
    for webhook in webhooks:
        delivery_id = uuid.uuid4()
        deliveries.append(
            WebhookDelivery(
                id=delivery_id,
                webhook=webhook,
                event=event,
                item_id=page.pk,
                item_type=kind,
                item_title=page.title[:255],
                body=encode(event, delivery_id, now, item),
                created_at=now,
                next_attempt_at=now,
            )
        )
    return WebhookDelivery.objects.bulk_create(deliveries)


def enqueue(delivery_ids: list[uuid.UUID]) -> None:
    from kb.webhooks.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        try:
            deliver_webhook.enqueue(str(delivery_id))
        except Exception:  # the row stays due; deliver_webhooks sends it
            logger.exception("Could not enqueue webhook delivery %s", delivery_id)


@receiver(page_published, dispatch_uid="kb.webhooks.published")
def on_published(sender, instance, **kwargs) -> None:
    record(WebhookEvent.PUBLISHED, instance)


@receiver(page_unpublished, dispatch_uid="kb.webhooks.unpublished")
def on_unpublished(sender, instance, **kwargs) -> None:
    # Wagtail unpublishes a live page in memory just before deleting it (pre_delete, without
    # saving); that page is still live in the database, and its deletion is reported instead.
    if kind_for(instance) is None or Page.objects.filter(pk=instance.pk, live=True).exists():
        return
    record(WebhookEvent.UNPUBLISHED, instance)


@receiver(pre_delete, sender=Page, dispatch_uid="kb.webhooks.deleted")
def on_deleted(sender, instance, **kwargs) -> None:
    # Pages that were never published are unknown outside; their titles stay private.
    if instance.first_published_at is not None:
        record(WebhookEvent.DELETED, instance)
