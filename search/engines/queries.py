"""The distributed engine's requests: the relevance query, facets, highlights, "did you
mean" and autocomplete, written with elasticsearch-dsl for both engines' clients."""

from __future__ import annotations

from collections.abc import Iterable

from elasticsearch_dsl import Q, Search

from search.query import EXACT_MATCH_BONUS, FACET_NAMES, QueryPlan, SearchParams

FIELD_OF_FACET = {name: name for name in FACET_NAMES}
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use characters: never in content
EXACT_MATCH_BOOST = 20
WHOLE_WORD_FIELDS = ("title^6", "aliases^6", "headings^4", "summary^3", "area^3", "body")
COMPOUND_PART_FIELDS = (
    "title.parts^5",
    "aliases.parts^5",
    "headings.parts^3",
    "summary.parts^2.5",
    "body.parts^0.8",
)
STEP_TITLE_BOOST = 10.0
SYNONYM_WEIGHT = 0.4  # a match through the synonym graph (which also holds the word as typed)
TYPO_BOOST = 2.0  # a fuzzy match of a word the content does not have
COMPOUND_HEAD_BOOST = 1.0  # such a word begins a word of a title or alias


# Queries -----------------------------------------------------------------------------------
def relevance_query(plan: QueryPlan) -> Q:
    text = plan.text
    clauses = [
        # Whole words and compound parts in one field group: the best field counts, so a
        # word found whole is not counted again as a part, and a part found in a title
        # («tunnelen» in «Radikaliseringstunnelen») weighs nearly as much as a whole word.
        # The thesaurus's and editors' synonyms (the index's search-time synonym graph)
        # count, but less than the words as typed: «melde til PST» is about reporting to
        # PST, not about PST's full name.
        Q(
            "dis_max",
            tie_breaker=0.3,
            queries=[
                Q("multi_match", query=text, fields=[*WHOLE_WORD_FIELDS], analyzer="kb_text"),
                Q("multi_match", query=text, fields=[*COMPOUND_PART_FIELDS]),
                Q("multi_match", query=text, fields=[*WHOLE_WORD_FIELDS], boost=SYNONYM_WEIGHT),
            ],
        ),
        exact_match(plan, boost=EXACT_MATCH_BOOST),
        # A step whose title holds the query's words (two of three when longer): few
        # documents have steps, so BM25's weight (how rare a word is among step titles)
        # says little about a match there. Counted on the words as typed: a synonym graph
        # would make «strategisk gruppe» one clause, and the share of clauses required
        # would change with the thesaurus.
        Q(
            "constant_score",
            filter=Q(
                "match",
                headings={"query": text, "minimum_should_match": "2<66%", "analyzer": "kb_text"},
            ),
            boost=STEP_TITLE_BOOST,
        ),
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
                analyzer="kb_text",  # the phrase as it is: through the graph, each would
                boost=SYNONYM_WEIGHT,  # bring in every other name of its concept again
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
    """The query, or its content words, is the title, an alias, an acronym or the name of
    the page's area."""
    names = sorted({plan.text, " ".join(plan.terms)})
    return Q(
        "bool",
        should=[
            Q("terms", **{"title.exact": names}),
            Q("terms", **{"aliases.exact": names}),
            Q("terms", **{"area.exact": names}),
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
