"""Search settings, read from ``settings.VEIVISER_SEARCH`` with defaults."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

ENGINES = ("database", "opensearch", "elasticsearch")


@dataclass(frozen=True)
class SearchSettings:
    engine: str = "database"  # which engine answers: database, opensearch or elasticsearch
    url: str = ""  # the distributed engine's URL
    index: str = "veiviser-kb"  # alias prefix of the distributed engine's indices
    timeout: float = 2.0  # seconds for one request to the distributed engine
    retry_seconds: float = 30.0  # how long a failed engine is left alone before a new try
    stemmer: str = "light_norwegian"  # Bokmål stemmer: light_norwegian or norwegian (Snowball)

    @property
    def distributed(self) -> bool:
        return self.engine != "database" and bool(self.url)


def search_settings() -> SearchSettings:
    values = settings.VEIVISER_SEARCH
    known = {key.lower(): value for key, value in values.items()}
    engine = known.get("engine") or "database"
    if engine not in ENGINES:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"VEIVISER_SEARCH ENGINE must be one of {', '.join(ENGINES)}.")
    return SearchSettings(
        engine=engine,
        url=known.get("url") or "",
        index=known.get("index") or SearchSettings.index,
        timeout=float(known.get("timeout") or SearchSettings.timeout),
        retry_seconds=float(known.get("retry_seconds") or SearchSettings.retry_seconds),
        stemmer=known.get("stemmer") or SearchSettings.stemmer,
    )
