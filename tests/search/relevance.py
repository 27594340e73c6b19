"""hit@3 and MRR@5 of an engine on the judged queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

JUDGED = Path(__file__).parent / "judged_queries.yaml"


@dataclass(frozen=True)
class Judged:
    q: str
    want: tuple[str, ...]


@dataclass
class Figures:
    hit_at_3: float
    mrr_at_5: float
    misses: list[str]

    def __str__(self) -> str:
        return f"hit@3 {self.hit_at_3:.3f}, MRR@5 {self.mrr_at_5:.3f}"


def judged_queries() -> list[Judged]:
    data = yaml.safe_load(JUDGED.read_text(encoding="utf-8"))
    return [Judged(item["q"], tuple(item["want"])) for item in data["queries"]]


def measure(ranked: Callable[[str], list[int]], page_id: Callable[[str], int]) -> Figures:
    """``ranked(q)`` gives the ids of the first five results; ``page_id("kind:key")`` the id
    of a judged item."""
    queries = judged_queries()
    hits, reciprocal, misses = 0, 0.0, []
    for judged in queries:
        relevant = {page_id(ref) for ref in judged.want}
        ids = ranked(judged.q)[:5]
        rank = next((n for n, pk in enumerate(ids, start=1) if pk in relevant), None)
        if rank is not None and rank <= 3:
            hits += 1
        else:
            misses.append(judged.q)
        reciprocal += 1 / rank if rank else 0.0
    return Figures(hits / len(queries), reciprocal / len(queries), misses)
