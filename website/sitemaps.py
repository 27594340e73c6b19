"""One sitemap per locale behind a sitemap index; each page names its translations."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import URLPattern, path
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import index, sitemap
from wagtail.models import Locale

from kb.absolute_urls import absolute, page_url


class LocaleSitemap(Sitemap):
    """The public pages of one locale: the site's home in that language and what is under it."""

    language_code = settings.LANGUAGE_CODE

    def items(self):
        root = self.get_wagtail_site().root_page
        try:
            home = root.get_translation(Locale.objects.get(language_code=self.language_code))
        except (Locale.DoesNotExist, root.DoesNotExist):
            return root.get_descendants(inclusive=True).none()
        return (
            home.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            for url_info in item.get_sitemap_urls(self.request):
                location = absolute(_path_of(url_info["location"]), self.request)
                alternates = self._alternates(item)
                urls.append({**url_info, "location": location, "alternates": alternates})
        lastmods = {url.get("lastmod") for url in urls}
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def _alternates(self, page) -> list[dict[str, str]]:
        pages = page.get_translations(inclusive=True).live().public().select_related("locale")
        if len(pages) < 2:
            return []
        return [
            {"lang_code": other.locale.language_code, "location": page_url(other, self.request)}
            for other in pages
        ]


def _path_of(url: str) -> str:
    """The path (and query) of an absolute URL: the origin is the public one (kb.absolute_urls),
    not the host and port the Site record holds."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _locale_sitemaps() -> dict[str, type[LocaleSitemap]]:
    return {
        code: type(f"Sitemap_{code}", (LocaleSitemap,), {"language_code": code})
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def sitemap_urls() -> list[URLPattern]:
    sitemaps = _locale_sitemaps()
    return [
        path("sitemap.xml", index, {"sitemaps": sitemaps, "sitemap_url_name": "sitemap"}),
        path(
            "sitemap-<section>.xml",
            sitemap,
            {"sitemaps": sitemaps},
            name="sitemap",
        ),
    ]
