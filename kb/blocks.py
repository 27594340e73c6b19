"""StreamField blocks: routine steps, checklist categories, factor tables, plan chapters."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Any knowledge-base item may link to any other: the chooser takes every subclass.
KB_LINK_TYPES = ["kb.KnowledgePage"]

# Whose route through a routine a step is on: staff, residents.
ROUTE_CHOICES = [("ansatte", _("Ansatte")), ("innbyggere", _("Innbyggere"))]

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class RouteChoiceBlock(blocks.MultipleChoiceBlock):
    """Whose route through a routine a step belongs to."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=ROUTE_CHOICES,
            **kwargs,
        )

    def value_from_datadict(self, data, files, prefix):
        value = super().value_from_datadict(data, files, prefix)
        # Wagtail's API v3 binds a JSON list as one item of the form data; unwrap it.
        if len(value) == 1 and isinstance(value[0], list | tuple):
            return list(value[0])
        return value


class RoutineStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tittel"), max_length=200)
    routes = RouteChoiceBlock(label=_("Gjelder for"))
    actor = blocks.CharBlock(label=_("Hvem gjør dette"), max_length=200)
    body = blocks.RichTextBlock(label=_("Hva gjøres"), features=RICH_TEXT_FEATURES)
    links = blocks.ListBlock(
        blocks.PageChooserBlock(page_type=KB_LINK_TYPES),
        label=_("Sjekklister, aktører, kontakter og ressurser"),
        default=[],
    )

    class Meta:
        icon = "list-ol"
        label = _("Steg")


class ChecklistCategoryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Kategori"), max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Punkter"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Kategori med punkter")


class FactorDomainBlock(blocks.StructBlock):
    """One row of the risk/protective-factor table: a domain with its two columns."""

    title = blocks.CharBlock(label=_("Område"), max_length=200)
    risk_factors = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("Risikofaktorer"), default=[]
    )
    protective_factors = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("Beskyttende faktorer"), default=[]
    )

    class Meta:
        icon = "table"
        label = _("Område med risiko- og beskyttelsesfaktorer")

    def clean(self, value):
        value = super().clean(value)
        if not value["risk_factors"] and not value["protective_factors"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "risk_factors": ValidationError(
                        _("Et område må ha minst én risiko- eller beskyttende faktor.")
                    )
                }
            )
        return value


class AssessmentBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Overskrift"), max_length=200)
    text = blocks.RichTextBlock(label=_("Vurdering"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Vurdering")


class ChapterBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Overskrift"), max_length=200)
    body = blocks.RichTextBlock(label=_("Tekst"), features=RICH_TEXT_FEATURES, required=False)
    references = blocks.ListBlock(
        blocks.PageChooserBlock(page_type=KB_LINK_TYPES),
        label=_("Innhold kapitlet viser til"),
        default=[],
    )

    class Meta:
        icon = "doc-full"
        label = _("Kapittel")
