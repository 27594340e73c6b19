"""The managed thesaurus (``ThesaurusConcept``): what its published concepts give search, and
how partners read it (SKOS as JSON-LD).

Every name of a concept (preferred and other terms in nb, nn and en, and its acronyms) finds
the others: one synonym group per concept, used by both engines (``search.query``). Broader
and narrower concepts are published for partners; they do not widen a search."""

from __future__ import annotations

from pathlib import Path

import yaml

from search.text import clean_query, lines_of

INITIAL = Path(__file__).parent / "analysis" / "thesaurus.yaml"
LANGUAGES = ("nb", "nn", "en")
SKOS_CONTEXT = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    "hiddenLabel": {"@id": "skos:hiddenLabel"},
    "definition": {"@id": "skos:definition", "@container": "@language"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "narrower": {"@id": "skos:narrower", "@type": "@id"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "hasTopConcept": {"@id": "skos:hasTopConcept", "@type": "@id"},
}


def labels_of(concept) -> list[str]:
    """Every name of a concept, as written."""
    names = [getattr(concept, f"pref_label_{code}") for code in LANGUAGES]
    names += [
        label for code in LANGUAGES for label in lines_of(getattr(concept, f"alt_labels_{code}"))
    ]
    names += lines_of(concept.acronyms)
    return [name.strip() for name in names if name and name.strip()]


def synonym_group(concept) -> list[str]:
    """A concept's names as search compares them (lower-cased words), each once."""
    return list(dict.fromkeys(term for term in map(clean_query, labels_of(concept)) if term))


def concept_groups() -> list[list[str]]:
    """One synonym group per published concept that has more than one name."""
    from search.models import ThesaurusConcept

    groups = [synonym_group(concept) for concept in ThesaurusConcept.objects.filter(live=True)]
    return [group for group in groups if len(group) > 1]


# SKOS ----------------------------------------------------------------------------------
def concept_uri(base: str, key: str) -> str:
    return f"{base}#{key}"


def skos_document(base: str) -> dict:
    """The published concepts as a SKOS concept scheme in JSON-LD; ``base`` is the scheme's
    URI (the endpoint's absolute URL)."""
    from search.models import ThesaurusConcept

    concepts = list(ThesaurusConcept.objects.filter(live=True).select_related("broader"))
    live_keys = {concept.key for concept in concepts}
    narrower: dict[str, list[str]] = {}
    for concept in concepts:
        if concept.broader and concept.broader.key in live_keys:
            narrower.setdefault(concept.broader.key, []).append(concept.key)
    graph = [
        {
            "@id": base,
            "@type": "skos:ConceptScheme",
            "prefLabel": {"nb": "Veiviser-tesaurus", "en": "Veiviser thesaurus"},
            "hasTopConcept": [
                concept_uri(base, c.key)
                for c in concepts
                if not (c.broader and c.broader.key in live_keys)
            ],
        }
    ]
    for concept in concepts:
        graph.append(_concept_node(base, concept, live_keys, narrower.get(concept.key, [])))
    return {"@context": SKOS_CONTEXT, "@graph": graph}


def _concept_node(base: str, concept, live_keys: set[str], narrower: list[str]) -> dict:
    node: dict = {
        "@id": concept_uri(base, concept.key),
        "@type": "skos:Concept",
        "inScheme": base,
        "prefLabel": {
            code: label
            for code in LANGUAGES
            if (label := getattr(concept, f"pref_label_{code}").strip())
        },
    }
    alt = {
        code: labels
        for code in LANGUAGES
        if (labels := lines_of(getattr(concept, f"alt_labels_{code}")))
    }
    if alt:
        node["altLabel"] = alt
    if acronyms := lines_of(concept.acronyms):
        node["hiddenLabel"] = acronyms
    if concept.definition:
        node["definition"] = {"nb": concept.definition}
    if concept.broader and concept.broader.key in live_keys:
        node["broader"] = concept_uri(base, concept.broader.key)
    if narrower:
        node["narrower"] = [concept_uri(base, key) for key in sorted(narrower)]
    return node


# The initial concepts ------------------------------------------------------------------
def initial_concepts() -> list[dict]:
    """The concepts the thesaurus starts with, drawn from the plan (analysis/thesaurus.yaml)."""
    return yaml.safe_load(INITIAL.read_text(encoding="utf-8"))["concepts"]


def load_initial(model) -> int:
    """Create the initial concepts that are not there yet (by key), published; ``model`` is
    ``ThesaurusConcept`` or its historical version in a migration. Returns how many."""
    existing = set(model.objects.values_list("key", flat=True))
    created = {}
    for item in initial_concepts():
        if item["key"] in existing:
            continue
        created[item["key"]] = model.objects.create(
            key=item["key"],
            pref_label_nb=item["nb"],
            pref_label_nn=item.get("nn", ""),
            pref_label_en=item.get("en", ""),
            alt_labels_nb="\n".join(item.get("alt_nb", [])),
            alt_labels_nn="\n".join(item.get("alt_nn", [])),
            alt_labels_en="\n".join(item.get("alt_en", [])),
            acronyms="\n".join(item.get("acronyms", [])),
            definition=item.get("definition", ""),
            live=True,
        )
    for item in initial_concepts():
        if item["key"] in created and item.get("broader"):
            concept = created[item["key"]]
            concept.broader = model.objects.filter(key=item["broader"]).first()
            concept.save(update_fields=["broader"])
    return len(created)
