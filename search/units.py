"""Answers below the page: every routine step and every checklist category is a unit of its
page with a stable anchor (``#steg-4``, ``#kategori-2``: the ids the templates give them). A
hit whose question one unit answers better than the others links straight to that unit."""

from __future__ import annotations

import math

from kb.richtext import html_to_text
from search.query import QueryPlan, SearchResult
from search.text import WORD, _matcher, clean_query


def units_of(page) -> list[dict]:
    """The page's units: a routine's steps, numbered as the page numbers them, and a
    checklist's categories, numbered by their place among the checklist's sections (the
    anchors the templates give them: ``steg-N``, ``kategori-N``)."""
    if hasattr(page, "steps_for"):
        return [
            {
                "step": number,
                "anchor": f"steg-{number}",
                "title": step["title"],
                "text": " ".join([step["actor"], html_to_text(step["body"].source)]),
            }
            for number, step in page.steps_for(None)
        ]
    sections = getattr(page, "sections", None)
    if sections is None:
        return []
    return [
        {
            "step": number,
            "anchor": f"kategori-{number}",
            "title": section.value["title"],
            "text": " ".join(section.value["items"]),
        }
        for number, section in enumerate(sections, start=1)
        if section.block_type == "category"
    ]


def best_unit(units: list[dict], plan: QueryPlan, page_title: str) -> dict | None:
    """The unit that answers the question better than every other unit of the page, or None:
    no units, the question names the page itself, or no unit stands out. A unit stands out
    by the query's terms it holds (in its title twice as much), and must hold two thirds of
    those the page's title lacks: «bekymring» is the routine's subject, not one step's, and
    «tegn på radikalisering» asks for the whole checklist."""
    terms = [term for term in (*plan.terms, *plan.parts) if len(term) >= 3]
    if not units or not terms or clean_query(page_title) in {plan.text, " ".join(plan.terms)}:
        return None
    in_title = terms_in(page_title, terms)

    def weighed(unit: dict) -> tuple[int, set[str]]:
        title, text = terms_in(unit["title"], terms), terms_in(unit["text"], terms)
        return 2 * len(title) + len(text - title), title | text

    scored = sorted(((*weighed(unit), unit) for unit in units), key=lambda row: -row[0])
    best_score, best_terms, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0
    own = set(terms) - in_title  # what the question asks beyond the page's subject
    if best_score <= runner_up or len(best_terms & own) < math.ceil(len(own) * 2 / 3):
        return None
    return best


def terms_in(text: str, terms: list[str]) -> set[str]:
    """The query terms that a word of ``text`` matches (as snippets mark them)."""
    found = set()
    for term in terms:
        matches = _matcher([term])
        if any(matches(word) for word in WORD.findall(text)):
            found.add(term)
    return found


def link_steps(result: SearchResult, plan: QueryPlan) -> None:
    """Point each hit that one of its units answers at that unit."""
    for hit in result.items:
        unit = best_unit(hit.units, plan, hit.title)
        if unit is not None:
            hit.step, hit.step_title = unit["step"], unit["title"]
            hit.url = f"{hit.url.split('#')[0]}#{unit['anchor']}"
