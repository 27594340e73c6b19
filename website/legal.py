"""Legal pages: the accessibility statement the Norwegian supervisory authority (Uutilsynet)
asks of public web sites, and a plain page for the privacy statement."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from kb.blocks import RICH_TEXT_FEATURES
from kb.forms import PageForm
from kb.publish_gate import PublishGateMixin


class AccessibilityStatementPage(PublishGateMixin, Page):
    class Status(models.TextChoices):
        FULL = "full", _("Oppfyller kravene")
        PARTIAL = "partial", _("Oppfyller kravene delvis")
        NONE = "none", _("Oppfyller ikke kravene")

    status = models.CharField(
        _("samsvarsstatus"), max_length=10, choices=Status.choices, default=Status.PARTIAL
    )
    assessed_on = models.DateField(_("vurdert dato"))
    assessment_method = models.TextField(
        _("hvordan nettstedet er vurdert"),
        help_text=_("For eksempel egenvurdering med automatiske tester og manuell kontroll."),
    )
    nonconformities = RichTextField(
        _("det som ikke er universelt utformet"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Hvert brudd: hva, hvilket krav, og når det skal rettes."),
    )
    feedback = RichTextField(
        _("tilbakemelding og kontakt"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Hvordan brukere melder fra om feil, og hvem som svarer."),
    )
    base_form_class = PageForm  # tampered submissions are a 400 (kb.forms)
    complaint_url = models.URLField(
        _("klage til tilsynet"),
        default="https://www.uutilsynet.no/",
        help_text=_("Tilsynet for universell utforming av ikt."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("status"),
        FieldPanel("assessed_on"),
        FieldPanel("assessment_method"),
        FieldPanel("nonconformities"),
        FieldPanel("feedback"),
        FieldPanel("complaint_url"),
    ]
    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    template = "website/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("tilgjengelighetserklæring")


class PlainPage(PublishGateMixin, Page):
    """A page of text, such as the privacy statement."""

    base_form_class = PageForm
    body = RichTextField(_("tekst"), features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    template = "website/plain_page.html"

    class Meta:
        verbose_name = _("tekstside")
        verbose_name_plural = _("tekstsider")
