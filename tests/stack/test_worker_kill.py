"""The task worker killed in the middle of a webhook delivery: the supervisor starts it again,
the webhook sweeper sends the delivery again once its lease has run out, and the receiver
handles it exactly once by its idempotency key (``X-Veiviser-Delivery``). Nothing is lost."""

from __future__ import annotations

import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.stack.conftest import wait_until

pytestmark = pytest.mark.django_db

RECEIVER_PORTS = range(8500, 8600)


class SlowReceiver:
    """A partner that takes its time over the first request and handles each delivery once."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.handled: list[str] = []  # what the partner acted on: each key once
        self.first_arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                key = self.headers["X-Veiviser-Delivery"]
                receiver.seen.append(key)
                if len(receiver.seen) == 1:
                    receiver.first_arrived.set()
                    time.sleep(3)  # the worker is killed meanwhile
                if key not in receiver.handled:
                    receiver.handled.append(key)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        for port in RECEIVER_PORTS:
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
                break
            except OSError:
                continue
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_once_per_key(stack):
    receiver = SlowReceiver()
    try:
        stack.shell(
            "from kb.models import Webhook\n"
            f"Webhook.objects.create(name='Treg mottaker', url='{receiver.url}')\n"
        )
        # The task worker or the sweeper may take the delivery first: both are killed.
        workers = {name: stack.pid_of(name) for name in ("worker", "webhook-sweeper")}
        # Published from a process of its own, in the background: the kill must not wait for
        # that process to exit (the attempt could be over by then).
        publisher = threading.Thread(
            target=stack.shell,
            args=(
                "from kb.models import ConceptPage\n"
                "page = ConceptPage.objects.live().order_by('pk').first()\n"
                "page.save_revision().publish()\n",
            ),
        )
        publisher.start()
        assert receiver.first_arrived.wait(120), "the worker never sent the delivery"
        for pid in workers.values():
            os.kill(pid, signal.SIGKILL)

        for name, pid in workers.items():
            wait_until(lambda: stack.pid_of(name) != pid, 30, f"{name} is started again")  # noqa: B023
        status = (
            "from kb.models import WebhookDelivery\n"
            "d = WebhookDelivery.objects.get(webhook__name='Treg mottaker')\n"
            "print(d.status, d.attempt_count, d.attempts.count())\n"
        )
        wait_until(
            lambda: stack.shell(status).split()[0] == "delivered", 60, "the delivery is sent again"
        )
        publisher.join(60)
        assert stack.shell(status).split() == ["delivered", "1", "1"]
        [key] = set(receiver.seen)
        assert len(receiver.seen) == 2  # the killed attempt's request, and the one after it
        assert receiver.handled == [key]
    finally:
        receiver.stop()
        stack.shell(
            "from kb.models import Webhook\nWebhook.objects.filter(name='Treg mottaker').delete()\n"
        )
