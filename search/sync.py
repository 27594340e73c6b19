"""Indexing that never loses a change and never makes editors wait.

Publishing, unpublishing, moving, deleting or translating a page writes a ``PendingChange``
(the outbox) as part of the editor's action. After the transaction commits, a background
task (Django's task framework) brings the page's search document up to date in the database
engine and then in the distributed engine. If the distributed engine is down, the change
stays in the outbox and is retried with back-off, when the engine is seen again, and at the
next change; nothing is lost and publishing is never refused."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from search.documents import Document
from search.engines import EngineUnavailable, distributed_engine
from search.health import health_of
from search.models import PendingChange
from search.store import update_database

logger = logging.getLogger("search")
BATCH = 200
MAX_BACKOFF = timedelta(minutes=10)
PENDING_CHECK_SECONDS = 10.0
_last_pending_check = 0.0


@dataclass
class SyncReport:
    indexed: int = 0
    removed: int = 0
    postponed: int = 0
    errors: list[str] = field(default_factory=list)


# Recording changes -------------------------------------------------------------------------
def record_changes(page_ids: Iterable[int]) -> None:
    """Put pages in the outbox; index them once the current transaction has committed."""
    ids = sorted(set(page_ids))
    if not ids:
        return
    PendingChange.objects.bulk_create([PendingChange(page_id=pk) for pk in ids])
    transaction.on_commit(schedule_sync, robust=True)


def schedule_sync(delay: timedelta | None = None) -> None:
    """Ask the task framework to drain the outbox (later, where the backend can defer)."""
    try:
        chosen = sync_pending_changes
        if delay and default_task_backend.supports_defer:
            chosen = chosen.using(run_after=timezone.now() + delay)
        chosen.enqueue()
    except Exception:  # a task queue that is down must not break publishing
        logger.exception("Could not enqueue search indexing; the outbox keeps the changes.")


@task()
def sync_pending_changes() -> dict:
    report = sync_pending()
    return {"indexed": report.indexed, "removed": report.removed, "postponed": report.postponed}


def engine_recovered() -> None:
    """The distributed engine answers again: everything waiting is due now, not at its
    back-off time."""
    PendingChange.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=None)
    schedule_sync()


def pending_due() -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())


def nudge() -> None:
    """Seen while searching: drain the outbox if it has due changes (checked now and then)."""
    global _last_pending_check
    now = time.monotonic()
    if now - _last_pending_check < PENDING_CHECK_SECONDS:
        return
    _last_pending_check = now
    if PendingChange.objects.filter(pending_due()).exists():
        schedule_sync()


# Draining the outbox -----------------------------------------------------------------------
def sync_pending(limit: int = 5000) -> SyncReport:
    report = SyncReport()
    while limit > 0:
        rows = list(PendingChange.objects.filter(pending_due()).order_by("id")[: min(BATCH, limit)])
        if not rows:
            break
        limit -= len(rows)
        page_ids = sorted({row.page_id for row in rows})
        try:
            documents, removed = update_database(page_ids)
            push_to_distributed(documents, removed)
        except EngineUnavailable as exc:
            postpone(rows, exc)
            report.postponed += len(rows)
            report.errors.append(str(exc))
            break
        except Exception as exc:  # a page that cannot be indexed must not block the others
            logger.exception("Could not index pages %s; retrying later.", page_ids)
            postpone(rows, exc)
            report.postponed += len(rows)
            report.errors.append(str(exc))
            continue
        report.indexed += len(documents)
        report.removed += len(removed)
        PendingChange.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return report


def postpone(rows: list[PendingChange], error: Exception) -> None:
    now = timezone.now()
    attempts = max(row.attempts for row in rows) + 1
    backoff = min(timedelta(seconds=5 * 2 ** min(attempts, 10)), MAX_BACKOFF)
    PendingChange.objects.filter(pk__in=[row.pk for row in rows]).update(
        attempts=attempts, next_attempt_at=now + backoff, last_error=str(error)[:1000]
    )
    schedule_sync(delay=backoff)


def push_to_distributed(documents: list[Document], removed: list[int]) -> None:
    engine = distributed_engine()
    if engine is None:
        return
    health = health_of(engine.name, engine.conf.url)
    if not health.may_try(engine.conf.retry_seconds):
        raise EngineUnavailable("the engine was unreachable a moment ago")
    try:
        if not engine.has_index():
            # A first start, or an index deleted: build it whole from the stored documents
            # (which already hold this change), never an index of the changed pages alone.
            from search.reindex import rebuild_distributed

            rebuild_distributed()
        else:
            if documents:
                engine.upsert(documents)
            if removed:
                engine.delete(removed)
    except EngineUnavailable as exc:
        health.failed(exc)
        raise
    if health.succeeded():
        PendingChange.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=None)


def current_synonyms() -> list[list[str]]:
    from search.query import synonym_groups

    return synonym_groups()
