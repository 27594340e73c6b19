"""Purges the reverse-proxy cache (Varnish) when published content changes.

Wagtail's frontend cache (``wagtail.contrib.frontend_cache``) purges a published or
unpublished page's own URL. Public pages and API answers also show other pages: relations and
"Lenket fra", breadcrumbs, folder listings, navigation, search, the feed and the sitemap; and
the API's own cache already treats every change as new content for the whole site
(``kb.ContentVersion``). So every publish, unpublish, move and delete also purges the whole
site by prefix (``/*``: the VCL bans every object under it except hashed static files), through
the same module's task and after the change commits, so the proxy never refetches the old
version; the task goes first in a queue of its own, so indexing never delays it.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django_tasks.base import TASK_MAX_PRIORITY
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

SITE_PREFIX = "/*"
PURGE_QUEUE = "frontend-cache"  # a queue of its own, with its own worker in make serve


def purge_site() -> None:
    """Ask every configured frontend cache to drop the site's pages and API answers."""
    roots = {site.root_url for site in Site.objects.all()} or {"http://localhost"}
    urls = [root.rstrip("/") + SITE_PREFIX for root in roots]
    purge_urls_from_cache_task.using(queue_name=PURGE_QUEUE, priority=TASK_MAX_PRIORITY).enqueue(
        urls, None, None
    )


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def purge_after_commit(sender, **kwargs) -> None:
    """One purge per transaction, however many pages it changes (an import changes hundreds)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is purge_site for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(purge_site)
