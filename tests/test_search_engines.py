"""The distributed engine's failure handling, on a real OpenSearch node reached through a
TCP proxy that the test stops and starts, and the Elasticsearch 8 adapter, by what it sends."""

import contextlib
import json
import logging
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search import health, service
from search.conf import search_settings
from search.engines.analysis import index_definition
from search.engines.distributed import DistributedEngine
from search.engines.queries import search_body
from search.models import PendingChange
from search.query import SearchParams, plan_query
from tests.search.fixtures import build_index, drop_index, engine_url, refresh_engine

pytestmark = pytest.mark.django_db


class Proxy:
    """Forwards 127.0.0.1:port to the engine; ``stop`` makes the engine unreachable."""

    def __init__(self, target: str) -> None:
        host, port = target.split("//", 1)[1].rstrip("/").split(":")
        self.target = (host, int(port))
        self.port = 0
        self.server: socket.socket | None = None
        self.connections: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port))
        self.port = self.server.getsockname()[1]
        self.server.listen(32)
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.server.close()
        for connection in self.connections:
            connection.close()
        self.connections = []

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _address = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.close()


def test_engine_down_publishing_works_search_falls_back_and_catches_up(
    client, settings, plan_page, caplog, django_capture_on_commit_callbacks
):
    proxy = Proxy(engine_url("opensearch"))
    proxy.start()
    conf = {
        "ENGINE": "opensearch",
        "URL": proxy.url,
        "INDEX": f"test-{uuid.uuid4().hex[:10]}",
        "RETRY_SECONDS": 0.5,
        "TIMEOUT": 2,
    }
    settings.VEIVISER_SEARCH = conf
    health.reset()
    build_index(conf)
    try:
        assert service.search(SearchParams(q="SLT"), record=False).engine == "opensearch"
        proxy.stop()
        caplog.set_level(logging.WARNING, logger="search")

        # Search answers from the database engine; the failure is logged once.
        for _ in range(3):
            result = service.search(SearchParams(q="SLT"), record=False)
            assert result.engine == "postgresql" and result.count >= 2
        time.sleep(0.6)
        assert service.search(SearchParams(q="SLT"), record=False).engine == "postgresql"
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and "unreachable" in errors[0].getMessage()

        # Editors publish as usual; the change waits in the outbox.
        concept = plan_page("concept", "fremmedkriger")
        concept.summary = "Ordet pentaflux er nytt."
        with django_capture_on_commit_callbacks(execute=True):
            concept.save_revision().publish()
        assert PendingChange.objects.filter(page_id=concept.pk).exists()
        fallback = service.search(SearchParams(q="pentaflux"), record=False)
        assert fallback.engine == "postgresql" and fallback.items[0].id == concept.pk

        # The engine is back: the next search notices, and the missed change is indexed.
        proxy.start()
        time.sleep(0.6)
        assert service.search(SearchParams(q="SLT"), record=False).engine == "opensearch"
        assert not PendingChange.objects.exists()
        refresh_engine()
        result = service.search(SearchParams(q="pentaflux"), record=False)
        assert result.engine == "opensearch" and result.items[0].id == concept.pk
        assert any("answers again" in r.getMessage() for r in caplog.records)
    finally:
        if proxy.server.fileno() == -1:
            proxy.start()
        drop_index(conf)
        proxy.stop()
        health.reset()


def test_an_unreachable_engine_never_fails_a_search(client, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.VEIVISER_SEARCH = {"ENGINE": "opensearch", "URL": f"http://127.0.0.1:{port}"}
    health.reset()
    response = client.get("/api/v3/kb/search/", {"q": "SLT"})
    assert response.status_code == 200 and response.json()["engine"] == "postgresql"
    assert client.get("/sok/", {"q": "SLT"}).status_code == 200
    health.reset()


# The Elasticsearch 8 adapter -----------------------------------------------------------------
class Recorder(BaseHTTPRequestHandler):
    """Answers like an Elasticsearch 8 node and records every request."""

    requests: list[tuple[str, str, object]] = []

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, status: int, body: dict) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        if self.path.startswith("/_bulk"):
            body: object = [json.loads(line) for line in raw.splitlines() if line.strip()]
        else:
            body = json.loads(raw) if raw else None
        path = self.path.split("?")[0]
        Recorder.requests.append((self.command, path, body))
        if path.startswith("/_alias/"):
            return self._answer(404, {"error": "alias missing", "status": 404})
        if path.endswith("/_search"):
            return self._answer(200, CANNED_SEARCH)
        if path.startswith("/_bulk"):
            return self._answer(200, {"errors": False, "items": []})
        if path == "/":
            return self._answer(
                200, {"version": {"number": "8.15.0", "build_flavor": "default"}, "tagline": "x"}
            )
        return self._answer(200, {"acknowledged": True})

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle


