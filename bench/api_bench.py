"""API benchmark: the KB endpoints against Wagtail's stock page endpoint, same content, same
server, one run.

    make bench-api            # 16 connections, 30 s per endpoint, results into README.md

Sets up a PostgreSQL database of its own (``veiviser_bench_api``), loads the plan, starts gunicorn
(2 sync workers, DEBUG off) and drives each endpoint with wrk.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
README = ROOT / "README.md"
MARKERS = ("<!-- bench:api:start -->", "<!-- bench:api:end -->")


def log(message: str) -> None:
    print(f"[bench-api] {message}", flush=True)


def bench_database_url() -> str:
    url = subprocess.run(
        [str(ROOT / "scripts/ensure-postgres.sh")], check=True, capture_output=True, text=True
    ).stdout.strip()
    import psycopg

    admin = re.sub(r"/[^/]+$", "/postgres", url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS veiviser_bench_api WITH (FORCE)")
        connection.execute("CREATE DATABASE veiviser_bench_api")
    return re.sub(r"/[^/]+$", "/veiviser_bench_api", url)


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def page_ids(env: dict) -> dict[str, int]:
    out = manage(
        env,
        "shell",
        "-c",
        (
            "from kb.models import ConceptPage as C;"
            "c=C.objects.live().get(slug='radikalisering');print(c.pk)"
        ),
    )
    return {"concept": int(out.strip().splitlines()[-1])}


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "website.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v3/kb/vocabularies/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer within 20 seconds.")


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    urllib.request.urlopen(url, timeout=5).read()  # warm the caches of this URL
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(ROOT / "bench/wrk_report.lua"),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def write_readme(results: dict) -> None:
    stock = results["endpoints"]["stock_page_detail"]["rps"]
    rows = [
        "| endpoint | URL | req/s | p50 ms | p95 ms | × stock |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in results["endpoints"].items():
        rows.append(
            f"| {name} | `{row['path']}` | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['rps'] / stock:.1f} |"
        )
    block = "\n".join(
        [
            MARKERS[0],
            f"Run {results['date']} on {results['machine']}: gunicorn with 2 sync workers, "
            f"DEBUG off, PostgreSQL, wrk with {results['connections']} connections for "
            f"{results['seconds']} s per endpoint, client on the same machine.",
            "",
            *rows,
            MARKERS[1],
        ]
    )
    text = README.read_text(encoding="utf-8")
    if MARKERS[0] in text:
        text = re.sub(
            re.escape(MARKERS[0]) + ".*?" + re.escape(MARKERS[1]), block, text, flags=re.S
        )
    else:
        text += "\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    log("setting up the bench database (PostgreSQL)…")
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(),
        "SECRET_KEY": "bench-" + "x" * 40,
        "DEBUG": "0",
        "VEIVISER_DEV": "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{args.port}",
        "LOG_LEVEL": "ERROR",
    }
    manage(env, "migrate", "--no-input")
    manage(env, "load_plan")
    ids = page_ids(env)
    base = f"http://127.0.0.1:{args.port}"
    endpoints = {
        "kb_list": "/api/v3/kb/concepts/?limit=20",
        "kb_detail": f"/api/v3/kb/concepts/{ids['concept']}/",
        "kb_search": "/api/v3/kb/search/?q=radikalisering",
        "stock_page_detail": f"/api/v3/pages/{ids['concept']}/",
    }
    log("starting gunicorn…")
    server = start_server(env, args.port)
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "seconds": args.seconds,
        "connections": args.connections,
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}",
        "endpoints": {},
    }
    try:
        for name, path in endpoints.items():
            log(f"{name}: {path} for {args.seconds} s…")
            row = run_wrk(base + path, args.seconds, args.connections)
            row["path"] = path
            results["endpoints"][name] = row
            log(
                f"  {row['rps']:.0f} req/s, p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms,"
                f" {row['non_2xx']} non-2xx"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    out = ROOT / "bench/results"
    out.mkdir(exist_ok=True)
    (out / "api.json").write_text(json.dumps(results, indent=2))
    if not args.no_readme:
        write_readme(results)
        log("figures written to README.md")


if __name__ == "__main__":
    main()
