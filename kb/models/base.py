"""The base of every knowledge-base page: classification, summary and typed links."""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page, ReferenceIndex
from wagtail.search import index

from kb.atomic_publish import AtomicPublishMixin
from kb.blocks import KB_LINK_TYPES
from kb.forms import KnowledgePageForm, PageForm
from kb.models.fields import ContentField, fields, wagtail_api_fields
from kb.panels import LinkCheckPanel
from kb.publish_gate import PublishGateMixin


class KnowledgePage(AtomicPublishMixin, PublishGateMixin, Page):
    """Fields and behaviour shared by concepts, laws, resources, routines and the rest.

    Concrete (multi-table) so that every knowledge-base item can be listed, filtered and
    related through one table, whatever its type.
    """

    base_form_class = PageForm  # tampered submissions are a 400 (kb.forms)

    summary = models.TextField(
        _("sammendrag"),
        max_length=500,
        help_text=_("Én eller to setninger som vises i lister og søketreff."),
    )
    topics = ParentalManyToManyField("kb.Topic", blank=True, verbose_name=_("temaer"))
    audiences = ParentalManyToManyField("kb.Audience", blank=True, verbose_name=_("målgrupper"))
    review_by = models.DateField(
        _("gjennomgås innen"),
        null=True,
        blank=True,
        help_text=_(
            "Når innholdet skal gjennomgås neste gang. Tom eller passert dato settes til "
            "12 måneder etter publisering."
        ),
    )

    is_creatable = False
    api_base_form_class = KnowledgePageForm  # the admin's form, for writes through API v3
    subpage_types: list[str] = []  # items are leaves; folders and sections hold them

    classification_panels = [
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("audiences")],
            heading=_("Klassifisering"),
        ),
        InlinePanel("related_links", label=_("Relatert innhold"), heading=_("Relatert")),
        LinkCheckPanel(),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("review_by")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("live"),
        index.FilterField("review_by"),
    ]

    # The KB API serves these in every item's shared part (kb.api.schemas.ItemSummary).
    kb_fields = fields(
        ContentField("summary", listed=True, webhook=True, search="summary"),
        ContentField("review_by", listed=True),
        ContentField("topics", listed=True),
        ContentField("audiences", listed=True),
        ContentField("related_links", api_name="links", listed=True),
        ContentField("go_live_at", read=False),
        ContentField("expire_at", read=False),
    )
    api_fields = wagtail_api_fields(kb_fields)

    class Meta:
        verbose_name = _("kunnskapsside")
        verbose_name_plural = _("kunnskapssider")

    @cached_property
    def related_pages(self) -> list[Page]:
        """Published pages this page links to, in editor order (unpublished ones are left out)."""
        # Works on drafts and previews too, where related_links is an in-memory cluster.
        ordered = [link.target_id for link in self.related_links.all()]
        by_id = {page.pk: page for page in Page.objects.live().filter(pk__in=ordered).specific()}
        # A translation keeps its source's links (wagtail-localize): show each target in this
        # page's language where it is translated.
        local = {
            page.translation_key: page
            for page in Page.objects.live()
            .filter(locale_id=self.locale_id)
            .filter(translation_key__in=[page.translation_key for page in by_id.values()])
            .specific()
        }
        return [local.get(by_id[pk].translation_key, by_id[pk]) for pk in ordered if pk in by_id]

    @cached_property
    def linked_from(self) -> list[Page]:
        """Published pages that link here, through relations, steps, chapters or rich text."""
        # Translations link to their sources' targets: count links to any translation of this
        # page, from pages in this page's language.
        source_ids = (
            ReferenceIndex.get_references_to_in_bulk(self.get_translations(inclusive=True))
            .filter(base_content_type__model="page", base_content_type__app_label="wagtailcore")
            .values_list("object_id", flat=True)
        )
        return list(
            Page.objects.live()
            .filter(pk__in=[int(pk) for pk in source_ids], locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .specific()
            .order_by("title")
        )


class RelatedLink(Orderable):
    """A real link from one knowledge-base item to another; deleting the target removes it."""

    source = ParentalKey(KnowledgePage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("side")
    )

    panels = [PageChooserPanel("target", KB_LINK_TYPES)]
    api_fields = wagtail_api_fields(fields("target"))

    class Meta(Orderable.Meta):
        verbose_name = _("relatert innhold")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="kb_relatedlink_unique")
        ]


def content_panels(*panels) -> list:
    """A type's editing panels: title, summary, its own fields, then classification."""
    return [
        *KnowledgePage.content_panels,
        FieldPanel("summary"),
        *panels,
        *KnowledgePage.classification_panels,
    ]
