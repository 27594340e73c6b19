"""Link integrity on Wagtail's own API actions: deleting, unpublishing or moving a page that
other content links to answers 409 with the links, until repeated with ``?confirm_links=true``.

Applied as a django-ninja operation decorator, so it runs after authentication and only for
callers who would otherwise be allowed to do it (everyone else gets Wagtail's own 403).
"""

from __future__ import annotations

from functools import wraps

from django.utils.translation import gettext as _
from wagtail.api.v3.errors import problem_response
from wagtail.models import Page

from kb import permissions
from website.link_integrity import CONFIRM_FIELD, incoming_links, is_confirmed

WAGTAIL_PAGE_ROUTES = "wagtail.api.v3.routers.pages"
GUARDED = {"delete", "unpublish", "move"}


def guard_linked_pages(func):
    if getattr(func, "__module__", "") != WAGTAIL_PAGE_ROUTES or func.__name__ not in GUARDED:
        return func
    action = func.__name__

    @wraps(func)
    def guarded(request, *args, **kwargs):
        page = Page.objects.filter(pk=kwargs.get("page_id")).first()
        if (
            page is not None
            and not is_confirmed(request.GET)
            and _allowed(page, request.user, action, kwargs)
        ):
            descendants = action != "unpublish" or _recursive(kwargs)
            links = incoming_links([page], descendants=descendants)
            if links:
                return problem_response(
                    status=409,
                    title="Linked content",
                    detail=_(
                        "Annet innhold lenker til «%(title)s» (%(count)d lenker, se «errors»). "
                        "Gjenta med ?%(field)s=true for å bekrefte."
                    )
                    % {"count": len(links), "title": page.title, "field": CONFIRM_FIELD},
                    errors=[link.as_data() for link in links],
                )
        return func(request, *args, **kwargs)

    return guarded


def _recursive(kwargs) -> bool:
    return bool(getattr(kwargs.get("data"), "recursive", False))


def _allowed(page: Page, user, action: str, kwargs) -> bool:
    """Whether Wagtail would let the action through: only then do the links matter."""
    if action != "move":
        return permissions.can(user, action, page)
    destination = Page.objects.filter(pk=getattr(kwargs.get("data"), "destination_id", None))
    return destination.exists() and permissions.can_move_to(user, page, destination.get())