CANNED_SEARCH = {
    "hits": {
        "total": {"value": 1},
        "hits": [
            {
                "_score": 2.0,
                "_source": {"id": 7, "type": "concept", "title": "T", "url": "/t/", "summary": "S"},
                "highlight": {"body": ["a \ue000treff\ue001 <b>"]},
            }
        ],
    },
    "aggregations": {
        name: {"values": {"buckets": [{"key": "x", "doc_count": 1}]}}
        for name in ("type", "section", "audience", "topic", "locale")
    },
    "suggest": {"did_you_mean": []},
}


@pytest.fixture
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Recorder.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def sent_by(engine_name: str, url: str, settings) -> list:
    settings.VEIVISER_SEARCH = {"ENGINE": engine_name, "URL": url, "INDEX": "kb"}
    engine = DistributedEngine(search_settings())
    engine.index_checked = True  # what is compared here is the search itself
    Recorder.requests = []
    params = SearchParams(q="tegn på radikalisering", types=("checklist",), limit=5)
    result = engine.search(params, plan_query(params.q))
    assert result.items[0].snippet == "a <mark>treff</mark> &lt;b&gt;"
    engine._create_generation([["slt", "samordning av lokale tiltak"]], swap=True)
    from search.documents import Document

    engine.upsert([Document(7, "concept", "nb", "kunnskapsbase", "/t/", "T", [], "S", "B")])
    return list(Recorder.requests)


def test_elasticsearch_8_adapter_sends_what_opensearch_gets(recorder, settings):
    es = sent_by("elasticsearch", recorder, settings)
    opensearch = sent_by("opensearch", recorder, settings)
    params = SearchParams(q="tegn på radikalisering", types=("checklist",), limit=5)
    method, path, body = next(r for r in es if r[1].endswith("/_search"))
    assert (method, path) == ("POST", "/kb/_search")
    assert body == search_body(params, plan_query(params.q))
    creates = [r for r in es if r[0] == "PUT" and not r[1].startswith("/_")]
    assert len(creates) == 3  # one index per locale
    name = creates[0][1].strip("/")
    expected = index_definition(
        name, "nb", "light_norwegian", [["slt", "samordning av lokale tiltak"]]
    )
    assert creates[0][2] == expected.to_dict()
    bulk = next(r for r in es if r[1] == "/_bulk")
    assert bulk[2][0] == {"index": {"_index": "kb-nb", "_id": "7"}}

    def comparable(requests):  # generation names carry a time stamp; bulk may PUT or POST
        return [
            re.sub(r"-\d{20}", "-<generation>", json.dumps([p, b], sort_keys=True))
            for _m, p, b in requests
            if p != "/"
        ]

    assert comparable(es) == comparable(opensearch)


# A missing or mis-built index ------------------------------------------------------------------
def _opensearch_conf() -> dict:
    return {
        "ENGINE": "opensearch",
        "URL": engine_url("opensearch"),
        "INDEX": f"test-{uuid.uuid4().hex[:10]}",
        "RETRY_SECONDS": 0.2,
    }


