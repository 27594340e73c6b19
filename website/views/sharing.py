"""The read-only "who can do what" view (Plone's Sharing tab), per area."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from website import roles, sharing


class SharingView(TemplateView):
    template_name = "website/admin/sharing.html"
    page_title = _("Hvem kan gjøre hva")

    def get_context_data(self, slug: str | None = None, **kwargs):
        areas = sharing.visible_areas(self.request.user)
        if not areas:
            raise PermissionDenied
        if slug is not None and slug not in areas:
            raise Http404
        selected = [slug] if slug else list(areas)
        return {
            **super().get_context_data(**kwargs),
            "page_title": self.page_title,
            "areas": areas,
            "current": slug,
            "sharings": [sharing.sharing_for(key, areas[key]) for key in selected],
            "columns": list(roles.ACTION_LABELS.items()),
            "place_label": sharing.place_label,
        }
