"""The knowledge-base content types of the action plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from kb.blocks import (
    RICH_TEXT_FEATURES,
    ROUTE_CHOICES,
    AssessmentBlock,
    ChapterBlock,
    ChecklistCategoryBlock,
    FactorDomainBlock,
    RoutineStepBlock,
)
from kb.models.base import KnowledgePage
from kb.models.fields import content_fields
from kb.models.kinds import ItemKind
from kb.models.validators import (
    split_lines,
    tel_uri,
    validate_not_in_future,
    validate_phone,
    validate_year,
)

LANGUAGE_CHOICES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("Engelsk"))]


def content_panels(*panels) -> list:
    return [
        *KnowledgePage.content_panels,
        FieldPanel("summary"),
        *panels,
        *KnowledgePage.classification_panels,
    ]


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
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "short_definition",
            "explanation",
            "alternative_names",
            "acronyms",
        ),
    ]
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
    section = models.CharField(_("paragraf"), max_length=40, help_text=_("For eksempel «§ 185»."))
    quoted_text = RichTextField(_("lovtekst"), blank=True, features=RICH_TEXT_FEATURES)
    explanation = RichTextField(_("forklaring i klarspråk"), features=RICH_TEXT_FEATURES)
    source_url = models.URLField(_("offisiell kilde"), help_text=_("Lenke til Lovdata."))
    in_force = models.BooleanField(_("gjeldende"), default=True)
    note = models.TextField(_("merknad"), blank=True)

    content_panels = content_panels(
        FieldRowPanel([FieldPanel("law"), FieldPanel("section"), FieldPanel("in_force")]),
        FieldPanel("quoted_text"),
        FieldPanel("explanation"),
        FieldPanel("source_url"),
        FieldPanel("note"),
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("law", boost=3),
        index.SearchField("section", boost=3),
        index.SearchField("quoted_text"),
        index.SearchField("explanation"),
        index.FilterField("in_force"),
    ]
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "law",
            "section",
            "quoted_text",
            "explanation",
            "source_url",
            "in_force",
            "note",
        ),
    ]
    template = "kb/legal_provision_page.html"

    class Meta:
        verbose_name = _("lovbestemmelse")
        verbose_name_plural = _("lovbestemmelser")

    @property
    def citation(self) -> str:
        return f"{self.law} {self.section}"

    def clean(self) -> None:
        super().clean()
        if self.section and not self.section.strip().startswith("§"):
            raise ValidationError({"section": _("Paragrafen må begynne med «§».")})


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
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "external_url",
            "publisher",
            "kind",
            "year",
            "description",
            "language",
        ),
    ]
    template = "kb/resource_page.html"

    class Meta:
        verbose_name = _("ressurs")
        verbose_name_plural = _("ressurser")


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
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "intro",
            "steps",
        ),
    ]
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        route = request.GET.get("for")
        context["route"] = route if route in self.ROUTES else None
        context["steps"] = self.steps_for(context["route"])
        # Contacts linked from steps show their number, so a reader can call from the step.
        linked = {page.pk for _n, step in context["steps"] for page in step["links"] if page}
        context["phones"] = dict(
            ContactPage.objects.filter(pk__in=linked).exclude(phone="").values_list("pk", "phone")
        )
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
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "intro",
            "sections",
        ),
    ]
    template = "kb/checklist_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["has_domains"] = any(s.block_type == "factor_domain" for s in self.sections)
        return context

    class Meta:
        verbose_name = _("sjekkliste")
        verbose_name_plural = _("sjekklister")


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
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "priority_area",
            "goal",
            "responsible",
            "status",
            "last_evaluated",
        ),
    ]
    template = "kb/measure_page.html"

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")


class ActorPage(KnowledgePage):
    kb_kind = ItemKind("actor", "actors", "aktorer", "Aktører")
    parent_page_types = kb_kind.parent_page_types

    class Kind(models.TextChoices):
        COLLABORATION = "collaboration", _("Samarbeidsstruktur")
        SERVICE = "service", _("Tjeneste")
        AGENCY = "agency", _("Etat")
        GROUP = "group", _("Gruppe")

    kind = models.CharField(_("type aktør"), max_length=20, choices=Kind.choices)
    role = RichTextField(_("rolle"), features=RICH_TEXT_FEATURES)
    how_to_reach = RichTextField(_("slik når du dem"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = content_panels(
        FieldPanel("kind"), FieldPanel("role"), FieldPanel("how_to_reach")
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("role"),
        index.SearchField("how_to_reach"),
        index.FilterField("kind"),
    ]
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "kind",
            "role",
            "how_to_reach",
        ),
    ]
    template = "kb/actor_page.html"

    class Meta:
        verbose_name = _("aktør")
        verbose_name_plural = _("aktører")


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
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "year",
            "source",
            "source_url",
            "regional_assessment",
            "assessments",
        ),
    ]
    template = "kb/threat_assessment_page.html"

    class Meta:
        verbose_name = _("trusselbilde")
        verbose_name_plural = _("trusselbilder")
        ordering = ["-year"]


class ContactPage(KnowledgePage):
    kb_kind = ItemKind("contact", "contacts", "kontakter", "Viktige telefonnumre", in_sections=True)
    parent_page_types = kb_kind.parent_page_types

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Nødnummer")
        ADVICE = "advice", _("Råd og veiledning")
        MUNICIPAL = "municipal", _("Kommunal kontakt")

    phone = models.CharField(_("telefon"), max_length=20, blank=True, validators=[validate_phone])
    website_url = models.URLField(_("nettside"), blank=True)
    kind = models.CharField(_("type kontakt"), max_length=20, choices=Kind.choices)
    available = models.CharField(_("åpningstid"), max_length=120, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    placeholder = models.BooleanField(
        _("mangler nummer"),
        default=False,
        help_text=_("Kommunalt nummer som en redaktør må fylle inn."),
    )

    content_panels = content_panels(
        FieldRowPanel([FieldPanel("phone"), FieldPanel("kind")]),
        FieldPanel("website_url"),
        FieldPanel("available"),
        FieldPanel("description"),
        FieldPanel("placeholder"),
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("phone", boost=3),
        index.SearchField("description"),
        index.FilterField("kind"),
    ]
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "phone",
            "website_url",
            "kind",
            "available",
            "description",
            "placeholder",
        ),
    ]
    template = "kb/contact_page.html"

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone)

    def clean(self) -> None:
        super().clean()
        if not self.placeholder and not (self.phone or self.website_url):
            # Not tied to one field: forms without the field (API v3's page create) must
            # still get a clear error, not a crash.
            raise ValidationError(
                _("Oppgi telefon eller nettside, eller merk kontakten som manglende.")
            )
        if self.placeholder and self.phone:
            raise ValidationError(_("Kontakten har nummer; fjern merket «mangler nummer»."))


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
    api_fields = [
        *KnowledgePage.api_fields,
        *content_fields(
            "municipality",
            "adopted_on",
            "adopted_by",
            "revision_cycle_months",
            "chapters",
        ),
    ]
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
