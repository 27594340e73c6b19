"""The plan and its situation: the action plan, its measures and the threat pictures."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from kb.blocks import (
    RICH_TEXT_FEATURES,
    AssessmentBlock,
    ChapterBlock,
)
from kb.models.base import KnowledgePage, content_panels
from kb.models.fields import ContentField, fields, wagtail_api_fields
from kb.models.kinds import ItemKind
from kb.models.validators import (
    validate_not_in_future,
    validate_year,
)


class PlanPage(KnowledgePage):
    kb_kind = ItemKind("plan", "plans")
    parent_page_types = kb_kind.parent_page_types

    municipality = models.CharField(_("kommune"), max_length=120)
    adopted_on = models.DateField(_("vedtatt"), validators=[validate_not_in_future])
    adopted_by = models.CharField(_("vedtatt av"), max_length=200)
    revision_cycle_months = models.PositiveSmallIntegerField(
        _("revideres hver (måneder)"), default=12
    )
    chapters = StreamField([("chapter", ChapterBlock())], verbose_name=_("kapitler"), min_num=1)

    content_panels = content_panels(
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("adopted_by")]),
                FieldPanel("revision_cycle_months"),
            ],
            heading=_("Vedtak og revisjon"),
        ),
        FieldPanel("chapters"),
    )
    search_fields = [*KnowledgePage.search_fields, index.SearchField("chapters")]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            ContentField("municipality", listed=True),
            ContentField("adopted_on", listed=True),
            ContentField("adopted_by", listed=True),
            ContentField("revision_cycle_months", listed=True),
            "chapters",
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/plan_page.html"

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")

    def clean(self) -> None:
        super().clean()
        if self.revision_cycle_months is not None and not 1 <= self.revision_cycle_months <= 60:
            raise ValidationError(
                {"revision_cycle_months": _("Revisjonssyklusen må være mellom 1 og 60 måneder.")}
            )


class MeasurePage(KnowledgePage):
    kb_kind = ItemKind("measure", "measures", "tiltak", "Tiltak")
    parent_page_types = kb_kind.parent_page_types

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ONGOING = "ongoing", _("Pågår")
        CONTINUOUS = "continuous", _("Kontinuerlig")
        DONE = "done", _("Gjennomført")

    priority_area = models.ForeignKey(
        "kb.PriorityArea",
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("prioritert område"),
    )
    goal = models.TextField(_("målsetting"), blank=True)
    responsible = models.CharField(_("ansvar"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONGOING
    )
    last_evaluated = models.DateField(
        _("sist evaluert"), null=True, blank=True, validators=[validate_not_in_future]
    )

    content_panels = content_panels(
        FieldPanel("priority_area"),
        FieldPanel("goal"),
        FieldPanel("responsible"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("last_evaluated")]),
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("goal"),
        index.SearchField("responsible", boost=2),
        index.FilterField("status"),
        index.FilterField("priority_area"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            ContentField("priority_area", listed=True),
            ContentField("goal", listed=True),
            ContentField("responsible", listed=True),
            ContentField("status", listed=True),
            ContentField("last_evaluated", listed=True),
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/measure_page.html"

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")


class ThreatAssessmentPage(KnowledgePage):
    kb_kind = ItemKind("threat", "threats", "trusselbilder", "Trusselbilder")
    parent_page_types = kb_kind.parent_page_types

    year = models.PositiveSmallIntegerField(_("år"), validators=[validate_year])
    source = models.CharField(_("kilde"), max_length=200)
    source_url = models.URLField(_("lenke til kilden"), blank=True)
    regional_assessment = RichTextField(
        _("vurdering for regionen"), blank=True, features=RICH_TEXT_FEATURES
    )
    assessments = StreamField(
        [("assessment", AssessmentBlock())], verbose_name=_("vurderinger"), min_num=1
    )

    content_panels = content_panels(
        FieldRowPanel([FieldPanel("year"), FieldPanel("source")]),
        FieldPanel("source_url"),
        FieldPanel("regional_assessment"),
        FieldPanel("assessments"),
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("source"),
        index.SearchField("regional_assessment"),
        index.SearchField("assessments"),
        index.FilterField("year"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            ContentField("year", listed=True),
            ContentField("source", listed=True),
            "source_url",
            "regional_assessment",
            "assessments",
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/threat_assessment_page.html"

    class Meta:
        verbose_name = _("trusselbilde")
        verbose_name_plural = _("trusselbilder")
        ordering = ["-year"]
