"""Search's own tables: the search document of every findable page, the outbox of changes
still to index, editor-managed synonyms, the vocabulary for "did you mean", and the queries
that found nothing."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from search.text import lines_of


class SearchDocument(index.Indexed, models.Model):
    """What search knows about one live, public knowledge-base page, flattened to text.

    Built from the page by ``search.documents``; both engines index exactly this. The
    database engine searches it through Wagtail's search backend (``search_fields``)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    kind = models.CharField(max_length=20)
    locale = models.CharField(max_length=10)
    section = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=255)
    aliases = models.TextField(blank=True, help_text="Alternative names and acronyms, one a line.")
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True)
    units = models.JSONField(default=list, blank=True, help_text="A routine's steps.")
    headings = models.TextField(blank=True, help_text="The steps' titles, one a line.")
    area = models.CharField(max_length=255, blank=True, help_text="The area's name.")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Weights: title and aliases above summary above body (see also engines.ranking).
    search_fields = [
        index.SearchField("title", boost=10),
        index.SearchField("aliases", boost=8),
        index.SearchField("headings", boost=5),
        index.SearchField("area", boost=3),
        index.SearchField("summary", boost=3),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.AutocompleteField("aliases"),
        index.FilterField("page"),
        index.FilterField("kind"),
        index.FilterField("locale"),
        index.FilterField("section"),
    ]
    # Indexed explicitly by search.store, in bulk, never per save.
    search_auto_update = False

    class Meta:
        verbose_name = _("søkedokument")
        verbose_name_plural = _("søkedokumenter")

    def __str__(self) -> str:
        return self.title

    @property
    def alias_list(self) -> list[str]:
        return lines_of(self.aliases)


class DocumentFacet(models.Model):
    """One facet value of a document (type, section, audience, topic, locale): the database
    engine filters and counts facets on this table."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=10)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["name", "value"], name="kbsearch_facet_name_value")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class PendingChange(models.Model):
    """The outbox: a page whose search document must be brought up to date.

    Written in the same database transaction as the publish, unpublish, move or delete, so
    that no change is lost; removed once every configured engine has the change."""

    page_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("endring som venter på indeksering")
        verbose_name_plural = _("endringer som venter på indeksering")

    def __str__(self) -> str:
        return f"page {self.page_id}"


class Synonym(models.Model):
    """Words that should find each other, kept by editors."""

    terms = models.TextField(
        _("ord og uttrykk"),
        help_text=_(
            "Ord, forkortelser og uttrykk som betyr det samme, skilt med komma, for eksempel "
            "«SLT, samordning av lokale rus- og kriminalitetsforebyggende tiltak»."
        ),
    )
    note = models.CharField(_("merknad"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")

    def __str__(self) -> str:
        return ", ".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return [term for term in (" ".join(t.split()) for t in self.terms.split(",")) if term]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if len(self.term_list) < 2:
            raise ValidationError(
                {"terms": _("Skriv minst to ord eller uttrykk, skilt med komma.")}
            )
        if any(len(term) > 100 for term in self.term_list):
            raise ValidationError({"terms": _("Et uttrykk kan være høyst 100 tegn langt.")})


class ThesaurusConcept(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A concept of the managed thesaurus: its preferred and other names in Bokmål, Nynorsk and
    English, its acronyms, and the broader concept it belongs under (SKOS). Every name of a
    published concept finds the others, in both engines (``search.thesaurus``)."""

    key = models.SlugField(
        _("nøkkel"), max_length=80, unique=True, help_text=_("Fast identifikator i SKOS-URI-en.")
    )
    pref_label_nb = models.CharField(_("foretrukket term (bokmål)"), max_length=100)
    pref_label_nn = models.CharField(_("foretrukket term (nynorsk)"), max_length=100, blank=True)
    pref_label_en = models.CharField(_("foretrukket term (engelsk)"), max_length=100, blank=True)
    alt_labels_nb = models.TextField(
        _("andre termer (bokmål)"), blank=True, help_text=_("Én term per linje.")
    )
    alt_labels_nn = models.TextField(
        _("andre termer (nynorsk)"), blank=True, help_text=_("Én term per linje.")
    )
    alt_labels_en = models.TextField(
        _("andre termer (engelsk)"), blank=True, help_text=_("Én term per linje.")
    )
    acronyms = models.TextField(_("forkortelser"), blank=True, help_text=_("Én per linje."))
    broader = models.ForeignKey(
        "self",
        verbose_name=_("overordnet begrep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narrower",
    )
    definition = models.TextField(_("definisjon"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="thesaurus_concept",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="thesaurus_concept",
        for_concrete_model=False,
    )

    class Meta:
        ordering = ["pref_label_nb"]
        verbose_name = _("begrep i tesaurus")
        verbose_name_plural = _("tesaurus")

    def __str__(self) -> str:
        return self.pref_label_nb

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        ancestor, seen = self.broader, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError(
                    {"broader": _("Et begrep kan ikke ligge under seg selv eller sine egne.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.broader
        labels = [self.pref_label_nb, self.pref_label_nn, self.pref_label_en]
        labels += lines_of(self.alt_labels_nb) + lines_of(self.alt_labels_nn)
        labels += lines_of(self.alt_labels_en) + lines_of(self.acronyms)
        if any(len(label) > 100 for label in labels):
            raise ValidationError(_("En term kan være høyst 100 tegn lang."))


class VocabularyWord(models.Model):
    """A word that occurs in the searchable text: "did you mean" proposes these."""

    word = models.CharField(max_length=60, primary_key=True)
    frequency = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.word


class MissedQuery(models.Model):
    """A search that found nothing: the editors' report shows what people look for in vain."""

    query = models.CharField(_("søk"), max_length=200)
    locale = models.CharField(_("språk"), max_length=10, blank=True)
    count = models.PositiveIntegerField(_("antall"), default=1)
    first_seen = models.DateTimeField(_("første gang"), auto_now_add=True)
    last_seen = models.DateTimeField(_("siste gang"), auto_now=True)

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = _("søk uten treff")
        verbose_name_plural = _("søk uten treff")
        constraints = [
            models.UniqueConstraint(fields=["query", "locale"], name="kbsearch_missed_unique")
        ]

    def __str__(self) -> str:
        return self.query
