"""The production stack (make serve) on real processes: Varnish in front of two gunicorn app
servers, the django-tasks-db worker, Redis and PostgreSQL."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.stack.conftest import ROOT, fetch, wait_until

# The stack's database is a copy of the test database, which pytest-django sets up only for
# tests that ask for it.
pytestmark = pytest.mark.django_db

CONCEPT_PATH = "/kunnskapsbase/begreper/utenforskap/"


def publish_title(stack, app: str, title: str) -> None:
    """Publish a new title for the concept through the API v3 of one app server."""
    token = stack.shell(
        "from django.contrib.auth import get_user_model\n"
        "from wagtail.models import APIToken\n"
        "user, _ = get_user_model().objects.get_or_create(username='stack-admin', "
        "defaults={'is_superuser': True, 'is_staff': True})\n"
        "print(APIToken.create_token(user=user, name='stack')[1])\n"
    ).strip()
    page_id = int(
        stack.shell(
            "from wagtail.models import Page\n"
            # In Bokmål: the Nynorsk and English trees keep the same slugs.
            "print(Page.objects.get(locale__language_code='nb', "
            f"url_path__endswith='{CONCEPT_PATH}').pk)\n"
        )
    )
    detail = json.loads(
        fetch(f"{app}/api/v3/pages/{page_id}/", headers={"Authorization": f"Bearer {token}"}).body
    )
    body = json.dumps(
        {"meta": {"type": detail["meta"]["type"], "action": "publish"}, "title": title}
    )
    answer = fetch(
        f"{app}/api/v3/pages/{page_id}/",
        method="PATCH",
        data=body.encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert answer.status == 200, answer.body


def test_readyz_answers_200_through_the_proxy_and_on_each_app_server(stack):
    for base in [stack.proxy, *stack.apps]:
        answer = fetch(f"{base}/readyz?format=json")
        assert answer.status == 200, answer.body
        assert set(json.loads(answer.body).values()) == {"OK"}
    assert fetch(f"{stack.proxy}/healthz").body == "ok\n"


def test_second_read_of_a_public_page_is_a_cache_hit(stack):
    path = "/kunnskapsbase/rutiner/"
    first = fetch(stack.proxy + path)
    second = fetch(stack.proxy + path)
    assert first.status == second.status == 200
    assert second.headers["x-cache"] == "HIT"
    assert second.body == first.body


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/admin/login/", {}),
        ("/api/v3/kb/concepts/?limit=1", {"Cookie": "sessionid=abc"}),
        ("/api/v3/kb/concepts/?limit=1", {"Authorization": "Bearer not-a-token"}),
        ("/kunnskapsbase/", {"Cookie": "sessionid=abc"}),
        ("/api/v3/kb/concepts/1/draft/", {}),
        ("/readyz", {}),
    ],
)
def test_admin_sessions_tokens_and_drafts_are_never_cached(stack, path, headers):
    for _ in range(2):
        answer = fetch(stack.proxy + path, headers=headers)
        assert answer.headers["x-cache"] == "MISS", answer.status


def test_other_cookies_do_not_keep_a_public_page_from_the_cache(stack):
    path = "/kunnskapsbase/sjekklister/"
    fetch(stack.proxy + path, headers={"Cookie": "csrftoken=x"})
    assert fetch(stack.proxy + path, headers={"Cookie": "csrftoken=y"}).headers["x-cache"] == "HIT"


def test_a_publish_through_one_app_server_is_fresh_everywhere_within_a_second(stack):
    api_path = "/api/v3/kb/concepts/?limit=100"
    for url in (stack.proxy + CONCEPT_PATH, stack.proxy + api_path, stack.apps[1] + api_path):
        fetch(url)
    assert fetch(stack.proxy + CONCEPT_PATH).headers["x-cache"] == "HIT"
    title = f"Utenforskap {time.time_ns()}"

    publish_title(stack, stack.apps[0], title)
    published = time.monotonic()

    wait_until(lambda: title in fetch(stack.proxy + CONCEPT_PATH).body, 1.0, "page fresh")
    wait_until(lambda: title in fetch(stack.proxy + api_path).body, 1.0, "API list fresh")
    assert time.monotonic() - published < 1.5
    # The other app server shares the cache (Redis) and the content version (PostgreSQL).
    assert title in fetch(stack.apps[1] + api_path).body
    assert title in fetch(stack.proxy + "/feeds/changes.atom").body


def test_a_killed_purge_worker_is_restarted_and_the_purge_is_not_lost(stack):
    fetch(stack.proxy + CONCEPT_PATH)
    assert fetch(stack.proxy + CONCEPT_PATH).headers["x-cache"] == "HIT"
    killed = stack.pid_of("purge-worker")
    os.kill(killed, signal.SIGKILL)
    title = f"Utenforskap etter krasj {time.time_ns()}"

    publish_title(stack, stack.apps[1], title)

    # The purge task waits in the database queue until a worker takes it.
    wait_until(lambda: title in fetch(stack.proxy + CONCEPT_PATH).body, 30, "purged after restart")
    wait_until(lambda: stack.pid_of("purge-worker") != killed, 5, "purge worker restarted")
    assert stack.process.poll() is None  # the stack went on


def test_redis_down_pages_are_served_uncached_and_readyz_says_so(stack):
    stack.redis.stop()
    try:
        page = fetch(stack.apps[0] + "/api/v3/kb/concepts/?limit=3")
        assert page.status == 200
        ready = fetch(stack.apps[0] + "/readyz?format=json")
        assert ready.status == 500
        assert "Cache" in ready.body
    finally:
        stack.redis.start()
    ready = []
    wait_until(
        lambda: (
            ready.append(fetch(stack.apps[0] + "/readyz?format=json")) or ready[-1].status == 200
        ),
        10,
        "ready again",
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [({"SECRET_KEY": ""}, "SECRET_KEY"), ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS")],
)
def test_serve_refuses_to_start_without_secret_key_or_allowed_hosts(env, named):
    base = {"SECRET_KEY": "s", "ALLOWED_HOSTS": "localhost", "PATH": os.environ["PATH"]}
    done = subprocess.run(
        [sys.executable, "scripts/serve.py"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert f"{named} is not set" in done.stderr


def test_metrics_count_requests_per_view_and_the_queue(stack):
    for _ in range(3):
        fetch(stack.apps[0] + "/kunnskapsbase/")
    text = fetch(stack.apps[0] + "/metrics").body
    # Summed over the app server's worker processes (PROMETHEUS_MULTIPROC_DIR).
    assert "django_http_requests_latency_seconds_by_view_method" in text
    assert 'view="wagtail_serve"' in text
    assert "veiviser_task_queue_depth" in text
    assert 'veiviser_webhook_deliveries{status="failed"}' in text
