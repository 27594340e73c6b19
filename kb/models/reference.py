"""Reference items: concepts, laws and resources (what words mean and where to read more)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from kb.blocks import (
    RICH_TEXT_FEATURES,
)
from kb.models.base import KnowledgePage, content_panels
from kb.models.fields import ContentField, fields, wagtail_api_fields
from kb.models.kinds import ItemKind
from kb.models.validators import (
    split_lines,
    validate_year,
)

LANGUAGE_CHOICES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("Engelsk"))]


class ConceptPage(KnowledgePage):
    kb_kind = ItemKind("concept", "concepts", "begreper", "Begreper")
    parent_page_types = kb_kind.parent_page_types

    short_definition = models.TextField(_("kort definisjon"), max_length=300)
    explanation = RichTextField(_("forklaring"), features=RICH_TEXT_FEATURES)
    alternative_names = models.TextField(
        _("andre navn og bøyningsformer"), blank=True, help_text=_("Ett per linje.")
    )
    acronyms = models.TextField(_("forkortelser"), blank=True, help_text=_("Én per linje."))

    content_panels = content_panels(
        FieldPanel("short_definition"),
        FieldPanel("explanation"),
        FieldRowPanel([FieldPanel("alternative_names"), FieldPanel("acronyms")]),
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("alternative_names", boost=4),
        index.SearchField("acronyms", boost=4),
        index.AutocompleteField("alternative_names"),
        index.SearchField("short_definition", boost=2),
        index.SearchField("explanation"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            ContentField("short_definition", listed=True),
            "explanation",
            ContentField(
                "alternative_names",
                listed=True,
                search="aliases",
                source="alias_list",
                api_type=list[str],
            ),
            ContentField(
                "acronyms", listed=True, search="aliases", source="acronym_list", api_type=list[str]
            ),
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/concept_page.html"

    class Meta:
        verbose_name = _("begrep")
        verbose_name_plural = _("begreper")

    @property
    def alias_list(self) -> list[str]:
        return split_lines(self.alternative_names)

    @property
    def acronym_list(self) -> list[str]:
        return split_lines(self.acronyms)

    def clean(self) -> None:
        super().clean()
        term = (self.title or "").strip().casefold()
        if any(alias.casefold() == term for alias in self.alias_list + self.acronym_list):
            raise ValidationError(
                {"alternative_names": _("Et annet navn kan ikke være det samme som begrepet selv.")}
            )


class LegalProvisionPage(KnowledgePage):
    kb_kind = ItemKind("law", "laws", "lovverk", "Lovverk")
    parent_page_types = kb_kind.parent_page_types

    law = models.CharField(_("lov"), max_length=120, help_text=_("For eksempel «Straffeloven»."))
    paragraph = models.CharField(_("paragraf"), max_length=40, help_text=_("For eksempel «§ 185»."))
    quoted_text = RichTextField(_("lovtekst"), blank=True, features=RICH_TEXT_FEATURES)
    explanation = RichTextField(_("forklaring i klarspråk"), features=RICH_TEXT_FEATURES)
    source_url = models.URLField(_("offisiell kilde"), help_text=_("Lenke til Lovdata."))
    in_force = models.BooleanField(_("gjeldende"), default=True)
    note = models.TextField(_("merknad"), blank=True)

    content_panels = content_panels(
        FieldRowPanel([FieldPanel("law"), FieldPanel("paragraph"), FieldPanel("in_force")]),
        FieldPanel("quoted_text"),
        FieldPanel("explanation"),
        FieldPanel("source_url"),
        FieldPanel("note"),
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("law", boost=3),
        index.SearchField("paragraph", boost=3),
        index.SearchField("quoted_text"),
        index.SearchField("explanation"),
        index.FilterField("in_force"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            ContentField("law", listed=True, search="aliases"),
            # «section_number» in the KB API: the name partners know, kept for them
            ContentField("paragraph", listed=True, search="aliases", api_name="section_number"),
            ContentField("citation", write=False, listed=True, api_type=str),
            ContentField("in_force", listed=True),
            "quoted_text",
            "explanation",
            "source_url",
            "note",
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/legal_provision_page.html"

    class Meta:
        verbose_name = _("lovbestemmelse")
        verbose_name_plural = _("lovbestemmelser")

    @property
    def citation(self) -> str:
        return f"{self.law} {self.paragraph}"

    def clean(self) -> None:
        super().clean()
        if self.paragraph and not self.paragraph.strip().startswith("§"):
            raise ValidationError({"paragraph": _("Paragrafen må begynne med «§».")})


class ResourcePage(KnowledgePage):
    kb_kind = ItemKind("resource", "resources", "ressurser", "Ressurser", in_sections=True)
    parent_page_types = kb_kind.parent_page_types

    class Kind(models.TextChoices):
        WEBSITE = "website", _("Nettsted")
        REPORT = "report", _("Rapport")
        GUIDE = "guide", _("Veileder")
        TOOL = "tool", _("Verktøy")
        NETWORK = "network", _("Nettverk")
        PLAN = "plan", _("Plan")

    external_url = models.URLField(_("lenke"), max_length=500)
    publisher = models.CharField(_("utgiver"), max_length=200)
    kind = models.CharField(_("type ressurs"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("år"), null=True, blank=True, validators=[validate_year]
    )
    description = RichTextField(_("beskrivelse"), features=RICH_TEXT_FEATURES)
    language = models.CharField(_("språk"), max_length=5, choices=LANGUAGE_CHOICES, default="nb")

    content_panels = content_panels(
        FieldPanel("external_url"),
        FieldRowPanel([FieldPanel("publisher"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("year"), FieldPanel("language")]),
        FieldPanel("description"),
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("publisher", boost=2),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("language"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            ContentField("external_url", listed=True),
            ContentField("publisher", listed=True),
            ContentField("kind", listed=True),
            ContentField("year", listed=True),
            "description",
            ContentField("language", listed=True),
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/resource_page.html"

    class Meta:
        verbose_name = _("ressurs")
        verbose_name_plural = _("ressurser")
