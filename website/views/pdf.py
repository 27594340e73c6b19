"""«Last ned PDF» for routines and checklists."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from wagtail.models import Page

from kb.models import ChecklistPage, RoutinePage
from website.pdf import page_pdf

PRINTABLE = (RoutinePage, ChecklistPage)


def download_pdf(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not isinstance(page, PRINTABLE):
        raise Http404
    response = HttpResponse(page_pdf(request, page), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(page.title)}.pdf"'
    return response
