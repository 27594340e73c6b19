"""What was asked and what is answered: the request, the query plan both engines follow, and
the result shape both engines return."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from django.core.cache import cache

from search.text import STOP_WORDS, clean_query, content_words, in_vocabulary_range, words

MAX_QUERY_LENGTH = 200
EXACT_MATCH_BONUS = 4.0  # weight when the query is a title, an alias or an acronym
FACET_NAMES = ("type", "section", "audience", "topic", "locale")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    types: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    limit: int = 10
    offset: int = 0

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Active facet filters by facet name."""
        values = {
            "type": self.types,
            "section": self.sections,
            "audience": self.audiences,
            "topic": self.topics,
            "locale": self.locales,
        }
        return {name: chosen for name, chosen in values.items() if chosen}

    def with_query(self, q: str) -> SearchParams:
        return replace(self, q=q)


@dataclass
class Hit:
    id: int
    type: str
    title: str
    url: str
    snippet: str  # HTML: escaped text, matches in <mark>
    score: float = 0.0
    units: list[dict] = field(default_factory=list, repr=False)  # steps (search.units)
    step: int | None = None  # the step that answers the question, when one does
    step_title: str | None = None


@dataclass
class Pick:
    title: str
    url: str
    description: str
    id: int | None = None
    type: str | None = None


@dataclass
class SearchResult:
    count: int
    items: list[Hit]
    facets: dict[str, dict[str, int]]
    engine: str
    suggestion: str | None = None  # "did you mean"
    corrected_from: str | None = None  # the query as typed, when results are for the suggestion
    picks: list[Pick] = field(default_factory=list)


# Kinds are weighed before any question is asked: the things staff act on come first,
# the long plan document last (it mentions everything).
KIND_PRIOR = {
    "routine": 1.4,
    "checklist": 1.3,
    "concept": 1.2,
    "actor": 1.15,
    "contact": 1.1,
    "law": 1.05,
    "resource": 0.95,
    "threat": 0.85,
    "measure": 0.8,
    "plan": 0.5,
}

# What a question asks for, the kinds that answer it, and words that the answers hold
# though the question lacks them (a contact's document says "Telefon 02800").
INTENTS: list[tuple[re.Pattern, dict[str, float], tuple[str, ...]]] = [
    (  # "what do I do", "I'm worried", "report"
        re.compile(
            r"\b(hva|hvordan|kva|korleis)\s+(gjør|gjer|skal|bør|må|melder|gjøre|gjere)\b"
            r"|\bbekym|\bmelde|\bmelding|\brutine|\bwhat (do|should) i\b|\bwhat to do\b"
            r"|\bworried\b|\buroa?\b",
            re.IGNORECASE,
        ),
        {"routine": 3.0, "checklist": 1.8},
        (),
    ),
    (  # signs and factors: the checklists
        re.compile(
            r"\btegn\b|\bsignal|\bsjekkliste|\brisikofaktor|\bbeskyttelsesfaktor|\bsigns?\b",
            re.IGNORECASE,
        ),
        {"checklist": 3.0},
        (),
    ),
    (  # who to call
        re.compile(
            r"\bring(e|er|je)?\b|\btelefon|\bnummer|\bnødnummer|\bkontakt|\bhvem\b|\bkven\b"
            r"|\bphone\b|\bcall\b|\bnumber\b|\bhelpline\b",
            re.IGNORECASE,
        ),
        {"contact": 2.5, "actor": 1.5},
        ("telefon",),
    ),
    (  # the law
        re.compile(
            r"\blov\b|\blovlig|\bulovlig|\bstraff|\bparagraf|§|\b(il)?legal\b|\blaw\b",
            re.IGNORECASE,
        ),
        {"law": 2.5},
        (),
    ),
]


@dataclass(frozen=True)
class QueryPlan:
    """The query as both engines should understand it."""

    text: str  # the words of the query
    terms: tuple[str, ...]  # its content words (no stop words)
    synonyms: tuple[str, ...]  # phrases that editors say mean the same as part of the query
    kind_boosts: dict[str, float]
    # Content words found nowhere in the content: only these may be typos. A word the
    # content uses is matched as it is; widening it to its neighbours would cost time and
    # bring in other words («vold» is not «volk»).
    unknown: tuple[str, ...] = ()
    # Unknown words that are no name in the thesaurus or editors' synonyms either: only
    # these may be corrected («Mente du …?»). A thesaurus name the content lacks is still
    # matched as an unknown word is (as a compound's parts, a longer word's head).
    correctable: tuple[str, ...] = ()
    # Known words that unknown compounds are made of («politikontakt»: politi, kontakt), for
    # the database engine, whose stemmer does not split compounds (the distributed engine's
    # ``.parts`` fields do).
    parts: tuple[str, ...] = ()
    # Longer words of the content that an unknown word begins («friomsorg»:
    # «friomsorgskontor»), for the database engine (the distributed one matches prefixes).
    completions: tuple[str, ...] = ()
    # Words the question's intent adds (who to call: "telefon"), matched with a low weight.
    expansions: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.text

    @property
    def highlight_terms(self) -> list[str]:
        extra = [word for phrase in self.synonyms for word in content_words(phrase)]
        return list(dict.fromkeys([*self.terms, *extra]))


