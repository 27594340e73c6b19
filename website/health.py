"""Liveness and readiness for load balancers and monitoring (django-health-check).

``/healthz`` says the process answers and touches nothing else; ``/readyz`` checks the
database, the cache, the distributed search engine (when one is configured) and the task
queue's backlog, and answers 500 naming what failed.
"""

import dataclasses
import urllib.request

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@dataclasses.dataclass
class SearchEngine(HealthCheck):
    """The distributed search engine answers (searches fall back to the database meanwhile)."""

    def run(self) -> None:
        conf = settings.VEIVISER_SEARCH
        if conf.get("ENGINE", "database") == "database" or not conf.get("URL"):
            return
        try:
            with urllib.request.urlopen(conf["URL"], timeout=2) as response:  # noqa: S310 - operator's setting
                if response.status >= 500:
                    raise ServiceUnavailable(f"search engine answered {response.status}")
        except OSError as error:
            raise ServiceUnavailable("search engine unreachable") from error


@dataclasses.dataclass
class QueueBacklog(HealthCheck):
    """No task has waited in the database queue longer than QUEUE_MAX_AGE seconds."""

    def run(self) -> None:
        if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
            return
        from django_tasks_db.models import DBTaskResult

        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if oldest is None:
            return
        age = (timezone.now() - oldest.enqueued_at).total_seconds()
        if age > settings.VEIVISER_QUEUE_MAX_AGE:
            raise ServiceWarning(f"oldest queued task waits {age:.0f} s; is the worker running?")


class ReadyView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        SearchEngine,
        QueueBacklog,
    )
