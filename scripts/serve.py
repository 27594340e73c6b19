"""`make serve`: Veiviser in production mode on one machine, every process supervised.

Starts Redis (unless REDIS_URL is given), migrates, loads the plan where it is missing and
collects static files, then starts the app servers (gunicorn), the task worker
(django-tasks-db) and Varnish in front on PORT. Ctrl-C (or SIGTERM) stops every process it
started. A worker that dies is started again; if a server dies (an app server, Varnish,
Redis), the others are stopped too and the exit status is 1.
PostgreSQL is made reachable by scripts/ensure-postgres.sh first.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
VCL = ROOT / "deploy" / "varnish" / "veiviser.vcl"
IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"
REQUIRED = {
    "SECRET_KEY": "SECRET_KEY is not set: give a long random secret, e.g. "
    "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))').",
    "ALLOWED_HOSTS": "ALLOWED_HOSTS is not set: give the host names the site answers to, "
    "comma-separated, e.g. ALLOWED_HOSTS=veiviser.example.no,localhost,127.0.0.1.",
}


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(env("PORT", "8000")))
    parser.add_argument("--app-port", type=int, default=int(env("APP_PORT", "0")) or None)
    parser.add_argument("--app-servers", type=int, default=int(env("APP_SERVERS", "1")))
    parser.add_argument("--workers", type=int, default=int(env("WEB_CONCURRENCY", "2")))
    parser.add_argument("--redis-port", type=int, default=int(env("REDIS_PORT", "6379")))
    parser.add_argument("--run-dir", default=env("RUN_DIR", ""))
    parser.add_argument(
        "--static-only", action="store_true", help="only collect static files (database ready)"
    )
    return parser.parse_args()


def missing_settings() -> list[str]:
    return [message for name, message in REQUIRED.items() if not os.environ.get(name, "").strip()]


@dataclasses.dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    restart: bool  # workers are restarted (as systemd would); servers stop the whole stack
    process: subprocess.Popen | None = None


class Supervisor:
    """Starts child processes in their own process groups and stops them all together."""

    def __init__(self) -> None:
        self.children: list[Child] = []

    def start(
        self, name: str, argv: list[str], env: dict[str, str], log: Path, restart: bool = False
    ) -> None:
        child = Child(name, argv, env, log, restart)
        self.children.append(child)
        self._spawn(child)

    def _spawn(self, child: Child) -> None:
        out = child.log.open("ab")
        child.process = subprocess.Popen(
            child.argv, env=child.env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
        )
        print(f"serve: {child.name} started (pid {child.process.pid}, log {child.log})", flush=True)

    def dead(self) -> str | None:
        """Restart a dead worker; name a dead server (the caller then stops everything)."""
        for child in self.children:
            if child.process.poll() is None:
                continue
            status = child.process.returncode
            if not child.restart:
                return f"{child.name} exited with status {status}"
            print(f"serve: {child.name} exited with status {status}; restarting it.", flush=True)
            self._spawn(child)
        return None

    def stop(self) -> None:
        running = [child.process for child in reversed(self.children)]
        for process in running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for_http(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local URL
                if response.status < 500:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def backends_vcl(app_ports: list[int]) -> str:
    lines = ["# Written by scripts/serve.py."]
    for index, port in enumerate(app_ports, 1):
        lines.append(
            f'backend app{index} {{ .host = "127.0.0.1"; .port = "{port}"; '
            ".connect_timeout = 1s; .first_byte_timeout = 60s; }"
        )
    lines.append("sub vcl_init {\n    new app = directors.round_robin();")
    lines += [f"    app.add_backend(app{index});" for index in range(1, len(app_ports) + 1)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    script = ROOT / "scripts" / "ensure-postgres.sh"
    return subprocess.run([str(script)], check=True, capture_output=True, text=True).stdout.strip()


def setup(env: dict[str, str], static_only: bool = False) -> None:
    """Migrate, load the plan where it is missing (edited pages are kept), the roles, static.

    The import's indexing runs at once rather than as hundreds of queued tasks, and nothing is
    purged: the proxy is not up yet.
    """
    setup_env = {**env, "TASKS_BACKEND": IMMEDIATE_TASKS, "FRONTEND_CACHE_URL": ""}
    commands = [["migrate", "--no-input"], ["load_plan"], ["bootstrap_roles"]]
    for command in [*([] if static_only else commands), ["collectstatic", "--no-input"]]:
        subprocess.run([PYTHON, "manage.py", *command, "-v0"], env=setup_env, cwd=ROOT, check=True)


def main() -> int:
    args = parse_args()
    if problems := missing_settings():
        for message in problems:
            print(f"serve: {message}", file=sys.stderr)
        return 2
    run_dir = Path(args.run_dir or tempfile.mkdtemp(prefix="veiviser-serve-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    app_base = args.app_port or args.port + 1
    app_ports = [app_base + index for index in range(args.app_servers)]
    env = dict(os.environ)
    env.pop("VEIVISER_DEV", None)
    env["DEBUG"] = "0"
    env["DATABASE_URL"] = database_url()
    env.setdefault("REDIS_URL", f"redis://127.0.0.1:{args.redis_port}/0")
    env.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    env.setdefault("FRONTEND_CACHE_URL", f"http://127.0.0.1:{args.port}")
    # Plain HTTP on this machine; behind TLS (docs/deploy.md) leave these to their defaults.
    env.setdefault("SECURE_COOKIES", "0")
    env.setdefault("SSL_REDIRECT", "0")
    env.setdefault("HSTS_SECONDS", "0")
    env.setdefault("STATIC_ROOT", str(run_dir / "static"))

    supervisor = Supervisor()
    stopping = False

    def on_signal(signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        if "REDIS_URL" not in os.environ:
            supervisor.start(
                "redis",
                ["redis-server", "--port", str(args.redis_port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", str(run_dir)],
                env, run_dir / "redis.log",
            )  # fmt: skip
        setup(env, static_only=args.static_only)
        for index, port in enumerate(app_ports, 1):
            # Each app server's workers add up their metrics in a directory of its own.
            metrics_dir = run_dir / "prometheus" / f"app{index}"
            shutil.rmtree(metrics_dir, ignore_errors=True)
            metrics_dir.mkdir(parents=True)
            supervisor.start(
                f"app{index}",
                [PYTHON, "-m", "gunicorn", "website.wsgi:application",
                 "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                 "--no-control-socket", "--access-logfile", "-"],
                {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}, run_dir / f"app{index}.log",
            )  # fmt: skip
        supervisor.start(
            "worker",
            [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1",
             "--no-startup-delay"],
            env, run_dir / "worker.log", restart=True,
        )  # fmt: skip
        supervisor.start(
            "purge-worker",
            [PYTHON, "manage.py", "db_worker", "--queue-name", "frontend-cache",
             "--interval", "0.05", "--no-startup-delay"],
            env, run_dir / "purge-worker.log", restart=True,
        )  # fmt: skip
        # Deliveries whose task died with a worker (or was never queued) are due again once
        # their lease runs out; this loop sends them, and the retries, when due.
        supervisor.start(
            "webhook-sweeper",
            [PYTHON, "manage.py", "deliver_webhooks", "--loop", "--interval", "2"],
            env, run_dir / "webhook-sweeper.log", restart=True,
        )  # fmt: skip
        (run_dir / "backends.vcl").write_text(backends_vcl(app_ports))
        supervisor.start(
            "varnish",
            ["varnishd", "-F", "-j", "none", "-n", str(run_dir / "varnish"),
             "-a", f"127.0.0.1:{args.port}", "-f", str(VCL),
             "-p", f"vcl_path={run_dir}:{VCL.parent}", "-s", "malloc,256m", "-T", "none"],
            env, run_dir / "varnish.log",
        )  # fmt: skip
        for port in app_ports:
            if not wait_for_http(f"http://127.0.0.1:{port}/healthz", 180) or stopping:
                raise SystemExit(supervisor.dead() or f"app server on port {port} did not answer")
        print(f"serve: Veiviser on http://127.0.0.1:{args.port}/ (Ctrl-C stops)", flush=True)
        while not stopping:
            if problem := supervisor.dead():
                print(f"serve: {problem}; stopping everything.", file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    except subprocess.CalledProcessError as error:
        print(
            f"serve: {' '.join(error.cmd[:4])} failed with status {error.returncode}",
            file=sys.stderr,
        )
        return 1
    finally:
        supervisor.stop()
        print("serve: every process stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
