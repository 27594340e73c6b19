"""The distributed engine's Norwegian analysis and index mapping.

Bokmål stemming (light_norwegian by default; Snowball ``norwegian`` by setting, for
comparison), Nynorsk stemming for ``nn``, stop words, scandinavian normalization (never ASCII
folding: å is not a), compound parts on ``.parts`` sub-fields, editors' synonyms at search
time, exact title and alias sub-fields. Only features that OpenSearch 2.x/3.x and
Elasticsearch 8 share are used."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from elasticsearch_dsl import (
    Date,
    Index,
    Integer,
    Keyword,
    Mapping,
    Object,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

# Stored in each index's mapping (``_meta``): an index built by another version of this
# mapping (or by anyone else) is not searched; the database engine answers until a rebuild.
# Raise it with every change to ``index_definition``.
MAPPING_VERSION = 4
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
    mapping.field("headings", text_field())
    mapping.field("area", text_field(exact=True))
    mapping.field("summary", text_field())
    mapping.field("body", text_field())
    mapping.field("spell", Text(analyzer=spell))
    mapping.field("units", Object(enabled=False))  # kept, not searched: search.units reads it

    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, refresh_interval="1s")
    index.mapping(mapping)
    return index
