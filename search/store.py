"""The database engine's document store: the search document of every findable page, its
facet values, the vocabulary for "did you mean", and Wagtail's search index over them. The
outbox (``search.sync``) calls this for changed pages; the reindex command for all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import QuerySet
from wagtail.search.backends import get_search_backend

from kb.areas import area_paths
from kb.models import KB_KINDS, KnowledgePage
from search.documents import (
    Document,
    build_document,
    is_findable,
    restricted_paths,
    section_titles,
)
from search.models import DocumentFacet, SearchDocument, VocabularyWord
from search.text import in_vocabulary_range, words

REBUILD_BATCH = 200  # documents written per bulk during a whole rebuild


def update_database(page_ids: list[int]) -> tuple[list[Document], list[int]]:
    """Rebuild the documents of these pages; remove those that must no longer be found."""
    pages = knowledge_pages(page_ids)
    slugs, restricted, titles = area_paths(), restricted_paths(), section_titles()
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


def knowledge_pages(page_ids: list[int]) -> list[KnowledgePage]:
    """The knowledge-base pages among these, kind by kind with what documents need prefetched:
    a fixed number of queries for a batch, whatever its size (pages of other types are left
    out, and so removed from search)."""
    return [
        page for model in KB_KINDS.values() for page in with_related(model).filter(pk__in=page_ids)
    ]


def with_related(model: type[KnowledgePage]) -> QuerySet:
    """Pages of exactly this kind, with what a search document reads beside the page."""
    return (
        model.objects.exact_type(model)
        .select_related("locale")
        .prefetch_related("audiences", "topics")
    )


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
    "area",
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
            area=d.area,
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
        text = " ".join([d.title, *d.aliases, d.area, d.summary, d.body])
        found.update(w for w in words(text) if in_vocabulary_range(w))
    return found


# Whole rebuilds (the reindex command) ------------------------------------------------------
def findable_pages(batch: int = 500) -> Iterator[KnowledgePage]:
    """Every live knowledge-base page, kind by kind, with what documents need prefetched."""
    for model in KB_KINDS.values():
        queryset = with_related(model).live().order_by("pk")
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
    slugs, restricted, titles = area_paths(), restricted_paths(), section_titles()
    seen: list[int] = []
    batch: list[Document] = []
    for page in findable_pages():
        if is_findable(page, restricted):
            batch.append(build_document(page, slugs, titles))
        if len(batch) >= REBUILD_BATCH:
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
        area=row.area,
    )
