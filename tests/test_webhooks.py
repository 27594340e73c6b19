"""Webhooks on publish, unpublish and delete, sent to a real HTTP receiver on 127.0.0.1.

Each test runs in a transaction that is rolled back; ``django_capture_on_commit_callbacks``
runs what would run after commit (the sending), so the outbox behaves as in production.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import io
import json
import socket
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from kb.models import (
    KB_KINDS,
    ActorPage,
    ConceptPage,
    MeasurePage,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
)
from kb.webhooks import sending

pytestmark = pytest.mark.django_db


def verify(secret: str, body: bytes, signature_header: str) -> bool:
    """What a receiver does (the README's snippet)."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature_header)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """A partner's endpoint: records every POST and answers with the scripted status codes
    (then 200)."""

    def __init__(self, port: int = 0, answers: tuple[int, ...] = ()):
        self.requests: list[Received] = []
        self.answers = list(answers)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(Received(dict(self.headers), body, time.monotonic()))
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"receiver says %d" % status)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/veiviser-hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def local_receivers_allowed(settings):
    """The receivers here listen on 127.0.0.1, which only the allow-list lets through
    (tests/test_webhook_targets.py tests the refusals)."""
    settings.VEIVISER_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


@pytest.fixture
def fast_retries(settings):
    settings.VEIVISER_WEBHOOK_RETRY_DELAY = 0.2
    settings.VEIVISER_WEBHOOK_TIMEOUT = 2
    return settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def publish(page, commit_callbacks, user=None):
    with commit_callbacks(execute=True):
        page.save_revision(user=user).publish(user=user)


def test_publish_sends_a_signed_webhook_that_the_receiver_verifies(
    plan_page, receiver, client, django_capture_on_commit_callbacks
):
    hook = Webhook.objects.create(name="Politiet", url=receiver.url)
    concept = plan_page("concept", "utenforskap")

    publish(concept, django_capture_on_commit_callbacks)

    [request] = receiver.requests
    assert verify(hook.secret, request.body, request.headers["X-Veiviser-Signature"])
    assert not verify("another secret", request.body, request.headers["X-Veiviser-Signature"])
    assert not verify(hook.secret, request.body + b" ", request.headers["X-Veiviser-Signature"])
    delivery = WebhookDelivery.objects.get(webhook=hook)
    payload = request.payload
    assert payload["event"] == "published" == request.headers["X-Veiviser-Event"]
    assert payload["delivery"] == str(delivery.pk) == request.headers["X-Veiviser-Delivery"]
    assert request.headers["X-Veiviser-Attempt"] == "1"
    assert abs(int(request.headers["X-Veiviser-Timestamp"]) - time.time()) < 60
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    concept.refresh_from_db()
    occurred = datetime.datetime.fromisoformat(payload["occurred_at"])
    assert abs((occurred - concept.last_published_at).total_seconds()) < 5
    assert payload["item"] == {
        "id": concept.pk,
        "translation_key": str(concept.translation_key),
        "type": "concept",
        "title": "Utenforskap",
        "summary": concept.summary,
        "locale": "nb",
        "url": concept.get_full_url(),
        "api_url": concept.get_site().root_url + f"/api/v3/kb/concepts/{concept.pk}/",
    }
    assert payload["item"]["url"].endswith("/kunnskapsbase/begreper/utenforskap/")
    # Both URLs lead to the item: the public page and the KB API's detail.
    assert client.get(urlsplit(payload["item"]["url"]).path).status_code == 200
    detail = client.get(urlsplit(payload["item"]["api_url"]).path)
    assert detail.status_code == 200 and detail.json()["id"] == concept.pk
    # The log: one successful attempt.
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.body.encode() == request.body
    [attempt] = delivery.attempts.all()
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")
    assert attempt.next_attempt_at is None


def test_every_type_is_announced_with_its_type_and_an_api_url_that_answers(
    receiver, client, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Partner", url=receiver.url)
    for model in KB_KINDS.values():
        publish(model.objects.live().order_by("pk").first(), django_capture_on_commit_callbacks)

    assert [r.payload["item"]["type"] for r in receiver.requests] == list(KB_KINDS)
    for request in receiver.requests:
        item = request.payload["item"]
        detail = client.get(urlsplit(item["api_url"]).path)
        assert detail.status_code == 200, item["api_url"]
        assert (detail.json()["id"], detail.json()["type"]) == (item["id"], item["type"])


def test_deliveries_are_written_with_the_publish_and_sent_only_after_commit(
    plan_page, receiver, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Partner", url=receiver.url)
    law = plan_page("law", "straffeloven-185")

    with django_capture_on_commit_callbacks(execute=True):
        law.save_revision().publish()
        # Inside the publish's transaction: the outbox row is there, nothing is sent yet.
        delivery = WebhookDelivery.objects.get(item_id=law.pk)
        assert delivery.status == WebhookDelivery.Status.PENDING
        assert receiver.requests == []
    assert [r.payload["item"]["type"] for r in receiver.requests] == ["law"]

    # A publish that is rolled back leaves no delivery and sends nothing.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        law.save_revision().publish()
        raise RuntimeError("the editor's request failed after publishing")
    assert WebhookDelivery.objects.filter(item_id=law.pk).count() == 1
    assert len(receiver.requests) == 1


def new_concept(plan_page, title: str, live: bool = True) -> ConceptPage:
    """A concept nothing links to yet (so the admin asks no link-integrity questions)."""
    folder = plan_page("concept", "radikalisering").get_parent()
    concept = folder.add_child(
        instance=ConceptPage(
            title=title,
            summary=f"{title}: et begrep til testen.",
            short_definition="Et begrep til testen.",
            explanation="<p>Et begrep til testen.</p>",
            live=False,
        )
    )
    if live:
        concept.save_revision().publish()
    return concept


def test_unpublish_and_delete_in_the_admin_send_their_own_events(
    plan_page, receiver, client, admin_user, django_capture_on_commit_callbacks
):
    first = new_concept(plan_page, "Første testbegrep")
    second = new_concept(plan_page, "Andre testbegrep")
    hook = Webhook.objects.create(name="Partner", url=receiver.url)
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:unpublish", args=[first.pk]))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:delete", args=[second.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=second.pk).exists()

    # Deleting a live page is one "deleted" event (not also an "unpublished" one).
    events = [(r.payload["event"], r.payload["item"]["id"]) for r in receiver.requests]
    assert events == [("unpublished", first.pk), ("deleted", second.pk)]
    for request in receiver.requests:
        assert verify(hook.secret, request.body, request.headers["X-Veiviser-Signature"])
    deleted = receiver.requests[1].payload["item"]
    assert deleted["type"] == "concept"
    assert deleted["title"] == "Andre testbegrep"
    assert deleted["translation_key"] == str(second.translation_key)
    assert deleted["url"].endswith("/kunnskapsbase/begreper/andre-testbegrep/")
    assert deleted["api_url"].endswith(f"/api/v3/kb/concepts/{second.pk}/")
    assert set(hook.deliveries.values_list("status", flat=True)) == {"delivered"}


def test_only_the_events_and_types_a_webhook_asks_for_are_sent(
    plan_page, receiver, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Laws only", url=receiver.url, kinds=["law"])
    Webhook.objects.create(
        name="Deletions only", url=receiver.url, on_published=False, on_unpublished=False
    )
    Webhook.objects.create(name="Switched off", url=receiver.url, is_active=False)
    concept = plan_page("concept", "radikalisering")
    law = plan_page("law", "straffeloven-185")

    publish(concept, django_capture_on_commit_callbacks)
    publish(law, django_capture_on_commit_callbacks)
    publish(concept.get_parent().specific, django_capture_on_commit_callbacks)  # a folder

    assert [(r.payload["item"]["type"], r.payload["event"]) for r in receiver.requests] == [
        ("law", "published")
    ]
    assert WebhookDelivery.objects.get().webhook.name == "Laws only"


def test_a_failing_receiver_gets_retried_with_back_off_until_it_succeeds(
    plan_page, fast_retries, client, admin_user, django_capture_on_commit_callbacks
):
    failing = Receiver(answers=(500, 503))
    try:
        hook = Webhook.objects.create(name="Flaky", url=failing.url)
        publish(MeasurePage.objects.order_by("pk").first(), django_capture_on_commit_callbacks)
        delivery = WebhookDelivery.objects.get(webhook=hook)
        assert delivery.status == WebhookDelivery.Status.PENDING
        assert delivery.attempt_count == 1

        call_command("deliver_webhooks", "--until-done", "--interval", "1", verbosity=0)
    finally:
        failing.stop()

    first, second, third = failing.requests
    # The same signed body every time, under the same delivery id.
    assert first.body == second.body == third.body
    assert {r.headers["X-Veiviser-Delivery"] for r in failing.requests} == {str(delivery.pk)}
    assert [r.headers["X-Veiviser-Attempt"] for r in failing.requests] == ["1", "2", "3"]
    assert all(
        verify(hook.secret, r.body, r.headers["X-Veiviser-Signature"]) for r in failing.requests
    )
    # Back-off: 0.2 s before the second attempt, twice that before the third.
    assert second.at - first.at >= 0.2
    assert third.at - second.at >= 0.4

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    attempts = list(delivery.attempts.all())
    assert [(a.number, a.status_code) for a in attempts] == [(1, 500), (2, 503), (3, 200)]
    # Only the status, in a fixed format: the receiver's body is never stored.
    assert [a.error for a in attempts] == ["HTTP 500", "HTTP 503", ""]
    # Each retry was scheduled the back-off after its attempt ended: 0.2 s, then 0.4 s.
    for attempt, backoff in zip(attempts[:2], (0.2, 0.4), strict=True):
        scheduled_after = (attempt.next_attempt_at - attempt.started_at).total_seconds()
        assert backoff <= scheduled_after < backoff + attempt.duration_ms / 1000 + 0.1
    assert attempts[2].next_attempt_at is None

    # The delivery log in the admin shows each attempt.
    client.force_login(admin_user)
    listing = client.get(reverse("webhookdelivery:index"))
    assert listing.status_code == 200
    assert delivery.item_title in listing.content.decode()
    page = client.get(reverse("webhookdelivery:inspect", args=[delivery.pk])).content.decode()
    for code in ("500", "503", "200"):
        assert f">{code}</span>" in page
    assert "HTTP 503" in page and "receiver says" not in page


def test_publishing_in_the_admin_succeeds_while_the_receiver_is_down(
    plan_page, fast_retries, client, admin_user, django_capture_on_commit_callbacks
):
    port = free_port()  # nothing listens here yet
    hook = Webhook.objects.create(name="Down", url=f"http://127.0.0.1:{port}/hook")
    contact = plan_page("contact", "alarmtelefonen")
    client.force_login(admin_user)
    edit_url = reverse("wagtailadmin_pages:edit", args=[contact.pk])
    data = form_data(client.get(edit_url).content.decode(), form_id="page-edit-form")
    data["title"] = "Alarmtelefonen for barn og unge (oppdatert)"
    data["action-publish"] = "action-publish"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    contact.refresh_from_db()
    assert contact.title == "Alarmtelefonen for barn og unge (oppdatert)"
    assert contact.live and not contact.has_unpublished_changes
    delivery = WebhookDelivery.objects.get(webhook=hook)
    [attempt] = delivery.attempts.all()
    assert attempt.status_code is None
    assert "refused" in attempt.error.lower()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.next_attempt_at == attempt.next_attempt_at is not None

    # The receiver comes up; the worker sends the retry when it is due.
    revived = Receiver(port=port)
    try:
        call_command("deliver_webhooks", "--until-done", "--interval", "1", verbosity=0)
    finally:
        revived.stop()
    [request] = revived.requests
    assert verify(hook.secret, request.body, request.headers["X-Veiviser-Signature"])
    assert request.payload["item"]["title"] == "Alarmtelefonen for barn og unge (oppdatert)"
    assert request.headers["X-Veiviser-Attempt"] == "2"
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED


def test_an_admin_publish_writes_its_outbox_rows_in_its_own_transaction(
    plan_page, client, admin_user
):
    """Wagtail's publish view ends its own atomic block before sending ``page_published``;
    each request being one transaction (ATOMIC_REQUESTS) keeps the outbox rows that the
    signal's receivers write in the same transaction as the page."""
    from django.db import connection
    from wagtail.signals import page_published

    depth_before = len(connection.atomic_blocks)
    depth_in_receiver: list[int] = []

    def record(**kwargs):
        depth_in_receiver.append(len(connection.atomic_blocks))

    page_published.connect(record)
    try:
        contact = plan_page("contact", "alarmtelefonen")
        client.force_login(admin_user)
        edit_url = reverse("wagtailadmin_pages:edit", args=[contact.pk])
        data = form_data(client.get(edit_url).content.decode(), form_id="page-edit-form")
        data["action-publish"] = "action-publish"
        response = client.post(edit_url, data)
    finally:
        page_published.disconnect(record)
    assert response.status_code == 302
    assert depth_in_receiver and depth_in_receiver[0] > depth_before


def test_retries_are_bounded_and_client_errors_are_not_retried(
    plan_page, fast_retries, django_capture_on_commit_callbacks
):
    fast_retries.VEIVISER_WEBHOOK_MAX_ATTEMPTS = 3
    broken = Receiver(answers=(502, 502, 502, 502))
    gone = Receiver(answers=(410,))
    try:
        Webhook.objects.create(name="Broken", url=broken.url)
        Webhook.objects.create(name="Gone", url=gone.url)
        publish(ActorPage.objects.order_by("pk").first(), django_capture_on_commit_callbacks)
        output = io.StringIO()
        call_command("deliver_webhooks", "--until-done", "--interval", "1", stdout=output)
    finally:
        broken.stop()
        gone.stop()

    assert len(broken.requests) == 3
    assert len(gone.requests) == 1
    for name, attempts in (("Broken", 3), ("Gone", 1)):
        delivery = WebhookDelivery.objects.get(webhook__name=name)
        assert delivery.status == WebhookDelivery.Status.FAILED
        assert delivery.attempt_count == delivery.attempts.count() == attempts
        assert delivery.next_attempt_at is None
    # Nothing is due any more: the worker has nothing to send.
    assert sending.due() == []
    # The command showed each attempt as it went, and a summary.
    lines = output.getvalue().splitlines()
    assert sum("HTTP 502" in line for line in lines) == 2
    assert lines[-1] == "2 forsøk: 0 levert, 1 prøves igjen senere, 1 ga opp."


def test_the_command_rejects_a_pointless_interval():
    with pytest.raises(CommandError, match="positivt antall sekunder"):
        call_command("deliver_webhooks", "--loop", "--interval", "0")


def test_a_delivery_is_sent_once_even_when_asked_twice(
    plan_page, receiver, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Partner", url=receiver.url)
    publish(plan_page("concept", "radikalisering"), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert sending.attempt(delivery.pk) is None  # delivered already
    call_command("deliver_webhooks", verbosity=0)
    assert len(receiver.requests) == 1


def test_a_never_published_page_is_deleted_silently(
    plan_page, receiver, django_capture_on_commit_callbacks
):
    draft = new_concept(plan_page, "Utkast", live=False)
    Webhook.objects.create(name="Partner", url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert receiver.requests == []
    assert not WebhookDelivery.objects.filter(event=WebhookEvent.DELETED).exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://partner.example.org/hook", "må begynne med http:// eller https://"),
        ("javascript:alert(1)", "gyldig"),
        ("http://", "gyldig"),
    ],
)
def test_an_invalid_url_is_a_form_error_in_the_admin(client, admin_user, url, message):
    client.force_login(admin_user)
    response = client.post(
        reverse("webhook:add"),
        {"name": "Partner", "url": url, "secret": "s3cret", "on_published": "on"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors["url"])
    assert message in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_webhook_is_configured_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("webhook:add"),
        {
            "name": "Nabokommunen",
            "url": "https://nabo.example.org/veiviser",
            "secret": "delt-hemmelighet",
            "on_published": "on",
            "on_deleted": "on",
            "kinds": ["routine", "checklist"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert hook.events == ["published", "deleted"]
    assert hook.kinds == ["routine", "checklist"]
    assert hook.wants("published", "routine") and not hook.wants("published", "concept")
    assert not hook.wants("unpublished", "routine")

    edit_page = client.get(reverse("webhook:edit", args=[hook.pk])).content.decode()
    assert 'value="routine"' in edit_page and "checked" in edit_page
    assert hook.secret in edit_page  # the secret can be read off and given to the receiver

    # At least one event is required.
    response = client.post(
        reverse("webhook:edit", args=[hook.pk]),
        {"name": "Nabokommunen", "url": hook.url, "secret": hook.secret, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Velg minst én hendelse" in response.content.decode()


class FormScraper(HTMLParser):
    """Collects what a browser would submit from one form: inputs, selects, textareas."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select: str | None = None
        self.textarea: str | None = None

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file"}:
                self.add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            value = self.data[self.textarea][-1]
            self.data[self.textarea][-1] = value[1:] if value.startswith("\n") else value
            self.textarea = None


def form_data(html: str, form_id: str) -> dict:
    scraper = FormScraper(form_id)
    scraper.feed(html)
    return {name: values if len(values) > 1 else values[0] for name, values in scraper.data.items()}
