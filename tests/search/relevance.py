"""Relevance of an engine on the judged queries: hit@3, MRR@5 and graded nDCG@5, on the whole
set or on one of its two halves (tuning, held-out)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

JUDGED = Path(__file__).parent / "judged_queries.yaml"
HALVES = ("tuning", "held-out")
WANT_GRADE, ALSO_GRADE = 2, 1


@dataclass(frozen=True)
class Judged:
    q: str
    want: tuple[str, ...]
    also: tuple[str, ...] = ()
    half: str = "tuning"

    def grades(self) -> dict[str, int]:
        return {ref: ALSO_GRADE for ref in self.also} | {ref: WANT_GRADE for ref in self.want}


@dataclass
class Figures:
    hit_at_3: float
    mrr_at_5: float
    ndcg_at_5: float
    misses: list[str]
    per_query: dict[str, float] = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        return f"nDCG@5 {self.ndcg_at_5:.3f}, hit@3 {self.hit_at_3:.3f}, MRR@5 {self.mrr_at_5:.3f}"


def half_of(q: str) -> str:
    """The fixed rule that split the set: it depends on the query's text alone."""
    return HALVES[hashlib.sha256(q.encode("utf-8")).digest()[0] % 2]


def judged_queries(half: str | None = None) -> list[Judged]:
    data = yaml.safe_load(JUDGED.read_text(encoding="utf-8"))
    queries = [
        Judged(
            item["q"],
            tuple(item["want"]),
            tuple(item.get("also", ())),
            item.get("half", "tuning"),
        )
        for item in data["queries"]
    ]
    return [judged for judged in queries if half is None or judged.half == half]


def dcg(gains: list[int]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at_5(ids: list[int], grades: dict[int, int]) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True)[:5])
    return dcg([grades.get(pk, 0) for pk in ids[:5]]) / ideal if ideal else 0.0


def measure(
    ranked: Callable[[str], list[int]],
    page_id: Callable[[str], int],
    half: str | None = None,
) -> Figures:
    """``ranked(q)`` gives the ids of the first five results; ``page_id("kind:key")`` the id
    of a judged item."""
    queries = judged_queries(half)
    hits, reciprocal, gains, misses, per_query = 0, 0.0, 0.0, [], {}
    for judged in queries:
        relevant = {page_id(ref) for ref in judged.want}
        grades = {page_id(ref): grade for ref, grade in judged.grades().items()}
        ids = ranked(judged.q)[:5]
        rank = next((n for n, pk in enumerate(ids, start=1) if pk in relevant), None)
        if rank is not None and rank <= 3:
            hits += 1
        else:
            misses.append(judged.q)
        reciprocal += 1 / rank if rank else 0.0
        per_query[judged.q] = ndcg_at_5(ids, grades)
        gains += per_query[judged.q]
    count = len(queries)
    return Figures(hits / count, reciprocal / count, gains / count, misses, per_query)
