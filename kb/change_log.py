"""Writes ``kb.ItemChange`` rows from Wagtail's page signals.

Publish and move are upserts; unpublish, delete and a new view restriction are removals; a
lifted view restriction brings the published pages under it back as upserts. Each of these
also changes the representation of the item's neighbours (the items that link to it, those it
links to, which list it under «Lenket fra», and its translations), so they are logged as
upserts too (reason ``related``): a mirror that follows the log never keeps a stale title,
URL or link. An edited or deleted term (topic, audience, priority area; in any of its
translations) is logged the same way for every item that carries it."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move

from kb.models import KIND_BY_MODEL, Audience, KnowledgePage, MeasurePage, PriorityArea, Topic
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


def neighbours(page: Page) -> set[int]:
    """Ids of the pages whose representation shows ``page`` (by references, both ways, and
    as a translation)."""
    inbound = ReferenceIndex.get_references_to(page).values_list("object_id", flat=True)
    outbound = ReferenceIndex.get_references_for_object(page).values_list("to_object_id", flat=True)
    translations = Page.objects.filter(translation_key=page.translation_key)
    ids = {int(pk) for pk in [*inbound, *outbound] if str(pk).isdigit()}
    ids |= set(translations.values_list("pk", flat=True))
    ids.discard(page.pk)
    return ids


def touch(ids: set[int]) -> None:
    for page in Page.objects.filter(pk__in=ids).live().order_by("pk"):
        upsert(page, Reason.RELATED)


@receiver(page_published)
def on_publish(sender, instance, **kwargs) -> None:
    upsert(instance, Reason.PUBLISHED)
    touch(neighbours(instance))


@receiver(post_page_move)
def on_move(sender, instance, **kwargs) -> None:
    for page in Page.objects.descendant_of(instance, inclusive=True).live():
        upsert(page, Reason.MOVED)
        touch(neighbours(page))


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs) -> None:
    record(instance, ItemChange.Event.REMOVAL, Reason.UNPUBLISHED)
    touch(neighbours(instance))


@receiver(pre_delete, sender=Page)
def before_delete(sender, instance, **kwargs) -> None:
    # The references are gone by the time the page is.
    instance.kb_neighbours = neighbours(instance)


@receiver(post_delete, sender=Page)
def on_delete(sender, instance, **kwargs) -> None:
    # After Wagtail's own pre_delete receiver has unpublished the page (and so logged the
    # unpublish): the deletion comes last and is the item's tombstone. A page that was never
    # logged was never told to partners, and stays untold.
    if ItemChange.objects.filter(page_id=instance.pk).exists():
        record(instance, ItemChange.Event.REMOVAL, Reason.DELETED)
    touch(getattr(instance, "kb_neighbours", set()))


def _restricted_pages(restriction: PageViewRestriction):
    return Page.objects.descendant_of(restriction.page, inclusive=True).live()


@receiver(post_save, sender=PageViewRestriction)
def on_restrict(sender, instance, created, **kwargs) -> None:
    if created:
        for page in _restricted_pages(instance):
            record(page, ItemChange.Event.REMOVAL, Reason.RESTRICTED)
            touch(neighbours(page))


@receiver(post_delete, sender=PageViewRestriction)
def on_unrestrict(sender, instance, **kwargs) -> None:
    for page in _restricted_pages(instance):
        upsert(page, Reason.UNRESTRICTED)
        touch(neighbours(page))


def carriers(term) -> set[int]:
    """Ids of the items that show ``term`` or one of its translations."""
    if isinstance(term, Topic):
        pages = KnowledgePage.objects.filter(topics__translation_key=term.translation_key)
    elif isinstance(term, Audience):
        pages = KnowledgePage.objects.filter(audiences__translation_key=term.translation_key)
    else:
        pages = MeasurePage.objects.filter(priority_area__translation_key=term.translation_key)
    return set(pages.values_list("pk", flat=True))


@receiver(post_save, sender=Topic)
@receiver(post_save, sender=Audience)
@receiver(post_save, sender=PriorityArea)
def on_term_saved(sender, instance, created, **kwargs) -> None:
    if not created:  # a new term is carried by nothing yet
        touch(carriers(instance))


@receiver(pre_delete, sender=Topic)
@receiver(pre_delete, sender=Audience)
def before_term_delete(sender, instance, **kwargs) -> None:
    # The carriers' links to the term go with it.
    instance.kb_carriers = carriers(instance)


@receiver(post_delete, sender=Topic)
@receiver(post_delete, sender=Audience)
def on_term_deleted(sender, instance, **kwargs) -> None:
    touch(getattr(instance, "kb_carriers", set()))
