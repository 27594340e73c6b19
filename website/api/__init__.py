"""Editorial actions on Wagtail's API v3: workflow, locking, sharing and link integrity,
in the same API object and OpenAPI document as Wagtail's own page actions."""

_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    from wagtail.api.v3.api import api

    from website.api.editorial import pages_router, sharing_router
    from website.api.link_guard import guard_linked_pages

    api.add_router("/pages/", pages_router)
    api.add_router("/sharing/", sharing_router)
    api.add_decorator(guard_linked_pages)
    _registered = True
