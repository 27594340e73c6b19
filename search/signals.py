"""Every change that can alter what search finds puts the pages concerned in the outbox:
publish, unpublish, delete, move, translation (a translated page is published), view
restrictions, and synonyms and published thesaurus concepts (which need a new index)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from kb.models import KnowledgePage
from search.models import Synonym, ThesaurusConcept
from search.query import SYNONYMS_CACHE_KEY
from search.sync import record_changes


def affected(page: Page) -> list[int]:
    """The page itself if it is a knowledge-base page, and its knowledge-base descendants
    (whose URL or section depend on it)."""
    specific_class = page.specific_class or type(page)
    ids = [page.pk] if issubclass(specific_class, KnowledgePage) else []
    if page.pk and not page.is_leaf():
        ids += list(
            Page.objects.descendant_of(page).type(KnowledgePage).values_list("pk", flat=True)
        )
    return ids


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs) -> None:
    record_changes(affected(instance))


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs) -> None:
    record_changes(affected(instance))


@receiver(post_delete, sender=Page)
def page_deleted(sender, instance, **kwargs) -> None:
    # Sent for the Page row of every deleted page, whatever its type. A receiver without a
    # sender would make Django send the signal for every row of every model it deletes.
    record_changes([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        record_changes(affected(page.specific))


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
@receiver(published, sender=ThesaurusConcept)
@receiver(unpublished, sender=ThesaurusConcept)
@receiver(post_delete, sender=ThesaurusConcept)
def synonyms_changed(sender, instance, **kwargs) -> None:
    """New synonyms apply to the database engine at once; the distributed engine gets a new
    index with them, built in the background and swapped in by its alias."""
    from search.tasks import schedule_rebuild

    # After the commit: a search in between would otherwise cache the old synonyms again.
    transaction.on_commit(lambda: cache.delete(SYNONYMS_CACHE_KEY))
    transaction.on_commit(schedule_rebuild, robust=True)
