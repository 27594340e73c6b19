"""The outbox made sound: webhook and search rows commit with the publish or not at all, on
every path through the page; a delivery writes back only under its lease; a restricted page
sends no webhook; indexing reads a batch of pages with a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from kb.models import KB_KINDS, ConceptPage, KnowledgePage, Webhook, WebhookAttempt, WebhookDelivery
from kb.webhooks import sending
from search.models import PendingChange
from search.store import update_database
from tests.test_webhooks import Receiver, publish

pytestmark = pytest.mark.django_db


class ReceiverFault(RuntimeError):
    pass


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


@pytest.fixture(autouse=True)
def local_receivers_allowed(settings):
    settings.VEIVISER_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def failing_after(request):
    """A receiver of the signal, connected after the outbox's, that fails: what a fault late in
    the publish (another receiver, the database) does to the rows already written."""

    def connect(signal):
        def fail(**kwargs):
            raise ReceiverFault("a later step of the publish failed")

        signal.connect(fail, weak=False, dispatch_uid="tests.failing_after")
        request.addfinalizer(lambda: signal.disconnect(dispatch_uid="tests.failing_after"))

    return connect


def outbox_rows(page: Page) -> tuple[int, int]:
    return (
        WebhookDelivery.objects.filter(item_id=page.pk).count(),
        PendingChange.objects.filter(page_id=page.pk).count(),
    )


def test_a_publish_and_its_outbox_rows_commit_together(plan_page, receiver, failing_after):
    Webhook.objects.create(name="Partner", url=receiver.url)
    concept = plan_page("concept", "radikalisering")
    concept.title = "Radikalisering (ny tittel)"
    revision = concept.save_revision()
    concept.refresh_from_db()
    before = (concept.live_revision_id, *outbox_rows(concept))

    failing_after(page_published)
    with pytest.raises(ReceiverFault):
        revision.publish()

    concept.refresh_from_db()
    # Without the explicit atomic block, the page and the outbox rows would stay written.
    assert (concept.live_revision_id, *outbox_rows(concept)) == before
    assert concept.title != "Radikalisering (ny tittel)"


def test_scheduled_publishing_writes_its_outbox_rows_in_the_publish_transaction(
    plan_page, receiver, failing_after
):
    """``publish_scheduled`` runs from cron, outside any request: the page's own atomic block is
    all that keeps the change and its rows together."""
    Webhook.objects.create(name="Partner", url=receiver.url)
    concept = plan_page("concept", "radikalisering")
    revision = concept.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(1))
    before = outbox_rows(concept)

    failing_after(page_published)
    with pytest.raises(ReceiverFault):
        call_command("publish_scheduled", verbosity=0)
    assert outbox_rows(concept) == before
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None  # still scheduled, tried again next run

    page_published.disconnect(dispatch_uid="tests.failing_after")
    call_command("publish_scheduled", verbosity=0)
    deliveries, changes = outbox_rows(concept)
    assert (deliveries, changes) == (before[0] + 1, before[1] + 1)


def test_an_unpublish_and_its_outbox_rows_commit_together(plan_page, receiver, failing_after):
    Webhook.objects.create(name="Partner", url=receiver.url)
    concept = plan_page("concept", "radikalisering")
    failing_after(page_unpublished)
    with pytest.raises(ReceiverFault):
        concept.unpublish()
    assert ConceptPage.objects.get(pk=concept.pk).live
    assert outbox_rows(concept) == (0, 0)


def test_a_page_behind_a_view_restriction_sends_no_webhook(
    plan_page, receiver, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Partner", url=receiver.url)
    concept = plan_page("concept", "radikalisering")
    PageViewRestriction.objects.create(
        page=concept.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    publish(concept, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        concept.unpublish()
    assert not WebhookDelivery.objects.filter(item_id=concept.pk).exists()
    assert receiver.requests == []

    # The same page, public again, is announced.
    PageViewRestriction.objects.filter(page=concept.get_parent()).delete()
    publish(concept, django_capture_on_commit_callbacks)
    assert [r.payload["item"]["id"] for r in receiver.requests] == [concept.pk]


def test_a_delivery_writes_back_only_while_its_lease_holds(
    plan_page, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Partner", url=receiver.url)
    with django_capture_on_commit_callbacks(execute=False):
        plan_page("concept", "radikalisering").save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    real_send = sending.send
    taken_over_until = timezone.now() + datetime.timedelta(minutes=5)

    def send_then_lose_the_lease(claimed, number):
        response = real_send(claimed, number)
        # Meanwhile the lease ran out and another worker claimed the delivery.
        WebhookDelivery.objects.filter(pk=claimed.pk).update(next_attempt_at=taken_over_until)
        return response

    monkeypatch.setattr(sending, "send", send_then_lose_the_lease)
    assert sending.attempt(delivery.pk) is None
    delivery.refresh_from_db()
    assert len(receiver.requests) == 1
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempt_count == 0
    assert delivery.next_attempt_at == taken_over_until  # the other worker's lease, untouched
    assert not WebhookAttempt.objects.exists()

    # The worker that holds the lease writes its outcome as usual.
    monkeypatch.setattr(sending, "send", real_send)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert sending.attempt(delivery.pk).status_code == 200
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == (WebhookDelivery.Status.DELIVERED, 1)
    # Both requests carried the same idempotency key: the receiver can tell them apart.
    assert {r.headers["X-Veiviser-Delivery"] for r in receiver.requests} == {str(delivery.pk)}


def one_page_of_each_kind() -> list[int]:
    return [model.objects.live().exact_type(model).first().pk for model in KB_KINDS.values()]


def every_live_kb_page() -> list[int]:
    return list(Page.objects.live().type(KnowledgePage).values_list("pk", flat=True))


def test_indexing_a_batch_reads_its_pages_with_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    update_database(one_page_of_each_kind())  # warm what is cached (site root paths)
    with CaptureQueriesContext(connection) as one_each:
        update_database(one_page_of_each_kind())
    everything = every_live_kb_page()
    assert len(everything) >= 4 * len(KB_KINDS)
    with django_assert_max_num_queries(len(one_each.captured_queries)):
        documents, _ = update_database(everything)
    assert len(documents) == len(everything)
