"""The public search page: works without JavaScript; autocomplete enhances it."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from kb.areas import area_paths
from kb.models import KB_KINDS, Audience, Topic
from search import service
from search.query import FACET_NAMES, MAX_QUERY_LENGTH, SearchParams

PER_PAGE = 10
MAX_PAGE = 100
FACET_LABELS = {
    "type": _("Type"),
    "section": _("Seksjon"),
    "audience": _("Målgruppe"),
    "topic": _("Tema"),
    "locale": _("Språk"),
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=MAX_QUERY_LENGTH)
    type = forms.MultipleChoiceField(required=False)
    section = forms.MultipleChoiceField(required=False)
    audience = forms.MultipleChoiceField(required=False)
    topic = forms.MultipleChoiceField(required=False)
    locale = forms.MultipleChoiceField(required=False, choices=settings.LANGUAGES)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [
            (kind, model._meta.verbose_name) for kind, model in KB_KINDS.items()
        ]
        self.fields["section"].choices = [
            (slug, slug) for slug in sorted(set(area_paths().values()))
        ]
        self.fields["audience"].choices = _terms(Audience)
        self.fields["topic"].choices = _terms(Topic)


def _terms(model) -> list[tuple[str, str]]:
    return list(dict(model.objects.values_list("key", "name")).items())


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context = {"form": form, "result": None}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        page = data["page"] or 1
        params = SearchParams(
            q=data["q"],
            types=tuple(data["type"]),
            sections=tuple(data["section"]),
            audiences=tuple(data["audience"]),
            topics=tuple(data["topic"]),
            # The page's own language unless the reader picks others, as the API does.
            locales=tuple(data["locale"]) or (get_language(),),
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
        result = service.search(params)
        labels = {name: dict(form.fields[name].choices) for name in FACET_NAMES}
        context.update(
            result=result,
            query=data["q"],
            # Only what the reader chose counts as selected, not the page's default language.
            facets=_facet_links(
                request, replace(params, locales=tuple(data["locale"])), result.facets, labels
            ),
            page=page,
            previous_url=_url(request, page=page - 1) if page > 1 else None,
            next_url=_url(request, page=page + 1)
            if page * PER_PAGE < result.count and page < MAX_PAGE
            else None,
            suggestion_url=_url(request, q=result.suggestion, page=None)
            if result.suggestion
            else None,
        )
        if not result.count:
            context["fallback"] = _zero_result_offers()
    status = 400 if request.GET and not form.is_valid() else 200
    return TemplateResponse(request, "search/search.html", context, status=status)


def _zero_result_offers() -> dict:
    """What a search without results offers instead: the routines and the checklists."""
    locale = Locale.get_active()
    offers = {"routines": KB_KINDS["routine"], "checklists": KB_KINDS["checklist"]}
    return {
        kind: model.objects.live().public().filter(locale=locale).order_by("title")
        for kind, model in offers.items()
    }


def _url(request: HttpRequest, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return "?" + urlencode(query, doseq=True)


def _facet_links(request, params: SearchParams, facets: dict, labels: dict) -> list[dict]:
    """Every facet value as a link that turns its filter on or off (no JavaScript)."""
    chosen = params.filters()
    groups = []
    for name in FACET_NAMES:
        selected = set(chosen.get(name, ()))
        values = []
        for value, count in facets.get(name, {}).items():
            query = request.GET.copy()
            query.pop("page", None)
            current = [v for v in query.getlist(name) if v != value]
            query.setlist(name, current if value in selected else [*current, value])
            values.append(
                {
                    "value": value,
                    "label": labels[name].get(value, value),
                    "count": count,
                    "selected": value in selected,
                    "url": "?" + urlencode(query, doseq=True),
                }
            )
        if values:
            groups.append({"name": name, "label": FACET_LABELS[name], "values": values})
    return groups
