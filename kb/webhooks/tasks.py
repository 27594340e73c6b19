"""The background task that makes an attempt at a delivery."""

from __future__ import annotations

import uuid

from django_tasks import task

from kb.webhooks import sending


@task()
def deliver_webhook(delivery_id: str) -> str | None:
    """Send a due delivery once. With a backend that can defer tasks, the retry is queued too;
    otherwise ``deliver_webhooks`` (cron or a worker loop) sends it when due."""
    logged = sending.attempt(uuid.UUID(delivery_id))
    if logged is None:
        return None  # not due, already sent, or taken by another worker
    backend = deliver_webhook.get_backend()
    if logged.next_attempt_at is not None and backend.supports_defer:
        deliver_webhook.using(run_after=logged.next_attempt_at).enqueue(delivery_id)
    return logged.error or str(logged.status_code)
