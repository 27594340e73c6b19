"""Writes ``kb.ItemChange`` rows from Wagtail's page signals.

Publish and move are upserts; unpublish, delete and a new view restriction are removals; a
lifted view restriction brings the published pages under it back as upserts."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from kb.models import KIND_BY_MODEL
from kb.models.changes import ItemChange

Reason = ItemChange.Reason


def record(page: Page, event: str, reason: str) -> None:
    kind = KIND_BY_MODEL.get(page.specific_class)
    if kind is None:
        return
    ItemChange.objects.create(
        page_id=page.pk,
        key=page.translation_key,
        kind=kind,
        locale=page.locale.language_code,
        event=event,
        reason=reason,
    )


def upsert(page: Page, reason: str) -> None:
    """Logged only while the page is live and public: restricted pages are never told."""
    if page.live and not page.get_view_restrictions().exists():
        record(page, ItemChange.Event.UPSERT, reason)


@receiver(page_published)
def on_publish(sender, instance, **kwargs) -> None:
    upsert(instance, Reason.PUBLISHED)


@receiver(post_page_move)
def on_move(sender, instance, **kwargs) -> None:
    for page in Page.objects.descendant_of(instance, inclusive=True).live():
        upsert(page, Reason.MOVED)


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs) -> None:
    record(instance, ItemChange.Event.REMOVAL, Reason.UNPUBLISHED)


@receiver(post_delete, sender=Page)
def on_delete(sender, instance, **kwargs) -> None:
    # After Wagtail's own pre_delete receiver has unpublished the page (and so logged the
    # unpublish): the deletion comes last and is the item's tombstone. A page that was never
    # logged was never told to partners, and stays untold.
    if ItemChange.objects.filter(page_id=instance.pk).exists():
        record(instance, ItemChange.Event.REMOVAL, Reason.DELETED)


def _restricted_pages(restriction: PageViewRestriction):
    return Page.objects.descendant_of(restriction.page, inclusive=True).live()


@receiver(post_save, sender=PageViewRestriction)
def on_restrict(sender, instance, created, **kwargs) -> None:
    if created:
        for page in _restricted_pages(instance):
            record(page, ItemChange.Event.REMOVAL, Reason.RESTRICTED)


@receiver(post_delete, sender=PageViewRestriction)
def on_unrestrict(sender, instance, **kwargs) -> None:
    for page in _restricted_pages(instance):
        upsert(page, Reason.UNRESTRICTED)
