"""PostgreSQL restarted under traffic: requests fail while it is down, then succeed again with
no restart of the app server, and nothing written before the outage is lost.

The restart happens on a PostgreSQL instance of this test's own (initdb into a temporary
directory, a port of its own), never on the cluster the rest of the suite uses."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.stack.conftest import PYTHON, ROOT, fetch, free_port, wait_until

pytestmark = pytest.mark.django_db

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PORTS = range(5450, 5460)


def as_postgres(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    """initdb and pg_ctl refuse to run as root; the suite may run as root or as a user."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *argv], check=True, capture_output=True, text=True, **kwargs)


def free_port_in(ports: range) -> int:
    import socket

    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port in {ports.start}-{ports.stop - 1}")


@dataclass
class OwnPostgres:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://veiviser@127.0.0.1:{self.port}/veiviser"

    def pg_ctl(self, *args: str) -> None:
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), "-w", *args)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self.pg_ctl("-o", options, "-l", str(self.directory / "postgres.log"), "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")


@pytest.fixture
def own_postgres(django_db_blocker) -> Iterator[OwnPostgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15's programs are missing: run scripts/ensure-postgres.sh")
    # Not under pytest's temporary root, which only its owner may enter.
    directory = Path(tempfile.mkdtemp(prefix="veiviser-own-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    server = OwnPostgres(directory, free_port_in(PORTS))
    as_postgres(
        str(PG_BIN / "initdb"), "-D", str(directory / "data"), "-U", "veiviser", "-A", "trust",
        "--no-sync",
    )  # fmt: skip
    server.start()
    try:
        with django_db_blocker.unblock():
            copy_test_database_into(server)
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # a failed test stopped it
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def copy_test_database_into(server: OwnPostgres) -> None:
    """The session's test database (migrated, the plan loaded), dumped and restored."""
    base = settings.DATABASES["default"]
    source = (
        f"postgres://{base['USER']}:{base['PASSWORD']}@{base['HOST']}:{base['PORT'] or 5432}"
        f"/{base['NAME']}"
    )
    psql = [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1"]
    subprocess.run([*psql, f"postgres://veiviser@127.0.0.1:{server.port}/postgres",
                    "-c", "CREATE DATABASE veiviser"], check=True, capture_output=True)  # fmt: skip
    dump = subprocess.run(
        [str(PG_BIN / "pg_dump"), "--no-owner", source], check=True, capture_output=True
    ).stdout
    subprocess.run([*psql, server.url], input=dump, check=True, capture_output=True)


@dataclass
class Outcome:
    at: float
    ok: bool


def traffic(url: str, outcomes: list[Outcome], stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                ok = answer.status == 200
        except OSError:
            ok = False
        outcomes.append(Outcome(time.monotonic(), ok))
        time.sleep(0.05)


def test_requests_fail_only_while_postgres_is_down_and_recover_without_an_app_restart(
    own_postgres, tmp_path
):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"VEIVISER_DEV", "DEBUG"}}
    env.update(
        SECRET_KEY="stack-tests-only", ALLOWED_HOSTS="127.0.0.1", DATABASE_URL=own_postgres.url,
        SEARCH_ENGINE="database", REDIS_URL="", SSL_REDIRECT="0", HSTS_SECONDS="0",
    )  # fmt: skip
    log = tmp_path / "app.log"
    app = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "website.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    outcomes: list[Outcome] = []
    stop = threading.Event()
    try:
        try:
            wait_until(lambda: fetch_ok(f"{base}/readyz?format=json"), 60, "the app server answers")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{log.read_text()[:4000]}") from None
        worker_boots = log.read_text().count("Booting worker")
        reader = threading.Thread(
            # /readyz reads the database on every request (no cache in front of it).
            target=traffic,
            args=(f"{base}/readyz?format=json", outcomes, stop),
            daemon=True,
        )
        reader.start()
        time.sleep(2)
        down_at = time.monotonic()
        own_postgres.stop()
        time.sleep(3)
        starting_at = time.monotonic()
        own_postgres.start()
        up_at = time.monotonic()
        wait_until(lambda: outcomes and outcomes[-1].ok, 15, "requests succeed again")
        time.sleep(2)
        stop.set()
        reader.join(10)

        before = [o for o in outcomes if o.at < down_at]
        during = [o for o in outcomes if down_at + 0.5 < o.at < starting_at]
        recovered_at = next(o.at for o in outcomes if o.at > up_at and o.ok)
        after = [o for o in outcomes if o.at >= recovered_at]
        assert before and all(o.ok for o in before), "requests failed before the outage"
        assert during and not any(o.ok for o in during), "PostgreSQL was not really down"
        assert recovered_at - up_at < 5, f"recovered {recovered_at - up_at:.1f} s after restart"
        assert len(after) >= 10 and all(o.ok for o in after), "failures after recovery"
        # The same processes served throughout: gunicorn restarted no worker.
        assert app.poll() is None
        assert log.read_text().count("Booting worker") == worker_boots
        concepts = fetch(f"{base}/api/v3/kb/concepts/?limit=3&offset=1")
        assert concepts.status == 200 and '"count"' in concepts.body
    finally:
        stop.set()
        app.terminate()
        app.wait(30)


def fetch_ok(url: str) -> bool:
    try:
        return fetch(url).status == 200
    except OSError:
        return False
