"""The database engine: Wagtail's own search backend over the search documents.

PostgreSQL: full text with the Norwegian configuration and weights (title, aliases, summary,
body), trigram similarity for typos. SQLite: FTS5 without folding æ, ø, å. Candidates come
from Wagtail's backend in its relevance order; they are then weighed by kind and question
(``QueryPlan.kind_boosts``) and by exact title or alias matches, as the distributed engine
does in its query."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, QuerySet
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, Phrase, PlainText

from search.corrections import edit_distance, is_near
from search.models import DocumentFacet, SearchDocument, VocabularyWord
from search.query import (
    EXACT_MATCH_BONUS,
    FACET_NAMES,
    Hit,
    QueryPlan,
    SearchParams,
    SearchResult,
)
from search.text import clean_query, highlight, lines_of

CANDIDATES = 200  # how many of the backend's best are weighed again
FEW_RESULTS = 3  # below this, "did you mean" is offered
RANDOM_PAGE_COST = 1.1  # PostgreSQL's usual figure for solid-state storage
NEAREST_CANDIDATES = 10
MIN_SUGGESTED_LENGTH = 4  # shorter unknown words have too many near neighbours to guess


class DatabaseEngine:
    def __init__(self) -> None:
        self.backend = get_search_backend()
        self.name = connection.vendor  # postgresql or sqlite

    # Search -----------------------------------------------------------------------------
    def search(self, params: SearchParams, plan: QueryPlan) -> SearchResult:
        with transaction.atomic(), connection.cursor() as cursor:
            if self.name == "postgresql":
                # The index entries' vectors are stored out of line (TOAST): matching
                # ``title || body`` row by row costs far more than the planner's defaults
                # assume, so for broad queries it would scan every entry instead of using
                # the GIN index on that expression. Storage here is solid-state: say so,
                # until the end of the transaction (the request's, under ATOMIC_REQUESTS).
                cursor.execute(f"SET LOCAL random_page_cost = {RANDOM_PAGE_COST}")
            result = self._search(params, plan)
        if result.count < FEW_RESULTS and not plan.is_empty:
            result.suggestion = self.suggest(plan)
        return result

    def _search(self, params: SearchParams, plan: QueryPlan) -> SearchResult:
        documents = self._filtered(params, params.filters())
        facets = self.facets(params, plan)
        if plan.is_empty:
            count = _count_from(facets, params)
            count = documents.count() if count is None else count
            page = documents.order_by("title")[params.offset : params.offset + params.limit]
            ranked = [(doc, 1.0) for doc in page]
            return self._result(params, plan, ranked, count, facets, offset=0)
        count = _count_from(facets, params)
        results = self.backend.search(self._query(plan), documents, operator="or")
        results = results.annotate_score("_score")
        if count is None:
            count = results.count()
        if count == 0:
            return self._result(params, plan, [], 0, facets)
        window = max(CANDIDATES, params.offset + params.limit)
        ranked = self._rerank(_candidates(results, window), plan)
        return self._result(params, plan, ranked, count, facets)

    def _query(self, plan: QueryPlan):
        # The content words: question words of any language must not weigh in the ranking.
        query = PlainText(" ".join(plan.terms), operator="or")
        extra = [Phrase(phrase) for phrase in plan.synonyms]
        if plan.parts:
            extra.append(PlainText(" ".join(plan.parts), operator="and"))
        if plan.completions:
            extra.append(PlainText(" ".join(plan.completions), operator="or"))
        if plan.expansions:
            extra.append(PlainText(" ".join(plan.expansions), operator="or"))
        return Or([query, *extra]) if extra else query

    def _filtered(self, params: SearchParams, filters: dict) -> QuerySet:
        documents = SearchDocument.objects.all()
        for name, values in filters.items():
            chosen = DocumentFacet.objects.filter(name=name, value__in=values)
            documents = documents.filter(page_id__in=chosen.values("document_id"))
        return documents

    def _rerank(self, documents: list[Candidate], plan: QueryPlan) -> list:
        if not documents:
            return []
        # PostgreSQL ranks higher-is-better; SQLite's BM25 lower-is-better.
        sign = -1.0 if self.name == "sqlite" else 1.0
        scores = [sign * doc.score for doc in documents]
        low, high = min(scores), max(scores)
        span = (high - low) or 1.0
        ranked = []
        for doc, score in zip(documents, scores, strict=True):
            relevance = 0.2 + 0.8 * (score - low) / span
            weight = plan.kind_boosts.get(doc.kind, 1.0)
            if _exact(doc, plan):
                weight *= EXACT_MATCH_BONUS
            ranked.append((doc, relevance * weight))
        ranked.sort(key=lambda pair: (-pair[1], pair[0].title))
        return ranked

    def _result(self, params, plan, ranked, count, facets, offset=None) -> SearchResult:
        start = params.offset if offset is None else offset
        page = ranked[start : start + params.limit]
        full = SearchDocument.objects.in_bulk([doc.pk for doc, _score in page])
        terms = plan.highlight_terms
        hits = []
        for candidate, score in page:
            doc = full[candidate.pk]
            hits.append(
                Hit(
                    id=doc.pk,
                    type=doc.kind,
                    title=doc.title,
                    url=doc.url,
                    snippet=highlight(f"{doc.summary}\n{doc.body}", terms),
                    score=round(score, 4),
                    units=doc.units,
                )
            )
        return SearchResult(count=count, items=hits, facets=facets, engine=self.name)

    # Facets: disjunctive, each counted with every filter but its own -------------------
    def facets(self, params: SearchParams, plan: QueryPlan) -> dict[str, dict[str, int]]:
        filters = params.filters()
        groups: dict[tuple, list[str]] = defaultdict(list)
        for name in FACET_NAMES:
            others = tuple(sorted((k, v) for k, v in filters.items() if k != name))
            groups[others].append(name)
        facets: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
        for others, names in groups.items():
            matched = self._matched_ids(params, plan, dict(others))
            rows = (
                DocumentFacet.objects.filter(document_id__in=matched, name__in=names)
                .values("name", "value")
                .annotate(count=Count("document_id"))
                .order_by("name", "-count", "value")
            )
            for row in rows:
                facets[row["name"]][row["value"]] = row["count"]
        return facets

    def _matched_ids(self, params, plan, filters) -> QuerySet:
        documents = self._filtered(params, filters)
        if plan.is_empty:
            return documents.values("page_id")
        results = self.backend.search(self._query(plan), documents, operator="or")
        return results.get_queryset().order_by().values("page_id")

    # Autocomplete and "did you mean" ----------------------------------------------------
    def autocomplete(self, prefix: str, locale: str | None, limit: int = 8) -> list[dict]:
        text = clean_query(prefix)
        if not text:
            return []
        documents = SearchDocument.objects.all()
        if locale:
            documents = documents.filter(locale=locale)
        found = self.backend.autocomplete(text, documents, operator="and")[: limit * 3]
        return _suggestions(list(found), text, limit)

    def suggest(self, plan: QueryPlan) -> str | None:
        """The query with each unknown word replaced by the nearest known one."""
        changed, out = False, []
        for word in plan.text.split():
            unknown = word in plan.correctable and len(word) >= MIN_SUGGESTED_LENGTH
            nearest = self._nearest(word) if unknown else None
            changed |= bool(nearest)
            out.append(nearest or word)
        return " ".join(out) if changed else None

    def _nearest(self, word: str) -> str | None:
        if self.name == "postgresql":
            from django.contrib.postgres.search import TrigramSimilarity

            similar = (
                VocabularyWord.objects.annotate(similarity=TrigramSimilarity("word", word))
                .filter(similarity__gte=0.35)
                .order_by("-similarity", "-frequency")
                .values_list("word", flat=True)[:NEAREST_CANDIDATES]
            )
            # Of the similar words, the nearest in edits that is a confident correction
            # («ekstremsime»: «ekstremisme», not the more similar-looking «ekstreme»).
            near = [candidate for candidate in similar if is_near(word, candidate)]
            return min(near, key=lambda candidate: edit_distance(word, candidate), default=None)
        candidates = VocabularyWord.objects.filter(word__startswith=word[:1]).values_list(
            "word", flat=True
        )
        close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
        return close[0] if close else None


@dataclass(slots=True)
class Candidate:
    """What re-ranking reads of a match (a model instance each costs more than the rest)."""

    pk: int
    kind: str
    title: str
    aliases: str
    area: str
    score: float

    @property
    def alias_list(self) -> list[str]:
        return lines_of(self.aliases)


def _candidates(results, window: int) -> list[Candidate]:
    """The backend's best ``window`` matches in its order, with only what re-ranking reads:
    not the bodies, nor the matched vectors that the backend would otherwise send along."""
    rows = (
        results[:window]
        .get_queryset()
        .values_list("page_id", "kind", "title", "aliases", "area", "_score")
    )
    return [
        Candidate(pk, kind, title, aliases, area, score or 0.0)
        for pk, kind, title, aliases, area, score in rows
    ]


def _count_from(facets: dict[str, dict[str, int]], params: SearchParams) -> int | None:
    """Every document has exactly one type and one locale, so an unfiltered one of those
    facets, counted with all the other filters, sums to the number of matches."""
    filters = params.filters()
    for name in ("type", "locale"):
        if name not in filters:
            return sum(facets[name].values())
    return None


def _exact(doc: Candidate, plan: QueryPlan) -> bool:
    wanted = {plan.text, " ".join(plan.terms)}
    names = [doc.title, *doc.alias_list, doc.area]
    return any(clean_query(name) in wanted for name in names)


def _suggestions(documents: list[SearchDocument], text: str, limit: int) -> list[dict]:
    """One suggestion a page, in the backend's order, leading straight to it."""
    return [
        {"label": doc.title, "id": doc.pk, "type": doc.kind, "url": doc.url}
        for doc in documents[:limit]
    ]
