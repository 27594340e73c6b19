"""Publishing counts as a review: it moves a due (or missing) review date a cycle ahead."""

import datetime

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

REVIEW_CYCLE_MONTHS = 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):  # 29 February and month ends fall back
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@receiver(page_published)
def schedule_next_review(sender, instance, **kwargs) -> None:
    from kb.models import KnowledgePage

    if not isinstance(instance, KnowledgePage):
        return
    today = timezone.localdate()
    if instance.review_by is None or instance.review_by <= today:
        instance.review_by = add_months(today, REVIEW_CYCLE_MONTHS)
        KnowledgePage.objects.filter(pk=instance.pk).update(review_by=instance.review_by)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender="kb.Topic")
@receiver(post_save, sender="kb.Audience")
@receiver(post_save, sender="kb.PriorityArea")
@receiver(post_delete, sender="kb.Topic")
@receiver(post_delete, sender="kb.Audience")
def published_content_changed(sender, instance=None, **kwargs) -> None:
    from kb.models import ContentVersion

    ContentVersion.bump()
