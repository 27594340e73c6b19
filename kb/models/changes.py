"""The change log partners sync from: every publish and every removal of an item, in order.

One row per event, numbered by the database (a total order), kept after the page itself is
gone: it is where a removed item's tombstone comes from (key, type, when, why), and what
``GET /api/v3/kb/changes/`` pages through. Restricted pages are never logged as upserts."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ItemChange(models.Model):
    class Event(models.TextChoices):
        UPSERT = "upsert", "upsert"
        REMOVAL = "removal", "removal"

    class Reason(models.TextChoices):
        PUBLISHED = "published", "published"
        MOVED = "moved", "moved"
        UNRESTRICTED = "unrestricted", "unrestricted"
        RELATED = "related", "related"  # an item it shows changed
        UNPUBLISHED = "unpublished", "unpublished"
        DELETED = "deleted", "deleted"
        RESTRICTED = "restricted", "restricted"

    id = models.BigAutoField(primary_key=True)
    page_id = models.PositiveIntegerField(db_index=True)  # no foreign key: outlives the page
    key = models.UUIDField()
    kind = models.CharField(max_length=20)
    locale = models.CharField(max_length=20)
    event = models.CharField(max_length=10, choices=Event.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    successor_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "item change"

    def __str__(self) -> str:
        return f"{self.event} {self.kind} {self.page_id} ({self.reason})"

    @classmethod
    def kept_since(cls) -> datetime.datetime:
        """The oldest moment whose removals are still told (``VEIVISER_TOMBSTONE_DAYS``)."""
        return timezone.now() - datetime.timedelta(days=settings.VEIVISER_TOMBSTONE_DAYS)

    @classmethod
    def tombstone(cls, page_id: int, kind: str) -> "ItemChange | None":
        """The removal that is the item's last word, if it was removed within the period."""
        last = cls.objects.filter(page_id=page_id, kind=kind).order_by("-id").first()
        if last is None or last.event != cls.Event.REMOVAL or last.at < cls.kept_since():
            return None
        return last
