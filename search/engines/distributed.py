"""The distributed engine: one index per locale behind one alias, with mappings, analyzers and
queries written in elasticsearch-dsl and sent by the engine's own client.

Norwegian analysis: Bokmål stemming (light_norwegian by default; Snowball ``norwegian`` by
setting, for comparison), Nynorsk stemming for ``nn``, stop words, scandinavian
normalization (never ASCII folding: å is not a), compound parts on ``.parts`` sub-fields,
editors' synonyms at search time, fuzzy matching for typos, exact title and alias matches.
Only features that OpenSearch 2.x/3.x and Elasticsearch 8 share are used."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import cache
from html import escape
from pathlib import Path

from django.conf import settings
from elasticsearch_dsl import (
    Date,
    Index,
    Integer,
    Keyword,
    Mapping,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from search.conf import SearchSettings
from search.documents import Document
from search.engines.clients import IndexUnusable, make_client
from search.query import (
    EXACT_MATCH_BONUS,
    FACET_NAMES,
    Hit,
    QueryPlan,
    SearchParams,
    SearchResult,
)

FIELD_OF_FACET = {name: name for name in FACET_NAMES}
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use characters: never in content
FEW_RESULTS = 3
EXACT_MATCH_BOOST = 20
WHOLE_WORD_FIELDS = ("title^6", "aliases^6", "summary^3", "body")
COMPOUND_PART_FIELDS = ("title.parts^5", "aliases.parts^5", "summary.parts^2.5", "body.parts^0.8")
TYPO_BOOST = 2.0  # a fuzzy match of a word the content does not have
COMPOUND_HEAD_BOOST = 1.0  # such a word begins a word of a title or alias
BULK_CHUNK = 500
# Stored in each index's mapping (``_meta``): an index built by another version of this
# mapping (or by anyone else) is not searched; the database engine answers until a rebuild.
# Raise it with every change to ``index_definition``.
MAPPING_VERSION = 2

NYNORSK_STOP_WORDS = (  # noqa: SIM905
    "og i eg det at ein eit den til er som på dei med han av ikkje der så var meg seg men "
    "har om vi mi min mitt ha hadde ho no over då ved frå du ut sin dykk opp kan hans kvar "
    "eller kva skal sjølv her alle vil bli vart kunne inn når vere kom nokon noko ville dykkar "
    "kun ja etter ned skulle denne for deg si sine sitt mot å dette desse utan korleis ingen "
    "din ditt blir same kven kvifor berre fordi før mykje også slik vore sidan me dei deira"
).split()

LANGUAGE = {  # locale: (stop words, stemmer)
    "nb": ("_norwegian_", None),  # the Bokmål stemmer comes from settings
    "nn": (NYNORSK_STOP_WORDS, "light_nynorsk"),
    "en": ("_english_", "light_english"),
}


@cache
def compound_parts() -> list[str]:
    path = Path(__file__).resolve().parent.parent / "analysis" / "compound_parts.txt"
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def locales() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# Index definition --------------------------------------------------------------------------
def index_definition(name: str, locale: str, stemmer: str, synonyms: list[list[str]]) -> Index:
    stop_words, stem_language = LANGUAGE.get(locale, LANGUAGE["nb"])
    stem_language = stem_language or stemmer
    stop = token_filter("kb_stop", "stop", stopwords=stop_words)
    stem = token_filter("kb_stem", "stemmer", language=stem_language)
    parts = token_filter(
        "kb_compound_parts",
        "dictionary_decompounder",
        word_list=compound_parts(),
        min_subword_size=3,
        only_longest_match=False,
    )
    edge = token_filter("kb_edge", "edge_ngram", min_gram=1, max_gram=20)
    norm = "scandinavian_normalization"
    search_filters = ["lowercase", stop]
    if synonyms:
        rules = [", ".join(group) for group in synonyms if len(group) > 1]
        search_filters.append(
            token_filter("kb_synonyms", "synonym_graph", synonyms=rules, lenient=True)
        )
    text = analyzer("kb_text", tokenizer="standard", filter=["lowercase", stop, norm, stem])
    search = analyzer("kb_search", tokenizer="standard", filter=[*search_filters, norm, stem])
    compound = analyzer(
        "kb_parts", tokenizer="standard", filter=["lowercase", parts, stop, norm, stem]
    )
    prefix = analyzer("kb_prefix", tokenizer="standard", filter=["lowercase", norm, edge])
    prefix_search = analyzer("kb_prefix_search", tokenizer="standard", filter=["lowercase", norm])
    spell = analyzer("kb_spell", tokenizer="standard", filter=["lowercase"])
    lower = normalizer("kb_lower", filter=["lowercase"])

    def text_field(*, exact: bool = False, autocomplete: bool = False) -> Text:
        fields = {"parts": Text(analyzer=compound)}
        if exact:
            fields["exact"] = Keyword(normalizer=lower, ignore_above=256)
        if autocomplete:
            fields["prefix"] = Text(analyzer=prefix, search_analyzer=prefix_search)
        # Offsets in the postings let the highlighter find matches without analysing the
        # text again at every search.
        return Text(
            analyzer=text,
            search_analyzer=search,
            fields=fields,
            copy_to="spell",
            index_options="offsets",
        )

    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    mapping.meta("_meta", {"veiviser_mapping": MAPPING_VERSION})
    mapping.field("id", Integer())
    for keyword in ("type", "locale", "section", "audience", "topic"):
        mapping.field(keyword, Keyword())
    mapping.field("url", Keyword(index=False))
    mapping.field("published_at", Date())
    mapping.field("title", text_field(exact=True, autocomplete=True))
    mapping.field("aliases", text_field(exact=True, autocomplete=True))
    mapping.field("summary", text_field())
    mapping.field("body", text_field())
    mapping.field("spell", Text(analyzer=spell))
    mapping.field("units", Object(enabled=False))  # kept, not searched: search.units reads it

    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, refresh_interval="1s")
    index.mapping(mapping)
    return index


# Queries -----------------------------------------------------------------------------------
def relevance_query(plan: QueryPlan) -> Q:
    text = plan.text
    clauses = [
        # Whole words and compound parts in one field group: the best field counts, so a
        # word found whole is not counted again as a part, and a part found in a title
        # («tunnelen» in «Radikaliseringstunnelen») weighs nearly as much as a whole word.
        Q(
            "multi_match",
            query=text,
            type="best_fields",
            tie_breaker=0.3,
            fields=[*WHOLE_WORD_FIELDS, *COMPOUND_PART_FIELDS],
        ),
        exact_match(plan, boost=EXACT_MATCH_BOOST),
    ]
    if plan.unknown:
        clauses += unknown_word_clauses(" ".join(plan.unknown))
    for phrase in plan.synonyms:  # editors' synonyms also count when the index is older
        clauses.append(
            Q(
                "multi_match",
                query=phrase,
                type="phrase",
                fields=["title^4", "aliases^4", "summary^2", "body"],
            )
        )
    if plan.expansions:  # words the answers to this kind of question hold
        clauses.append(
            Q("multi_match", query=" ".join(plan.expansions), fields=["body"], boost=0.5)
        )
    query = Q("bool", should=clauses, minimum_should_match=1)
    functions = [
        {"filter": Q("term", type=kind), "weight": weight}
        for kind, weight in sorted(plan.kind_boosts.items())
    ]
    functions.append({"filter": exact_match(plan), "weight": EXACT_MATCH_BONUS})
    # Every document has one kind; the exact-match bonus multiplies its weight, as in the
    # database engine. Functions whose filter does not match count as 1.
    return Q(
        "function_score",
        query=query,
        functions=functions,
        score_mode="multiply",
        boost_mode="multiply",
    )


def unknown_word_clauses(words: str) -> list[Q]:
    """For words the content does not have: a typo (edit distance by word length), or the
    first part of a compound that only occurs whole («friomsorg» in «friomsorgskontor»).
    Neither on the long body text."""
    return [
        Q(
            "multi_match",
            query=words,
            fields=["title^2", "aliases^2", "summary"],
            fuzziness="AUTO",
            prefix_length=1,
            max_expansions=20,
            analyzer="kb_text",
            boost=TYPO_BOOST,
        ),
        Q(
            "multi_match",
            query=words,
            fields=["title.prefix^2", "aliases.prefix^2"],
            boost=COMPOUND_HEAD_BOOST,
        ),
    ]


def exact_match(plan: QueryPlan, boost: float = 1.0) -> Q:
    """The query, or its content words, is the title, an alias or an acronym."""
    names = sorted({plan.text, " ".join(plan.terms)})
    return Q(
        "bool",
        should=[
            Q("terms", **{"title.exact": names}),
            Q("terms", **{"aliases.exact": names}),
        ],
        boost=boost,
    )


def highlight_query(plan: QueryPlan) -> Q:
    """What to mark in snippets: the query's words and the synonyms' phrases, as they match
    in the text. Much cheaper than highlighting with the whole relevance query, whose typo
    and compound clauses would be expanded again for every hit."""
    phrases = [plan.text, *plan.synonyms] if not plan.is_empty else []
    should = [Q("multi_match", query=phrase, fields=["summary", "body"]) for phrase in phrases]
    if plan.unknown:  # mark what a typo was taken to mean (in the summary: it is short)
        should.append(
            Q(
                "multi_match",
                query=" ".join(plan.unknown),
                fields=["summary"],
                fuzziness="AUTO",
                prefix_length=1,
                max_expansions=10,
            )
        )
    return Q("bool", should=should)


def facet_filter(name: str, values: Iterable[str]) -> Q:
    return Q("terms", **{FIELD_OF_FACET[name]: list(values)})


def search_body(params: SearchParams, plan: QueryPlan) -> dict:
    """The request body of a search: query, disjunctive facets and highlights."""
    search = Search()
    if plan.is_empty:
        search = search.query(Q("match_all")).sort({"title.exact": "asc"})
    else:
        search = search.query(relevance_query(plan))
    filters = {name: facet_filter(name, values) for name, values in params.filters().items()}
    if filters:
        search = search.post_filter(Q("bool", filter=list(filters.values())))
    for name in FACET_NAMES:
        others = [query for other, query in filters.items() if other != name]
        search.aggs.bucket(name, "filter", filter=Q("bool", filter=others)).bucket(
            "values", "terms", field=FIELD_OF_FACET[name], size=100
        )
    search = search.highlight(
        "summary", "body", fragment_size=200, number_of_fragments=1, no_match_size=0
    ).highlight_options(
        pre_tags=[MARK_START],
        post_tags=[MARK_END],
        type="unified",
        require_field_match=False,
        highlight_query=highlight_query(plan).to_dict(),
    )
    search = search.source(["id", "type", "title", "url", "summary", "units"])
    search = search.extra(track_total_hits=True, from_=params.offset, size=params.limit)
    return search.to_dict()


def suggest_body(plan: QueryPlan) -> dict:
    """The request for "did you mean", asked only when a search found few results."""
    search = Search().suggest(
        "did_you_mean",
        plan.text,
        term={"field": "spell", "suggest_mode": "missing", "min_word_length": 4},
    )
    return search.extra(size=0, track_total_hits=False).to_dict()


def autocomplete_body(text: str, locale: str | None, limit: int) -> dict:
    search = Search().query(
        Q(
            "multi_match",
            query=text,
            type="best_fields",
            operator="and",
            fields=["title.prefix^2", "aliases.prefix"],
        )
    )
    if locale:
        search = search.filter(Q("term", locale=locale))
    search = search.source(["id", "type", "title", "url", "aliases"])
    return search.extra(size=limit).to_dict()


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
