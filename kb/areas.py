"""The area of a page: the top-level page it lives under (the shared knowledge base, a
service's section or the plan), named by its slug. The one place that says what an area is;
the API's ``section`` field and filter, search's facet, the owner of a page, the review report
and the sharing view all ask here.

An area is a page at depth 3 (root, home page, area). Translated trees have their own area
pages with the same slugs, so a translated item names the same area as its original.
"""

from __future__ import annotations

from wagtail.models import Locale, Page

AREA_DEPTH = 3


def area_paths() -> dict[str, str]:
    """The tree path of every area page (in every language) and its slug."""
    return dict(Page.objects.filter(depth=AREA_DEPTH).values_list("path", "slug"))


def area_of(page: Page, paths: dict[str, str] | None = None) -> str | None:
    """The slug of the area ``page`` lives in (the area page itself included); None above
    the areas (the root, the home pages). ``paths`` saves a query per page in a loop."""
    if page.depth < AREA_DEPTH:
        return None
    paths = area_paths() if paths is None else paths
    return paths.get(area_path(page.path))


def area_path(path: str) -> str:
    """The tree path of the area a page with ``path`` lives in."""
    return path[: AREA_DEPTH * Page.steplen]


def paths_of_area(slug: str, paths: dict[str, str] | None = None) -> list[str]:
    """The tree paths of an area's pages, one per language."""
    paths = area_paths() if paths is None else paths
    return [path for path, area in paths.items() if area == slug]


def area_pages(locale: Locale | None = None) -> dict[str, Page]:
    """The area pages of one language's tree (the default language's unless told), by slug,
    in tree order."""
    locale = locale or Locale.get_default()
    pages = Page.objects.filter(depth=AREA_DEPTH, locale=locale).order_by("path")
    return {page.slug: page for page in pages}


def area_titles() -> dict[str, str]:
    """Every area's slug and title (the first tree's, in tree order): the API's vocabulary."""
    titles: dict[str, str] = {}
    for slug, title in (
        Page.objects.filter(depth=AREA_DEPTH).order_by("path").values_list("slug", "title")
    ):
        titles.setdefault(slug, title)
    return titles


def is_area_page(page: Page) -> bool:
    return page.depth == AREA_DEPTH
