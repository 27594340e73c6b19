"""Search's own Prometheus figure: how often the database engine answered in place of the
distributed one (down, or skipped while it was seen down). /metrics exposes it (website)."""

from __future__ import annotations

from prometheus_client import Counter

FALLBACKS = Counter(
    "veiviser_search_fallbacks",
    "Search calls answered by the database engine because the distributed engine was not asked "
    "or did not answer",
    ["method"],
)


def count_fallback(engine: object | None, method: str) -> None:
    """Count a fallback; with no distributed engine configured, the database is no fallback."""
    if engine is not None:
        FALLBACKS.labels(method=method).inc()
