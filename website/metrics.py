"""Prometheus metrics at /metrics: django-prometheus's request rate and latency per view (and
the database and cache), plus gauges read from the database at scrape time: the task queue's
depth and oldest task's age per queue, and webhook deliveries pending and given up.

Under gunicorn every worker process counts its own requests; with PROMETHEUS_MULTIPROC_DIR set
(``make serve`` sets one per app server) /metrics adds them up. Only the proxy's loopback
clients reach /metrics through Varnish; scrape the app servers directly.
"""

import os

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from kb.models import WebhookDelivery


class BacklogCollector:
    """Queue and webhook figures from the database, the same for every process."""

    def collect(self):
        depth = GaugeMetricFamily(
            "veiviser_task_queue_depth", "Tasks waiting to run", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "veiviser_task_queue_oldest_seconds", "Age of the oldest waiting task", labels=["queue"]
        )
        if "django_tasks_db" in settings.TASKS["default"]["BACKEND"]:
            from django_tasks_db.models import DBTaskResult

            now = timezone.now()
            rows = (
                DBTaskResult.objects.ready()
                .values("queue_name")
                .annotate(n=Count("id"), oldest=Min("enqueued_at"))
                .order_by()
            )
            for row in rows:
                depth.add_metric([row["queue_name"]], row["n"])
                age.add_metric([row["queue_name"]], (now - row["oldest"]).total_seconds())
        yield depth
        yield age

        deliveries = GaugeMetricFamily(
            "veiviser_webhook_deliveries", "Webhook deliveries by status", labels=["status"]
        )
        counts = dict(
            WebhookDelivery.objects.values_list("status").annotate(n=Count("id")).order_by()
        )
        for status in WebhookDelivery.Status.values:
            deliveries.add_metric([status], counts.get(status, 0))
        yield deliveries


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessRegistry())
    registry.register(BacklogCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


class _ProcessRegistry:
    """This process's own metrics (django-prometheus's, on the global registry)."""

    def collect(self):
        yield from REGISTRY.collect()
