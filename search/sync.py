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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend, task
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from kb.models import KB_KINDS, KnowledgePage, section_slugs
from search.documents import (
    Document,
    build_document,
    is_findable,
    restricted_paths,
    section_titles,
)
from search.engines import EngineUnavailable, distributed_engine
from search.health import health_of
from search.models import DocumentFacet, PendingChange, SearchDocument, VocabularyWord
from search.text import in_vocabulary_range, words

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


# The database engine's documents -----------------------------------------------------------
def update_database(page_ids: list[int]) -> tuple[list[Document], list[int]]:
    """Rebuild the documents of these pages; remove those that must no longer be found."""
    pages = Page.objects.filter(pk__in=page_ids).specific()
    slugs, restricted, titles = section_slugs(), restricted_paths(), section_titles()
    documents = [
        build_document(page, slugs, titles)
        for page in pages
        if isinstance(page, KnowledgePage) and is_findable(page, restricted)
    ]
    found = {document.id for document in documents}
    removed = [pk for pk in page_ids if pk not in found]
    with transaction.atomic():
        store_documents(documents)
        remove_documents(removed)
    return documents, removed


DOCUMENT_FIELDS = [
    "kind",
    "locale",
    "section",
    "url",
    "title",
    "aliases",
    "summary",
    "body",
    "published_at",
    "units",
    "headings",
]


def store_documents(documents: list[Document]) -> None:
    if not documents:
        return
    rows = [
        SearchDocument(
            page_id=d.id,
            kind=d.kind,
            locale=d.locale,
            section=d.section,
            url=d.url,
            title=d.title,
            aliases="\n".join(d.aliases),
            summary=d.summary,
            body=d.body,
            published_at=d.published_at,
            units=d.units,
            headings=d.headings,
        )
        for d in documents
    ]
    SearchDocument.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=[*DOCUMENT_FIELDS, "updated_at"],
    )
    ids = [d.id for d in documents]
    DocumentFacet.objects.filter(document_id__in=ids).delete()
    DocumentFacet.objects.bulk_create(
        [
            DocumentFacet(document_id=d.id, name=name, value=value)
            for d in documents
            for name, values in d.facet_values().items()
            for value in values
        ]
    )
    VocabularyWord.objects.bulk_create(
        [VocabularyWord(word=word) for word in vocabulary(documents)], ignore_conflicts=True
    )
    get_search_backend().add_bulk(SearchDocument, rows)


def remove_documents(page_ids: list[int]) -> None:
    if not page_ids:
        return
    backend = get_search_backend()
    for pk in page_ids:
        backend.delete(SearchDocument(page_id=pk))
    SearchDocument.objects.filter(pk__in=page_ids).delete()


def vocabulary(documents: Iterable[Document]) -> set[str]:
    found: set[str] = set()
    for d in documents:
        text = " ".join([d.title, *d.aliases, d.summary, d.body])
        found.update(w for w in words(text) if in_vocabulary_range(w))
    return found


# Whole rebuilds (the reindex command) ------------------------------------------------------
def findable_pages(batch: int = 500) -> Iterator[KnowledgePage]:
    """Every live knowledge-base page, kind by kind, with what documents need prefetched."""
    for model in KB_KINDS.values():
        queryset = (
            model.objects.live()
            .exact_type(model)
            .select_related("locale")
            .prefetch_related("audiences", "topics")
            .order_by("pk")
        )
        last = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last)[:batch])
            if not chunk:
                break
            yield from chunk
            last = chunk[-1].pk


def rebuild_database(progress=lambda done, total: None) -> int:
    """Rebuild every search document from the pages; returns how many there are."""
    total = sum(model.objects.live().exact_type(model).count() for model in KB_KINDS.values())
    slugs, restricted, titles = section_slugs(), restricted_paths(), section_titles()
    seen: list[int] = []
    batch: list[Document] = []
    for page in findable_pages():
        if is_findable(page, restricted):
            batch.append(build_document(page, slugs, titles))
        if len(batch) >= BATCH:
            store_documents(batch)
            seen += [d.id for d in batch]
            batch = []
            progress(len(seen), total)
    store_documents(batch)
    seen += [d.id for d in batch]
    progress(len(seen), total)
    stale = list(SearchDocument.objects.exclude(pk__in=seen).values_list("pk", flat=True))
    remove_documents(stale)
    return len(seen)


def stored_documents(batch: int = 1000) -> Iterator[Document]:
    """The database's search documents, as the distributed engine indexes them."""
    facets: dict[int, dict[str, list[str]]] = {}
    last = 0
    while True:
        rows = list(SearchDocument.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not rows:
            return
        ids = [row.pk for row in rows]
        facets = {pk: {} for pk in ids}
        for pk, name, value in DocumentFacet.objects.filter(document_id__in=ids).values_list(
            "document_id", "name", "value"
        ):
            facets[pk].setdefault(name, []).append(value)
        for row in rows:
            yield document_of_row(row, facets[row.pk])
        last = ids[-1]


def document_of_row(row: SearchDocument, facets: dict[str, list[str]]) -> Document:
    return Document(
        id=row.pk,
        kind=row.kind,
        locale=row.locale,
        section=row.section,
        url=row.url,
        title=row.title,
        aliases=row.alias_list,
        summary=row.summary,
        body=row.body,
        audiences=sorted(facets.get("audience", [])),
        topics=sorted(facets.get("topic", [])),
        published_at=row.published_at,
        units=row.units,
    )