def plan_query(q: str) -> QueryPlan:
    text = clean_query(q[:MAX_QUERY_LENGTH])
    terms = tuple(content_words(text)) or tuple(words(text))
    boosts = dict(KIND_PRIOR)
    expansions: list[str] = []
    for pattern, kinds, words_of_answers in INTENTS:
        if pattern.search(q):
            for kind, boost in kinds.items():
                boosts[kind] = boosts[kind] * boost
            expansions += [word for word in words_of_answers if word not in terms]
    synonyms = synonyms_for(text)
    unknown = unknown_words(terms)
    names = thesaurus_words()
    return QueryPlan(
        text=text,
        terms=terms,
        synonyms=synonyms,
        kind_boosts=boosts,
        unknown=unknown,
        correctable=tuple(word for word in unknown if word not in names),
        parts=compound_parts_of(unknown),
        completions=completions_of(unknown),
        expansions=tuple(expansions),
    )


def unknown_words(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The terms that occur in no searchable text (one query for all of them)."""
    from search.models import VocabularyWord

    candidates = [t for t in terms if in_vocabulary_range(t)]
    if not candidates:
        return ()
    known = set(VocabularyWord.objects.filter(word__in=candidates).values_list("word", flat=True))
    return tuple(t for t in candidates if t not in known)


MIN_PART_LENGTH = 4
LINKING_LETTERS = ("s", "e")  # bekymring-s-melding, barn-e-vern


def compound_parts_of(unknown: tuple[str, ...]) -> tuple[str, ...]:
    """For each unknown word, the two known words it is made of, if any (one query)."""
    from search.models import VocabularyWord

    splits: dict[str, list[tuple[str, str]]] = {}
    for word in unknown:
        for cut in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
            head, tail = word[:cut], word[cut:]
            options = [(head, tail)]
            if tail[0] in LINKING_LETTERS and len(tail) > MIN_PART_LENGTH:
                options.append((head, tail[1:]))
            splits.setdefault(word, []).extend(options)
    if not splits:
        return ()
    candidates = {part for options in splits.values() for pair in options for part in pair}
    known = set(VocabularyWord.objects.filter(word__in=candidates).values_list("word", flat=True))
    found: list[str] = []
    for options in splits.values():
        whole = [pair for pair in options if pair[0] in known and pair[1] in known]
        if whole:  # the most even split: the longest shorter part
            found += max(whole, key=lambda pair: min(map(len, pair)))
    return tuple(dict.fromkeys(found))


MIN_COMPLETED_LENGTH = 6  # a shorter head begins too many words
COMPLETIONS_PER_WORD = 3


def completions_of(unknown: tuple[str, ...]) -> tuple[str, ...]:
    """The most frequent content words that each long unknown word is the head of."""
    from search.models import VocabularyWord

    found: list[str] = []
    for word in unknown:
        if len(word) >= MIN_COMPLETED_LENGTH:
            longer = VocabularyWord.objects.filter(word__startswith=word).order_by("-frequency")
            found += longer.values_list("word", flat=True)[:COMPLETIONS_PER_WORD]
    return tuple(dict.fromkeys(found))


SYNONYMS_CACHE_KEY = "kbsearch:synonyms"


def synonym_groups() -> list[list[str]]:
    """The thesaurus's published concepts and editors' synonym groups, lower-cased, cached
    until either changes."""
    groups = cache.get(SYNONYMS_CACHE_KEY)
    if groups is None:
        from search.models import Synonym
        from search.thesaurus import concept_groups

        groups = concept_groups() + [
            [clean_query(term) for term in synonym.term_list] for synonym in Synonym.objects.all()
        ]
        cache.set(SYNONYMS_CACHE_KEY, groups, 300)
    return groups


def thesaurus_words() -> set[str]:
    """Every word of every name in the thesaurus and editors' synonyms."""
    return {word for group in synonym_groups() for term in group for word in term.split()}


def synonyms_for(text: str) -> tuple[str, ...]:
    """Other terms of every synonym group that the query mentions (as whole words)."""
    padded = f" {text} "
    found: list[str] = []
    for group in synonym_groups():
        if any(term and f" {term} " in padded for term in group):
            found += [term for term in group if term and f" {term} " not in padded]
    return tuple(dict.fromkeys(term for term in found if term not in STOP_WORDS))
