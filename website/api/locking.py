"""Locking a page over API v3, as the admin's lock button does."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from pydantic import PositiveInt
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import Page

from kb.api.schemas import documented
from website import workflows
from website.api.common import conflicts_as_409, get_page, username
from website.api.schemas import STATE_ERRORS, LockSchema

router = Router(auth=BearerTokenAuth(), tags=["editorial"])


def lock_data(page: Page) -> dict:
    return {
        "locked": page.locked,
        "locked_by": username(page.locked_by),
        "locked_at": page.locked_at,
    }


@router.post(
    "/{page_id}/actions/lock/",
    **documented(LockSchema, STATE_ERRORS),
    url_name="editorial_lock",
    operation_id="pages_actions_lock",
    summary="Lock a page",
    description="Locks the page so that nobody else can edit it. 409 if it is locked already.",
)
def lock(request: HttpRequest, page_id: PositiveInt):
    page = get_page(page_id)
    with conflicts_as_409():
        workflows.lock(page, request.user)
    return lock_data(page)


@router.post(
    "/{page_id}/actions/unlock/",
    **documented(LockSchema, STATE_ERRORS),
    url_name="editorial_unlock",
    operation_id="pages_actions_unlock",
    summary="Unlock a page",
    description="Your own lock, or anyone's with the unlock right. 409 if it is not locked.",
)
def unlock(request: HttpRequest, page_id: PositiveInt):
    page = get_page(page_id)
    with conflicts_as_409():
        workflows.unlock(page, request.user)
    return lock_data(page)
