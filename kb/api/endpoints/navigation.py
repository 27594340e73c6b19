"""Navigation and breadcrumbs for a headless front end."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from wagtail.models import Page

from kb.api.cache import json_response
from kb.api.items import PUBLIC
from kb.api.params import LocaleCode, reject_unknown, require_page_id
from kb.api.schemas import get_route
from kb.api.serialize import Context

router = Router(tags=["Navigation"])


class NavItem(Schema):
    id: int
    title: str
    type: str
    url: str | None
    children: list["NavItem"] = []


class Navigation(Schema):
    locale: str
    items: list[NavItem]


class NavigationParams(Schema):
    locale: LocaleCode = Field("nb", description="Locale code.")
    depth: int = Field(2, ge=1, le=3, description="Levels below the home page (1–3).")


class Crumb(Schema):
    id: int
    title: str
    url: str | None


class Breadcrumbs(Schema):
    items: list[Crumb]


def _tree(ctx: Context, parent: Page, pages: list[Page], levels: int) -> list[dict]:
    children = [p for p in pages if p.depth == parent.depth + 1 and p.path.startswith(parent.path)]
    return [
        {
            "id": page.pk,
            "title": page.title,
            "type": ctx.kind(page),
            "url": ctx.public_url(page),
            "children": _tree(ctx, page, pages, levels - 1) if levels > 1 else [],
        }
        for page in children
    ]


@get_route(
    router,
    "/navigation/",
    Navigation,
    auth=PUBLIC,
    summary="Site navigation",
    operation_id="kb_navigation",
)
@json_response(Navigation)
def navigation(request: HttpRequest, params: NavigationParams = Query(...)):  # noqa: B008
    reject_unknown(request, NavigationParams.model_fields)
    ctx = Context(request)
    home = Page.objects.filter(depth=2, locale__language_code=params.locale).live().first()
    if home is None:
        return {"locale": params.locale, "items": []}
    pages = list(
        home.get_descendants()
        .live()
        .public()
        .filter(depth__lte=home.depth + params.depth)
        .order_by("path")
    )
    return {"locale": params.locale, "items": _tree(ctx, home, pages, params.depth)}


@get_route(
    router,
    "/breadcrumbs/{page_id}/",
    Breadcrumbs,
    auth=PUBLIC,
    summary="Breadcrumbs of a page",
    operation_id="kb_breadcrumbs",
)
@json_response(Breadcrumbs)
def breadcrumbs(request: HttpRequest, page_id: int):
    reject_unknown(request, ())
    page = Page.objects.live().public().filter(pk=require_page_id(page_id)).first()
    if page is None:
        raise Http404(_("Ingen publisert side har id %(id)s.") % {"id": page_id})
    ctx = Context(request)
    trail = [*page.get_ancestors().filter(depth__gt=1), page]
    return {"items": [{"id": p.pk, "title": p.title, "url": ctx.public_url(p)} for p in trail]}
