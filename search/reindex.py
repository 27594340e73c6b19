"""Full rebuilds: every search document from the pages, then a new generation of the
distributed engine's indices, swapped in by alias so that search never goes empty."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from search.engines import distributed_engine
from search.models import SearchDocument
from search.store import document_of_row, stored_documents
from search.sync import current_synonyms

Progress = Callable[[int, int], None]


def rebuild_distributed(progress: Progress = lambda done, total: None) -> list[str]:
    engine = distributed_engine()
    if engine is None:
        return []
    started = timezone.now()
    total = SearchDocument.objects.count()
    names = engine.rebuild(
        stored_documents, current_synonyms(), progress=lambda done: progress(done, total)
    )
    catch_up(engine, started)
    return names


def catch_up(engine, since) -> None:
    """Changes indexed into the old generation while the new one was being built."""
    changed = SearchDocument.objects.filter(updated_at__gte=since).prefetch_related("facets")
    if changed.exists():
        engine.upsert(document_of_row(row, _facets(row)) for row in changed)
    known = set(SearchDocument.objects.values_list("pk", flat=True))
    engine.refresh()
    stale = [pk for pk in engine.all_ids() if pk not in known]
    if stale:
        engine.delete(stale)


def _facets(row: SearchDocument) -> dict[str, list[str]]:
    facets: dict[str, list[str]] = {}
    for facet in row.facets.all():  # prefetched: one query for all the changed documents
        facets.setdefault(facet.name, []).append(facet.value)
    return facets
