"""Publishing and unpublishing as one transaction, on every path that goes through the page.

Wagtail's publish action saves the revision, the page and the log entry and then sends
``page_published`` without a transaction of its own. The receivers write the outbox rows
(webhook deliveries, search changes, the content version), so the change and its outbox rows
must commit together or not at all: scheduled publishing (a cron command, no request), the
plan import, the write API and workflow approval all call ``publish`` on the page. The admin's
edit view runs Wagtail's action itself, inside the request's transaction (``ATOMIC_REQUESTS``).
"""

from __future__ import annotations

from django.db import transaction


class AtomicPublishMixin:
    def publish(self, revision, *args, **kwargs):
        with transaction.atomic():
            return super().publish(revision, *args, **kwargs)

    def unpublish(self, *args, **kwargs):
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)
