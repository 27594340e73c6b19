"""A counter that moves whenever published content changes.

API responses are cached under the current number, so a publish, unpublish, move or delete
makes every cached response stale at once, in every process that shares the database."""

from django.db import models
from django.db.models import F
from django.utils import timezone


class ContentVersion(models.Model):
    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"content version {self.number}"

    @classmethod
    def current(cls) -> tuple[int, "timezone.datetime"]:
        row = cls.objects.filter(pk=1).values_list("number", "changed_at").first()
        if row is None:
            cls.objects.get_or_create(pk=1)
            return 0, timezone.now()
        return row

    @classmethod
    def bump(cls) -> None:
        updated = cls.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 1})
