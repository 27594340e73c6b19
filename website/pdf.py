"""PDFs of routines and checklists, made on the server with WeasyPrint from the page's own HTML
and print styles, and cached per published revision of the page."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Page
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

CACHE_SECONDS = 60 * 60 * 24 * 7


# Designsystemet's CSS uses values WeasyPrint cannot compute (`calc(infinity * 1px)`); the PDF is
# styled by the site's own print styles alone.
PDF_STATIC_PREFIXES = ("website/",)


class StaticFilesFetcher(URLFetcher):
    """Serves the site's own stylesheets from the static files; fetches nothing else, so making
    a PDF never calls the network or this server."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = urlsplit(url).path
        if url.startswith("data:"):
            return super().fetch(url, headers)
        name = path.removeprefix(settings.STATIC_URL)
        if not path.startswith(settings.STATIC_URL):
            raise ValueError(f"Not fetched for a PDF: {url}")
        if not name.startswith(PDF_STATIC_PREFIXES):
            return URLFetcherResponse(url, body=b"", headers={"Content-Type": "text/css"})
        found = finders.find(name)
        if not found:
            raise ValueError(f"No static file for {url}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def cache_key(page: Page) -> str:
    return f"veiviser:pdf:{page.pk}:{page.live_revision_id}:{page.locale.language_code}"


def render_document(request: HttpRequest, page: Page) -> Document:
    """The live page laid out on A4 by its print styles."""
    html = page.specific.serve(request).render().content.decode()
    return HTML(
        string=html,
        base_url=request.build_absolute_uri("/"),
        url_fetcher=StaticFilesFetcher(),
        media_type="print",
    ).render(pdf_tags=True)


def page_pdf(request: HttpRequest, page: Page) -> bytes:
    """The live page as a tagged PDF, from the cache when this revision was made before."""
    key = cache_key(page)
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_document(request, page).write_pdf()
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
