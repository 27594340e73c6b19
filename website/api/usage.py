"""Who links to a page, over API v3 (what the link guard would list)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from pydantic import PositiveInt
from wagtail.api.v3.auth import BearerTokenAuth

from kb import permissions
from kb.api.schemas import documented
from website.api.common import get_page
from website.api.schemas import ERRORS, IncomingLinkSchema
from website.link_integrity import incoming_links

router = Router(auth=BearerTokenAuth(), tags=["editorial"])


@router.get(
    "/{page_id}/usage/",
    **documented(list[IncomingLinkSchema], ERRORS),
    url_name="editorial_usage",
    operation_id="pages_usage",
    summary="Who links to a page",
    description="Content that links to this page or to pages below it (relations, steps, "
    "chapters, rich text). Deleting, unpublishing or moving such a page needs "
    "`?confirm_links=true`.",
)
def usage(request: HttpRequest, page_id: PositiveInt):
    page = get_page(page_id)
    permissions.require(request.user, permissions.SEE_USAGE, page)
    return [link.as_data() for link in incoming_links([page])]
