"""Search benchmark: both engines on the plan plus generated knowledge-base items.

    DATABASE_URL=$(scripts/ensure-postgres.sh) OPENSEARCH_URL=$(scripts/ensure-opensearch.sh) \
        .venv/bin/python bench/search_bench.py --items 10000

Uses its own PostgreSQL database (``<name>_search_bench``), which it creates, migrates and
fills once (the plan, then ``--items`` generated pages); later runs reuse it. Measures, for
the database engine and for OpenSearch: search latency p50/p95 and throughput over the judged
queries (through the search service, with facets, highlights and suggestions), the time from
publish to searchable, and the time a full reindex takes. Writes bench/results/search.json and
prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str, opensearch_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("VEIVISER_DEV", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings")
    os.environ["SEARCH_URL"] = opensearch_url
    import django

    django.setup()


def ensure_database(url: str) -> str:
    import psycopg

    base, name = url.rsplit("/", 1)
    bench_name = f"{name}_search_bench"
    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [bench_name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{bench_name}"')
    return f"{base}/{bench_name}"


def generate(count: int, seed: int = 7) -> None:
    """``count`` knowledge-base pages of every kind with text drawn from the plan's words."""
    from wagtail.models import Locale, Page

    from kb.models import ConceptPage, ContactPage, ResourcePage
    from search.models import VocabularyWord
    from website.structure import SiteStructure

    rng = random.Random(seed)
    vocabulary = list(VocabularyWord.objects.values_list("word", flat=True))
    structure = SiteStructure()
    locale = Locale.get_default()
    done = Page.objects.filter(slug__startswith="generert-").count()
    kinds = [
        (
            "concept",
            ConceptPage,
            lambda text: {"short_definition": text[:250], "explanation": f"<p>{text}</p>"},
        ),
        (
            "resource",
            ResourcePage,
            lambda text: {
                "external_url": "https://example.org/",
                "publisher": "Generert",
                "kind": "report",
                "description": f"<p>{text}</p>",
            },
        ),
        (
            "contact",
            ContactPage,
            lambda text: {"phone": "12 34 56 78", "kind": "advice", "description": text},
        ),
    ]
    # Wagtail's own page index is not what is measured here: skip its update per save.
    from django.db.models.signals import post_save
    from wagtail.search.signal_handlers import post_save_signal_handler

    for _kind, model, _fields in kinds:
        post_save.disconnect(post_save_signal_handler, sender=model)
    started = time.monotonic()
    for number in range(done, count):
        kind, model, fields = kinds[number % len(kinds)]
        words = rng.choices(vocabulary, k=120)
        title = " ".join(rng.choices(vocabulary, k=3)).capitalize()
        page = model(
            title=title,
            slug=f"generert-{number}",
            summary=" ".join(words[:25]),
            live=True,
            locale=locale,
            **fields(" ".join(words)),
        )
        structure.folders[kind].add_child(instance=page)
        if number % 500 == 0:
            print(f"  generated {number}/{count} ({time.monotonic() - started:.0f} s)", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_search(queries: list[str], rounds: int, threads: int) -> dict:
    from django.db import connections

    from search import service
    from search.query import SearchParams

    def one(q: str) -> float:
        started = time.perf_counter()
        service.search(SearchParams(q=q), record=False)
        return (time.perf_counter() - started) * 1000

    for q in queries:  # warm up
        one(q)
    latencies = [one(q) for _ in range(rounds) for q in queries]

    def worker(chunk: list[str]) -> int:
        try:
            for q in chunk:
                one(q)
            return len(chunk)
        finally:
            connections.close_all()

    work = queries * rounds
    chunks = [work[i::threads] for i in range(threads)]
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        total = sum(pool.map(worker, chunks))
    elapsed = time.perf_counter() - started
    return {
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "throughput_qps": round(total / elapsed, 1),
        "threads": threads,
        "searches": len(latencies),
    }


def measure_uncached(queries: list[str]) -> dict:
    """OpenSearch's request cache emptied before each search: what a query asked for the
    first time since the last change costs."""
    from search import service
    from search.engines import distributed_engine
    from search.query import SearchParams

    engine = distributed_engine()
    latencies = []
    for q in queries:
        engine.admin.client.indices.clear_cache(index=engine.alias, request=True)
        started = time.perf_counter()
        service.search(SearchParams(q=q), record=False)
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
    }


def measure_publish(engine: str, tries: int = 5) -> dict:
    """Seconds from the start of a publish until search finds the new word."""
    from django.db import transaction

    from kb.models import ConceptPage
    from search import service
    from search.query import SearchParams

    page = ConceptPage.objects.live().filter(slug__startswith="generert-").first()
    times = []
    for attempt in range(tries):
        word = f"bench{int(time.time() * 1000)}x{attempt}"
        started = time.perf_counter()
        with transaction.atomic():
            page.summary = f"Nytt ord: {word}."
            page.save_revision().publish()
        while True:
            result = service.search(SearchParams(q=word, limit=1), record=False)
            if result.items and result.items[0].id == page.pk:
                assert result.engine == engine, result.engine
                break
            if time.perf_counter() - started > 30:
                raise RuntimeError("not searchable after 30 s")
            time.sleep(0.02)
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    database_url = ensure_database(os.environ["DATABASE_URL"])
    opensearch_url = os.environ["OPENSEARCH_URL"]
    setup_django(database_url, opensearch_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from search.engines import distributed_engine
    from search.models import SearchDocument
    from search.reindex import rebuild_distributed
    from search.store import rebuild_database
    from tests.search.relevance import judged_queries

    print("Preparing the benchmark database…", flush=True)
    call_command("migrate", verbosity=0)
    with override_settings(VEIVISER_SEARCH={"ENGINE": "database"}):
        call_command("load_plan", verbosity=0)
        generate(args.items)

    results: dict = {"items": SearchDocument.objects.count()}
    opensearch = {"ENGINE": "opensearch", "URL": opensearch_url, "INDEX": "bench-kb"}
    with override_settings(VEIVISER_SEARCH={"ENGINE": "database"}):
        started = time.perf_counter()
        results["documents"] = rebuild_database()
        results["reindex_database_s"] = round(time.perf_counter() - started, 1)
    with override_settings(VEIVISER_SEARCH=opensearch):
        started = time.perf_counter()
        rebuild_distributed()
        results["reindex_opensearch_s"] = round(time.perf_counter() - started, 1)
        distributed_engine().refresh()

    queries = [judged.q for judged in judged_queries()]
    for name, conf in (("database", {"ENGINE": "database"}), ("opensearch", opensearch)):
        with override_settings(VEIVISER_SEARCH=conf):
            print(f"Measuring {name}…", flush=True)
            results[name] = measure_search(queries, args.rounds, args.threads)
            if name == "opensearch":
                results[name]["uncached"] = measure_uncached(queries)
            results[name]["publish_to_searchable"] = measure_publish(
                "postgresql" if name == "database" else "opensearch"
            )
    results["database_vendor"] = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "search.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(table(results))


def table(results: dict) -> str:
    rows = [
        "| engine | p50 | p95 | throughput | publish → searchable (median / max) | full reindex |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, reindex in (
        ("database", "reindex_database_s"),
        ("opensearch", "reindex_opensearch_s"),
    ):
        r = results[name]
        rows.append(
            f"| {name} | {r['p50_ms']} ms | {r['p95_ms']} ms | {r['throughput_qps']} searches/s "
            f"({r['threads']} threads) | {r['publish_to_searchable']['median_s']} s / "
            f"{r['publish_to_searchable']['max_s']} s | {results[reindex]} s |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    main()