def test_a_missing_index_falls_back_says_so_and_is_built(client, settings):
    """A first deploy before ``search_reindex``, or an index deleted: no 500, the database
    engine answers, the health status says why, and the index is built from the documents."""
    conf = _opensearch_conf()
    settings.VEIVISER_SEARCH = conf
    health.reset()
    try:
        response = client.get("/api/v3/kb/search/", {"q": "SLT"})
        assert response.status_code == 200, response.content
        assert response.json()["engine"] == "postgresql" and response.json()["count"] >= 2
        state = health.status()
        assert state["configured"] == "opensearch" and state["answering"] == "postgresql"
        assert "no index behind the alias" in state["problem"]
        assert client.get("/api/v3/kb/search/autocomplete/", {"q": "SL"}).status_code == 200
        # The failed search scheduled a rebuild (the immediate task backend ran it).
        engine = DistributedEngine(search_settings())
        assert engine.has_index() and engine.index_problem() is None
        time.sleep(0.3)
        refresh_engine()
        assert client.get("/api/v3/kb/search/", {"q": "SLT"}).json()["engine"] == "opensearch"
        assert health.status()["answering"] == "opensearch"
    finally:
        drop_index(conf)
        health.reset()


def test_an_index_with_another_mapping_is_not_searched(client, settings):
    conf = _opensearch_conf()
    settings.VEIVISER_SEARCH = conf
    health.reset()
    engine = DistributedEngine(search_settings())
    stray = f"{conf['INDEX']}-stray"
    engine.admin.create_index(stray, {"mappings": {"properties": {"title": {"type": "keyword"}}}})
    engine.admin.update_aliases([{"add": {"index": stray, "alias": conf["INDEX"]}}])
    try:
        assert "another mapping" in engine.index_problem()
        response = client.get("/api/v3/kb/search/", {"q": "bekymring"})
        assert response.status_code == 200 and response.json()["engine"] == "postgresql"
        assert response.json()["count"] > 0
        # The rebuild replaced the stray index behind the alias.
        assert engine.index_problem() is None and stray not in engine.admin.indices("test-*")
    finally:
        drop_index(conf)
        engine.admin.delete_index(stray)
        health.reset()


def test_publishing_with_no_index_builds_the_whole_index(
    settings, plan_page, django_capture_on_commit_callbacks
):
    """Never an index of the changed page alone: the first change after a deleted index
    builds it from every stored document."""
    conf = _opensearch_conf()
    settings.VEIVISER_SEARCH = conf
    health.reset()
    try:
        concept = plan_page("concept", "fremmedkriger")
        with django_capture_on_commit_callbacks(execute=True):
            concept.save_revision().publish()
        engine = DistributedEngine(search_settings())
        engine.refresh()
        assert len(engine.all_ids()) > 40
    finally:
        drop_index(conf)
        health.reset()


def test_reindex_if_missing_builds_only_a_missing_index(settings):
    """For deploys and first starts: ``search_reindex --if-missing``."""
    from io import StringIO

    from django.core.management import call_command

    conf = _opensearch_conf()
    settings.VEIVISER_SEARCH = conf
    try:
        out = StringIO()
        call_command("search_reindex", "--if-missing", stdout=out)
        assert "no index behind the alias" in out.getvalue()
        assert DistributedEngine(search_settings()).index_problem() is None
        out = StringIO()
        call_command("search_reindex", "--if-missing", stdout=out)
        assert "nothing to do" in out.getvalue()
    finally:
        drop_index(conf)


def test_a_search_the_database_answers_for_a_down_engine_is_counted_in_metrics(client, settings):
    def fallbacks() -> float:
        body = client.get("/metrics").content.decode()
        line = 'veiviser_search_fallbacks_total{method="search"}'
        return next((float(x.split()[-1]) for x in body.splitlines() if x.startswith(line)), 0.0)

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    before = fallbacks()
    settings.VEIVISER_SEARCH = {"ENGINE": "opensearch", "URL": f"http://127.0.0.1:{port}"}
    health.reset()
    for _ in range(2):  # the first finds the engine down, the second does not ask it
        assert client.get("/api/v3/kb/search/", {"q": "SLT"}).json()["engine"] == "postgresql"
    health.reset()
    settings.VEIVISER_SEARCH = {"ENGINE": "database"}
    assert client.get("/api/v3/kb/search/", {"q": "SLT"}).status_code == 200
    assert fallbacks() == before + 2  # the database engine as the engine is no fallback
