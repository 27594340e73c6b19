"""One production stack per test session: scripts/serve.py with two app servers, the task
worker and Varnish, on a database of its own (a copy of the test database, so the set-up's
migrate and plan import are skipped; `make serve` on a fresh database runs them), with a Redis
the tests start themselves (so a fault test can stop and restart it without the supervisor
stopping everything).

Every process is stopped at the end of the session, and the teardown checks that none is left.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {seconds} s")


@dataclasses.dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


def fetch(url: str, method: str = "GET", headers=None, data: bytes | None = None) -> Response:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read().decode()
            return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, body)
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        return Response(error.code, {k.lower(): v for k, v in error.headers.items()}, body)


class RedisServer:
    def __init__(self, port: int, directory: Path) -> None:
        self.port, self.directory, self.process = port, directory, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, 10, "Redis answers")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@dataclasses.dataclass
class Stack:
    proxy: str
    apps: list[str]
    env: dict[str, str]
    redis: RedisServer
    process: subprocess.Popen
    run_dir: Path

    def pid_of(self, name: str) -> int:
        """The latest pid serve.py reported for one of its children."""
        lines = (self.run_dir / "serve.log").read_text().splitlines()
        started = [line for line in lines if line.startswith(f"serve: {name} started (pid ")]
        return int(started[-1].split("(pid ")[1].split(",")[0])

    def manage(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, input=stdin,
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code)


def copy_test_database(suffix: str, template: str | None = None) -> str:
    """A copy of the session's test database (migrated, the plan loaded): seconds, not minutes.
    ``template="template0"`` makes an empty database instead."""
    from django.db import connections

    base = settings.DATABASES["default"]
    template, name = template or base["NAME"], f"{base['NAME']}_{suffix}"
    connections.close_all()  # a template database must have no other sessions
    admin = psycopg.connect(
        host=base["HOST"], port=base["PORT"] or 5432, user=base["USER"],
        password=base["PASSWORD"], dbname="postgres", autocommit=True,
    )  # fmt: skip
    with admin:
        # Sessions an earlier test left open (threads, live servers) would block the copy.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [template],
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return (
        f"postgres://{base['USER']}:{base['PASSWORD']}@{base['HOST']}:{base['PORT'] or 5432}/{name}"
    )


def children_of(pid: int) -> list[int]:
    """Every descendant process of ``pid`` (from /proc), to check that none outlives the stack."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        kids = [child for child, parent in parents.items() if parent == current]
        found += kids
        frontier += kids
    return found


@pytest.fixture(scope="session")
def stack(tmp_path_factory, django_db_setup, django_db_blocker) -> Iterator[Stack]:
    for program in ("redis-server", "varnishd"):
        if not shutil.which(program, path=os.environ.get("PATH", "") + ":/usr/sbin"):
            pytest.fail(f"{program} is missing: run scripts/ensure-stack.sh (make test does)")
    run_dir = tmp_path_factory.mktemp("stack")
    with django_db_blocker.unblock():
        database_url = copy_test_database("stack")
    redis = RedisServer(free_port(), run_dir)
    redis.start()
    proxy_port, app_port = free_port(), free_port()
    while app_port + 1 == proxy_port:
        app_port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"VEIVISER_DEV", "DEBUG"}}
    env.update(
        PATH=env.get("PATH", "") + ":/usr/sbin",
        SECRET_KEY="stack-tests-only",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
        SEARCH_ENGINE="database",
        # The worker-kill test's receiver listens on 127.0.0.1; its lease runs out in seconds.
        WEBHOOK_ALLOWED_NETWORKS="127.0.0.1/32",
        WEBHOOK_TIMEOUT="5",
        WEBHOOK_LEASE_MARGIN="1",
    )
    process = subprocess.Popen(
        [PYTHON, "scripts/serve.py", "--port", str(proxy_port), "--app-port", str(app_port),
         "--app-servers", "2", "--run-dir", str(run_dir), "--workers", "1", "--static-only"],
        cwd=ROOT, env=env, stdout=(run_dir / "serve.log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    env["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    env["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{proxy_port}"
    stack = Stack(
        proxy=f"http://127.0.0.1:{proxy_port}",
        apps=[f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{app_port + 1}"],
        env=env,
        redis=redis,
        process=process,
        run_dir=run_dir,
    )
    try:
        wait_until(
            lambda: (
                process.poll() is not None or b"Veiviser on" in (run_dir / "serve.log").read_bytes()
            ),
            360,  # app servers may take minutes to boot on a loaded machine
            "make serve started",
        )
        assert process.poll() is None, (run_dir / "serve.log").read_text()
        yield stack
    finally:
        descendants = children_of(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # what Ctrl-C sends
            process.wait(60)
        redis.stop()
        left = [pid for pid in descendants if Path(f"/proc/{pid}").exists()]
        assert not left, f"processes left running after Ctrl-C: {left}"
