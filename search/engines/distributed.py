"""The distributed engine: one index per locale behind one alias, searched with the requests
of ``search.engines.queries`` over the mapping of ``search.engines.analysis``, and kept by
generations: a new one is built beside the old and swapped in by alias, so search never goes
empty. An index that is missing or built with another mapping is not searched
(``IndexUnusable``): the database engine answers until it is rebuilt."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from html import escape

from search.conf import SearchSettings
from search.documents import Document
from search.engines.analysis import MAPPING_VERSION, index_definition, locales
from search.engines.clients import IndexUnusable, make_client
from search.engines.queries import (
    MARK_END,
    MARK_START,
    autocomplete_body,
    search_body,
    suggest_body,
)
from search.query import FACET_NAMES, Hit, QueryPlan, SearchParams, SearchResult

FEW_RESULTS = 3
BULK_CHUNK = 500


# The engine --------------------------------------------------------------------------------
class DistributedEngine:
    def __init__(self, conf: SearchSettings) -> None:
        self.conf = conf
        # Searches must answer fast; single-page writes may take a little longer; creating
        # indices and bulk loads longer still.
        self.client = make_client(conf.engine, conf.url, conf.timeout)
        self.writer = make_client(conf.engine, conf.url, max(10.0, conf.timeout * 5))
        self.admin = make_client(conf.engine, conf.url, 120.0)
        self.name = self.client.engine
        self.alias = conf.index
        self.index_checked = False  # the alias's indices were found usable by this process

    def write_alias(self, locale: str) -> str:
        return f"{self.alias}-{locale if locale in locales() else locales()[0]}"

    # Search ------------------------------------------------------------------------------
    def search(self, params: SearchParams, plan: QueryPlan) -> SearchResult:
        self.check_index()
        try:
            response = self.client.search(self.alias, search_body(params, plan))
        except IndexUnusable:
            self.index_checked = False  # look again before the next search
            raise
        hits = [self._hit(hit) for hit in response["hits"]["hits"]]
        count = response["hits"]["total"]["value"]
        facets = {
            name: {
                bucket["key"]: bucket["doc_count"]
                for bucket in response["aggregations"][name]["values"]["buckets"]
            }
            for name in FACET_NAMES
        }
        result = SearchResult(count=count, items=hits, facets=facets, engine=self.name)
        if count < FEW_RESULTS and not plan.is_empty:
            suggested = self.client.search(self.alias, suggest_body(plan))
            result.suggestion = _suggestion(plan.text, suggested.get("suggest", {}))
        return result

    @staticmethod
    def _hit(hit: dict) -> Hit:
        source = hit["_source"]
        fragments = hit.get("highlight", {})
        snippet = (fragments.get("body") or fragments.get("summary") or [""])[0]
        html = _marked(snippet) if snippet else escape(_shorten(source.get("summary", "")))
        return Hit(
            id=source["id"],
            type=source["type"],
            title=source["title"],
            url=source["url"],
            snippet=html,
            score=round(hit.get("_score") or 0.0, 4),
            units=source.get("units") or [],
        )

    def autocomplete(self, prefix: str, locale: str | None, limit: int = 8) -> list[dict]:
        from search.text import clean_query

        text = clean_query(prefix)
        if not text:
            return []
        self.check_index()
        response = self.client.search(self.alias, autocomplete_body(text, locale, limit))
        return [
            {"label": s["title"], "id": s["id"], "type": s["type"], "url": s["url"]}
            for s in (hit["_source"] for hit in response["hits"]["hits"][:limit])
        ]

    # The index's state -------------------------------------------------------------------
    def index_problem(self) -> str | None:
        """Why the alias's indices cannot answer searches, or None when they can."""
        if not self.client.alias_targets(self.alias):
            return f"no index behind the alias {self.alias}"
        for index, meta in self.client.mapping_meta(self.alias).items():
            if meta.get("veiviser_mapping") != MAPPING_VERSION:
                return f"the index {index} was built with another mapping"
        return None

    def check_index(self) -> None:
        """Raise ``IndexUnusable`` unless the index was found usable (checked once a process,
        and again after a failure)."""
        if self.index_checked:
            return
        problem = self.index_problem()
        if problem:
            raise IndexUnusable(problem)
        self.index_checked = True

    # Indexing ----------------------------------------------------------------------------
    def has_index(self) -> bool:
        return bool(self.client.alias_targets(self.alias))

    def upsert(self, documents: Iterable[Document], refresh: bool = False) -> None:
        operations: list[dict] = []
        for document in documents:
            operations += [
                {"index": {"_index": self.write_alias(document.locale), "_id": str(document.id)}},
                document.as_source(),
            ]
        self._bulk(operations, refresh, self.writer)

    def delete(self, ids: Iterable[int], refresh: bool = False) -> None:
        operations = [
            {"delete": {"_index": self.write_alias(locale), "_id": str(pk)}}
            for pk in ids
            for locale in locales()
        ]
        self._bulk(operations, refresh, self.writer)

    def _bulk(self, operations: list[dict], refresh: bool, client=None) -> None:
        client = client or self.admin
        for start in range(0, len(operations), BULK_CHUNK * 2):
            response = client.bulk(operations[start : start + BULK_CHUNK * 2], refresh)
            if response.get("errors"):
                failed = [
                    item
                    for item in response["items"]
                    for action, result in item.items()
                    if result.get("status", 200) >= 300
                    and not (action == "delete" and result.get("status") == 404)
                ]
                if failed:
                    raise RuntimeError(f"The engine refused {len(failed)} documents: {failed[:3]}")

    def refresh(self) -> None:
        self.admin.refresh(self.alias)

    def rebuild(
        self,
        documents: Callable[[], Iterable[Document]],
        synonyms: list[list[str]],
        progress: Callable[[int], None] = lambda done: None,
    ) -> list[str]:
        """Build a new generation of indices from ``documents``, then swap the aliases to it
        in one atomic step, so that search never goes empty. Returns the new index names."""
        names = self._create_generation(synonyms, swap=False)
        batch: list[Document] = []
        done = 0
        for document in documents():
            batch.append(document)
            if len(batch) == BULK_CHUNK:
                self._bulk_into(names, batch)
                done += len(batch)
                progress(done)
                batch = []
        if batch:
            self._bulk_into(names, batch)
            done += len(batch)
            progress(done)
        for name in names.values():
            self.admin.refresh(name)
        self._swap(names)
        return list(names.values())

    def _bulk_into(self, names: dict[str, str], documents: list[Document]) -> None:
        operations: list[dict] = []
        for document in documents:
            locale = document.locale if document.locale in names else locales()[0]
            operations += [
                {"index": {"_index": names[locale], "_id": str(document.id)}},
                document.as_source(),
            ]
        self._bulk(operations, refresh=False)

    def _create_generation(self, synonyms: list[list[str]], swap: bool) -> dict[str, str]:
        stamp = time.strftime("%Y%m%d%H%M%S") + f"{time.time_ns() % 1_000_000:06d}"
        names = {locale: f"{self.alias}-{locale}-{stamp}" for locale in locales()}
        for locale, name in names.items():
            body = index_definition(name, locale, self.conf.stemmer, synonyms).to_dict()
            self.admin.create_index(name, body)
        if swap:
            self._swap(names)
        return names

    def _swap(self, names: dict[str, str]) -> None:
        """Point the read alias and each locale's write alias at ``names``, atomically."""
        actions: list[dict] = []
        old: set[str] = set()
        for index in self.client.alias_targets(self.alias):
            actions.append({"remove": {"index": index, "alias": self.alias}})
            old.add(index)
        for locale, index in names.items():
            write = self.write_alias(locale)
            for stale in self.client.alias_targets(write):
                actions.append({"remove": {"index": stale, "alias": write}})
                old.add(stale)
            actions.append({"add": {"index": index, "alias": self.alias}})
            actions.append({"add": {"index": index, "alias": write}})
        self.admin.update_aliases(actions)
        for index in sorted(old - set(names.values())):
            self.admin.delete_index(index)

    def all_ids(self) -> list[int]:
        """Every document id in the read alias, page by page (search_after)."""
        ids: list[int] = []
        after = None
        while True:
            body = {
                "query": {"match_all": {}},
                "size": 5000,
                "sort": [{"id": "asc"}],
                "_source": ["id"],
            }
            if after is not None:
                body["search_after"] = after
            hits = self.admin.search(self.alias, body)["hits"]["hits"]
            if not hits:
                return ids
            ids += [hit["_source"]["id"] for hit in hits]
            after = hits[-1]["sort"]

    def drop(self) -> None:
        """Delete every index of this alias prefix (tests and benchmarks)."""
        for index in self.admin.indices(f"{self.alias}-*"):
            self.admin.delete_index(index)


def _marked(fragment: str) -> str:
    return escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def _shorten(text: str, width: int = 200) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _suggestion(text: str, suggest: dict) -> str | None:
    entries = suggest.get("did_you_mean") or []
    replaced, changed = text, False
    for entry in entries:
        if entry.get("options"):
            best = entry["options"][0]["text"]
            replaced = replaced.replace(entry["text"], best, 1)
            changed = True
    return replaced if changed else None
