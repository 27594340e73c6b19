"""Who can do what where, over API v3: per area, and for the area a page is in."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from pydantic import PositiveInt
from wagtail.api.v3.auth import BearerTokenAuth

from kb.api.schemas import documented
from kb.areas import area_of
from website import sharing
from website.api.common import get_page
from website.api.schemas import ERRORS, AreaSharingSchema

page_router = Router(auth=BearerTokenAuth(), tags=["editorial"])
router = Router(auth=BearerTokenAuth(), tags=["editorial"])


@page_router.get(
    "/{page_id}/sharing/",
    **documented(AreaSharingSchema, ERRORS),
    url_name="editorial_page_sharing",
    operation_id="pages_sharing",
    summary="Who can do what where a page lives",
    description="The sharing of the area (section or shared area) the page belongs to. "
    "For site managers, and for section managers in their own section.",
)
def page_sharing(request: HttpRequest, page_id: PositiveInt):
    page = get_page(page_id)
    slug = area_of(page)
    areas = sharing.visible_areas(request.user)
    if slug not in areas:
        raise PermissionDenied(_("Du kan ikke se hvem som har tilgang her."))
    return sharing.as_data(sharing.sharing_for(slug, areas[slug]))


@router.get(
    "/",
    **documented(list[AreaSharingSchema], (400, 401, 403)),
    url_name="editorial_sharing",
    operation_id="sharing_list",
    summary="Who can do what, per area",
    description="Every area the token's user may see the sharing of: all for site managers, "
    "their own sections for section managers.",
)
def sharing_list(request: HttpRequest):
    areas = sharing.visible_areas(request.user)
    if not areas:
        raise PermissionDenied(_("Du kan ikke se hvem som har tilgang hvor."))
    return [sharing.as_data(sharing.sharing_for(slug, page)) for slug, page in areas.items()]
