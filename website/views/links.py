"""The link-integrity step of the admin: when a delete, unpublish or move of pages that other
content links to is posted, show who links to them and ask for confirmation first."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from website.link_integrity import CONFIRM_FIELD, incoming_links, is_confirmed

CONSEQUENCES = {
    "delete": (
        _("Lenkene blir brutt når siden slettes."),
        _("Ja, slett likevel"),
    ),
    "unpublish": (
        _("Lesere som følger lenkene, finner ikke siden når den er avpublisert."),
        _("Ja, avpubliser likevel"),
    ),
    "move": (
        _("Lenkene følger med og gamle adresser videresendes; sjekk at lenkene gir mening."),
        _("Ja, flytt likevel"),
    ),
}


def confirm_links_response(request, pages, action: str, descendants: bool = True):
    """None to go ahead, or the confirmation page (the posted form, re-posted with the
    confirmation, goes back to the same view)."""
    if request.method != "POST" or is_confirmed(request.POST):
        return None
    links = incoming_links(pages, descendants=descendants)
    if not links:
        return None
    consequence, confirm_label = CONSEQUENCES[action]
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    return TemplateResponse(
        request,
        "website/admin/confirm_links.html",
        {
            "links": links,
            "subtitle": ", ".join(page.title for page in pages),
            "consequence": consequence,
            "confirm_label": confirm_label,
            "confirm_field": CONFIRM_FIELD,
            "carried": carried,
            "form_url": request.get_full_path(),
            "cancel_url": request.META.get("HTTP_REFERER") or "/admin/",
        },
    )
