"""Editorial actions on Wagtail's API v3: workflow, locking, usage, sharing and link
integrity, in the same API object and OpenAPI document as Wagtail's own page actions.

One module per job: ``workflow`` (state, submit, approve, reject), ``locking``, ``usage`` (who
links to a page), ``sharing`` (who can do what where), ``link_guard`` (Wagtail's own delete,
unpublish and move ask first); ``schemas`` and ``common`` are what they share. Every
permission question goes to ``kb.permissions``. A refusal is a problem document: 401 without
a valid token, 403 without the right, 404 for an unknown page, 409 when the page's state does
not allow the action (not in review, already locked), 422 for invalid input.
"""

_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    from wagtail.api.v3.api import api

    from website.api import locking, sharing, usage, workflow
    from website.api.link_guard import guard_linked_pages

    for router in (workflow.router, locking.router, usage.router, sharing.page_router):
        api.add_router("/pages/", router)
    api.add_router("/sharing/", sharing.router)
    api.add_decorator(guard_linked_pages)
    _registered = True
