"""The sitemap, with every ``<loc>`` on the public origin (kb.absolute_urls), not on the host
and port that the Site record holds."""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap

from kb.absolute_urls import absolute


class PublicSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            parts = urlsplit(info["location"])
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            info["location"] = absolute(path, self.request)
        return urls
