"""One attempt at a delivery: a signed POST, its outcome logged, the next try scheduled.

Attempts are claimed with a lease (``next_attempt_at`` moved past the request's timeout) by a
conditional UPDATE, so a task and the ``deliver_webhooks`` command never send the same attempt
twice, and no database transaction is held open while waiting on a receiver.
"""

from __future__ import annotations

import datetime
import http.client
import logging
import socket
import ssl
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kb.models import WebhookAttempt, WebhookDelivery
from kb.models.webhooks import validate_http_url
from kb.webhooks import targets
from kb.webhooks.payload import SIGNATURE_HEADER, signature

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
USER_AGENT = "Veiviser-Webhooks/1"


def timeout() -> float:
    return float(settings.VEIVISER_WEBHOOK_TIMEOUT)


def max_attempts() -> int:
    return int(settings.VEIVISER_WEBHOOK_MAX_ATTEMPTS)


def retry_delay(attempt_number: int) -> datetime.timedelta:
    """Exponential back-off: the first retry after the base delay, then twice as long each time."""
    base = float(settings.VEIVISER_WEBHOOK_RETRY_DELAY)
    return datetime.timedelta(seconds=base * 2 ** (attempt_number - 1))


@dataclass
class Response:
    status_code: int | None
    error: str
    duration_ms: int
    permanent: bool = False  # a fault on our side that another try will not mend

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def retryable(self) -> bool:
        """Worth another try: no answer, a server error, a timeout or rate limit."""
        code = self.status_code
        return not self.permanent and (code is None or code >= 500 or code in {408, 429})


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the receiver's answer, logged as such; the signed POST goes nowhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = targets.create_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = targets.create_connection


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)


# No proxies from the environment: the guard checks the address actually connected to.
_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _NoRedirects, _GuardedHTTPHandler, _GuardedHTTPSHandler
)


def reason_for(exc: BaseException) -> str:
    """A short, fixed-format reason: never text that came from the receiver."""
    if isinstance(exc, targets.BlockedTarget):
        return "blocked address"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, socket.gaierror):
        return "name not resolved"
    if isinstance(exc, ssl.SSLError):
        return "TLS error"
    if isinstance(exc, http.client.HTTPException):
        return "invalid HTTP response"
    return "network error"


def headers_for(delivery: WebhookDelivery, body: bytes, number: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Veiviser-Event": delivery.event,
        "X-Veiviser-Delivery": str(delivery.pk),
        "X-Veiviser-Timestamp": str(int(time.time())),
        "X-Veiviser-Attempt": str(number),
        SIGNATURE_HEADER: signature(delivery.webhook.secret, body),
    }


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    started = time.monotonic()

    def elapsed() -> int:
        return round((time.monotonic() - started) * 1000)

    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout()) as answer:
            return Response(answer.status, "", elapsed())
    except urllib.error.HTTPError as answer:  # the body and headers are not kept
        redirect = " (redirect not followed)" if 300 <= answer.code < 400 else ""
        return Response(answer.code, f"HTTP {answer.code}{redirect}", elapsed())
    except urllib.error.URLError as exc:
        reason = exc.reason if isinstance(exc.reason, BaseException) else exc
        blocked = isinstance(reason, targets.BlockedTarget)
        return Response(None, reason_for(reason), elapsed(), permanent=blocked)
    except (OSError, http.client.HTTPException) as exc:  # timeouts, resets, TLS errors
        blocked = isinstance(exc, targets.BlockedTarget)
        return Response(None, reason_for(exc), elapsed(), permanent=blocked)


def claim(delivery_id: uuid.UUID) -> WebhookDelivery | None:
    """Take a due delivery for one attempt, or None if it is not due or someone else has it.

    The lease is the new ``next_attempt_at``: the claimed delivery carries it, and the outcome
    is written back only while it still holds (``write_back``)."""
    now = timezone.now()
    lease = timeout() + float(settings.VEIVISER_WEBHOOK_LEASE_MARGIN)
    lease_until = now + datetime.timedelta(seconds=lease)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status=Status.PENDING,
        next_attempt_at__lte=now,
        webhook__is_active=True,
    ).update(next_attempt_at=lease_until)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)


def send(delivery: WebhookDelivery, number: int) -> Response:
    try:
        validate_http_url(delivery.webhook.url)
    except ValidationError:
        return Response(None, "invalid address", 0, permanent=True)
    body = delivery.body.encode("utf-8")
    return post(delivery.webhook.url, body, headers_for(delivery, body, number))


def attempt(delivery_id: uuid.UUID) -> WebhookAttempt | None:
    """Make the next attempt at a delivery if it is due; log it and schedule what follows."""
    delivery = claim(delivery_id)
    if delivery is None:
        return None
    number = delivery.attempt_count + 1
    started_at = timezone.now()
    response = send(delivery, number)
    finished_at = timezone.now()

    next_attempt_at = None
    if response.succeeded:
        status = Status.DELIVERED
    elif response.retryable and number < max_attempts():
        status, next_attempt_at = Status.PENDING, finished_at + retry_delay(number)
    else:
        status = Status.FAILED

    logged = write_back(
        delivery, number, started_at, finished_at, response, status, next_attempt_at
    )
    if logged is None:
        logger.warning(
            "Webhook delivery %s: the lease ran out during attempt %d; its outcome is not kept",
            delivery.pk,
            number,
        )
        return None
    if status == Status.FAILED:
        logger.warning("Webhook delivery %s gave up after %d attempt(s)", delivery.pk, number)
    return logged


def write_back(
    delivery: WebhookDelivery,
    number: int,
    started_at: datetime.datetime,
    finished_at: datetime.datetime,
    response: Response,
    status: str,
    next_attempt_at: datetime.datetime | None,
) -> WebhookAttempt | None:
    """Log the attempt and move the delivery on, only if our lease still holds: a worker that
    stalled past it must not overwrite what the one that took over has written."""
    with transaction.atomic():
        kept = WebhookDelivery.objects.filter(
            pk=delivery.pk, status=Status.PENDING, next_attempt_at=delivery.next_attempt_at
        ).update(
            status=status,
            attempt_count=number,
            next_attempt_at=next_attempt_at,
            delivered_at=finished_at if status == Status.DELIVERED else None,
        )
        if not kept:
            return None
        return WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=started_at,
            duration_ms=response.duration_ms,
            status_code=response.status_code,
            error=response.error,
            next_attempt_at=next_attempt_at,
        )


def due(limit: int = 100) -> list[uuid.UUID]:
    """Deliveries whose next attempt is due now, oldest first."""
    return list(
        WebhookDelivery.objects.filter(
            status=Status.PENDING,
            next_attempt_at__lte=timezone.now(),
            webhook__is_active=True,
        )
        .order_by("next_attempt_at", "created_at")
        .values_list("pk", flat=True)[:limit]
    )


def next_due_at() -> datetime.datetime | None:
    """When the next pending delivery falls due (None when nothing waits)."""
    return (
        WebhookDelivery.objects.filter(status=Status.PENDING, webhook__is_active=True)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
