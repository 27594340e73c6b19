"""Safe webhooks: no receiver on the service itself, the local network or a metadata endpoint,
neither when it is saved nor when a delivery is sent (after DNS resolution), no redirect
followed, and nothing of a receiver's answer kept but its status code."""

from __future__ import annotations

import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from kb.models import Webhook, WebhookDelivery
from kb.webhooks.targets import is_allowed

from .test_webhooks import publish

pytestmark = pytest.mark.django_db

LEAKED = b"internal-secret-token=s3cr3t"


class Server:
    """A local HTTP server on a port of its own: records each POST, answers ``status`` with a
    body an attacker would like to read, and a ``Location`` when given."""

    def __init__(self, host: str, status: int = 200, location: str = ""):
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                server.hits.append(self.path)
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                self.wfile.write(LEAKED)

            def log_message(self, *args):
                pass

        for port in range(8340, 8400):
            try:
                self.httpd = ThreadingHTTPServer((host, port), Handler)
                break
            except OSError:
                continue
        self.port = self.httpd.server_port
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers():
    started: list[Server] = []

    def start(host: str = "127.0.0.1", **kwargs) -> Server:
        started.append(Server(host, **kwargs))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def deliver(plan_page, commit_callbacks) -> WebhookDelivery:
    publish(plan_page("concept", "utenforskap"), commit_callbacks)
    return WebhookDelivery.objects.get()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8399/",
        "http://localhost:8399/admin/",  # a name that resolves to 127.0.0.1
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://10.0.0.5/",
        "http://172.16.0.1/",
        "http://192.168.1.10/",
        "http://224.0.0.1/",
    ],
)
def test_internal_receivers_are_refused_when_saved(client, admin_user, url):
    client.force_login(admin_user)
    response = client.post(
        reverse("webhook:add"),
        {"name": "Angriper", "url": url, "secret": "s3cret", "on_published": "on"},
    )
    assert response.status_code == 200
    assert "internt eller reservert nettverk" in " ".join(response.context["form"].errors["url"])
    assert not Webhook.objects.exists()


def test_the_allow_list_lets_a_named_network_through(client, admin_user, settings):
    settings.VEIVISER_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    client.force_login(admin_user)
    response = client.post(
        reverse("webhook:add"),
        {
            "name": "Intern partner",
            "url": "http://localhost:8399/",
            "secret": "s3cret",
            "on_published": "on",
        },
    )
    assert response.status_code == 302
    assert is_allowed(ipaddress.ip_address("127.0.0.2"))
    assert is_allowed(ipaddress.ip_address("93.184.215.14"))  # a public address
    settings.VEIVISER_WEBHOOK_ALLOWED_NETWORKS = []
    assert not is_allowed(ipaddress.ip_address("127.0.0.2"))


@pytest.mark.parametrize("host", ["localhost", "2130706433"])  # 127.0.0.1 as one number
def test_a_name_resolving_to_loopback_is_refused_when_sending(
    servers, plan_page, django_capture_on_commit_callbacks, host
):
    """Saved past the form (or re-pointed in DNS since): the send checks the address it
    connects to, and the local service never hears of it."""
    local = servers("127.0.0.1")
    Webhook.objects.create(name="Omdirigert navn", url=f"http://{host}:{local.port}/hook")
    delivery = deliver(plan_page, django_capture_on_commit_callbacks)
    assert local.hits == []
    assert delivery.status == WebhookDelivery.Status.FAILED  # not retried
    attempt = delivery.attempts.get()
    assert (attempt.status_code, attempt.error) == (None, "blocked address")


def test_a_redirect_to_an_internal_address_is_not_followed(
    servers, plan_page, django_capture_on_commit_callbacks, settings
):
    settings.VEIVISER_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the receiver only
    internal = servers("127.0.0.2")
    receiver = servers(status=307, location=f"http://127.0.0.2:{internal.port}/admin/")
    Webhook.objects.create(name="Partner", url=f"http://127.0.0.1:{receiver.port}/hook")
    delivery = deliver(plan_page, django_capture_on_commit_callbacks)
    assert receiver.hits == ["/hook"] and internal.hits == []
    assert delivery.status == WebhookDelivery.Status.FAILED
    attempt = delivery.attempts.get()
    assert (attempt.status_code, attempt.error) == (307, "HTTP 307 (redirect not followed)")


def test_nothing_of_the_receivers_answer_is_stored(
    client, admin_user, servers, plan_page, django_capture_on_commit_callbacks, settings
):
    settings.VEIVISER_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    receiver = servers(status=403)
    Webhook.objects.create(name="Partner", url=f"http://127.0.0.1:{receiver.port}/hook")
    delivery = deliver(plan_page, django_capture_on_commit_callbacks)
    attempt = delivery.attempts.get()
    assert (attempt.status_code, attempt.error) == (403, "HTTP 403")
    client.force_login(admin_user)
    log = client.get(reverse("webhookdelivery:inspect", args=[delivery.pk]))
    assert log.status_code == 200
    assert LEAKED.decode() not in log.content.decode()
