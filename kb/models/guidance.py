"""What to do: routines with their steps, and checklists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from kb.blocks import (
    RICH_TEXT_FEATURES,
    ROUTE_CHOICES,
    ChecklistCategoryBlock,
    FactorDomainBlock,
    RoutineStepBlock,
)
from kb.models.base import KnowledgePage, content_panels
from kb.models.fields import fields, wagtail_api_fields
from kb.models.kinds import ItemKind


class RoutinePage(KnowledgePage):
    kb_kind = ItemKind("routine", "routines", "rutiner", "Rutiner", in_sections=True)
    parent_page_types = kb_kind.parent_page_types

    intro = RichTextField(_("innledning"), blank=True, features=RICH_TEXT_FEATURES)
    steps = StreamField([("step", RoutineStepBlock())], verbose_name=_("steg"), min_num=1)

    content_panels = content_panels(FieldPanel("intro"), FieldPanel("steps"))
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("steps"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            "intro",
            "steps",
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/routine_page.html"

    class Meta:
        verbose_name = _("rutine")
        verbose_name_plural = _("rutiner")

    ROUTES = tuple(code for code, _name in ROUTE_CHOICES)

    def steps_for(self, route: str | None) -> list[tuple[int, dict]]:
        """(number, step) for the steps of one route (staff or residents), or for all."""
        numbered = [(number, step.value) for number, step in enumerate(self.steps, start=1)]
        if route not in self.ROUTES:
            return numbered
        return [(number, step) for number, step in numbered if route in step["routes"]]

    @property
    def residents_only(self) -> bool:
        """Every step is for residents: the residents' own plain-language route."""
        return all(list(step.value["routes"]) == ["innbyggere"] for step in self.steps)

    def other_route(self) -> RoutinePage | None:
        """The routine for the other entrance: the residents' route from the staff routine,
        the staff routine from the residents' route (same language)."""
        routines = RoutinePage.objects.live().filter(locale_id=self.locale_id).exclude(pk=self.pk)
        wanted = not self.residents_only
        return next((r for r in routines.order_by("path") if r.residents_only == wanted), None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        route = request.GET.get("for")
        context["route"] = route if route in self.ROUTES else None
        context["steps"] = self.steps_for(context["route"])
        context["other_route"] = self.other_route()
        return context


class ChecklistPage(KnowledgePage):
    kb_kind = ItemKind("checklist", "checklists", "sjekklister", "Sjekklister")
    parent_page_types = kb_kind.parent_page_types

    intro = RichTextField(_("innledning"), blank=True, features=RICH_TEXT_FEATURES)
    sections = StreamField(
        [("category", ChecklistCategoryBlock()), ("factor_domain", FactorDomainBlock())],
        verbose_name=_("innhold"),
        min_num=1,
    )

    content_panels = content_panels(FieldPanel("intro"), FieldPanel("sections"))
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("sections"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            "intro",
            "sections",
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/checklist_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["has_domains"] = any(s.block_type == "factor_domain" for s in self.sections)
        return context

    class Meta:
        verbose_name = _("sjekkliste")
        verbose_name_plural = _("sjekklister")
