"""Fixtures for the search tests: the same tests run on every engine.

``search_engine`` is parametrised over the database engine (PostgreSQL) and the distributed
engines whose URL is given: OpenSearch always (``make test`` starts a node and sets
OPENSEARCH_URL), Elasticsearch 8 when ELASTICSEARCH_URL is set. Where CI is set, an engine
that cannot be reached fails the run; elsewhere its tests are skipped with the reason."""

from __future__ import annotations

import os
import uuid

import pytest
from django.test import override_settings

CI = bool(os.environ.get("CI"))
URL_VARIABLES = {"opensearch": "OPENSEARCH_URL", "elasticsearch": "ELASTICSEARCH_URL"}
ENGINES = ["database", "opensearch"] + (
    ["elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else []
)


def unavailable(message: str):
    if CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def engine_url(name: str) -> str:
    variable = URL_VARIABLES[name]
    url = os.environ.get(variable, "")
    if not url:
        unavailable(f"{variable} is not set: `make test` starts OpenSearch and sets it.")
    from search.engines.clients import EngineUnavailable, make_client

    try:
        make_client(name, url, 10.0).info()
    except EngineUnavailable as exc:
        unavailable(f"{name} at {url} does not answer: {exc}")
    return url


def engine_settings(name: str, index: str | None = None) -> dict:
    return {
        "ENGINE": name,
        "URL": engine_url(name),
        "INDEX": index or f"test-{os.getpid()}-{name}",
    }


def build_index(conf: dict) -> None:
    """A new index with the documents currently in the database."""
    from search.engines import distributed_engine
    from search.reindex import rebuild_distributed

    with override_settings(VEIVISER_SEARCH=conf):
        engine = distributed_engine()
        engine.drop()
        rebuild_distributed()
        engine.refresh()


def drop_index(conf: dict) -> None:
    from search.engines import distributed_engine

    with override_settings(VEIVISER_SEARCH=conf):
        distributed_engine().drop()


@pytest.fixture(scope="session")
def distributed_index(django_db_setup, django_db_blocker):
    """The plan's documents in a session-wide index per distributed engine (read-only:
    tests that change content use ``fresh_index``)."""
    built: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in built:
            conf = engine_settings(name)
            with django_db_blocker.unblock():
                build_index(conf)
            built[name] = conf
        return built[name]

    yield get
    for conf in built.values():
        drop_index(conf)


@pytest.fixture(params=ENGINES)
def search_engine(request, settings, db, distributed_index) -> str:
    """The engine that answers in this test: database, opensearch or elasticsearch."""
    from django.core.cache import cache

    from search import health
    from search.query import SYNONYMS_CACHE_KEY

    health.reset()
    cache.delete(SYNONYMS_CACHE_KEY)  # a rolled-back test may have cached its synonyms
    name = request.param
    if name == "database":
        settings.VEIVISER_SEARCH = {"ENGINE": "database"}
    else:
        settings.VEIVISER_SEARCH = distributed_index(name)
    yield name
    health.reset()
    cache.delete(SYNONYMS_CACHE_KEY)


@pytest.fixture
def fresh_index(search_engine, settings):
    """A private index for a test that changes content, dropped afterwards."""
    if search_engine == "database":
        yield search_engine
        return
    conf = engine_settings(search_engine, f"test-{uuid.uuid4().hex[:10]}")
    settings.VEIVISER_SEARCH = conf
    build_index(conf)
    yield search_engine
    drop_index(conf)


def refresh_engine() -> None:
    """Make the distributed engine's latest writes visible (it refreshes every second)."""
    from search.engines import distributed_engine

    engine = distributed_engine()
    if engine is not None:
        engine.refresh()
