"""Classifications shared by every content type: search and the API facet on their keys.

Topics and audiences change what the API answers (its facets, filters and every item's
classification), so they are reviewed as pages are: an editor's change is a draft revision
until an approver publishes it through the workflow (``bootstrap_roles`` assigns it), and the
API reads the row, which holds the live version only. A term never published is left out.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index


class Term(TranslatableMixin, index.Indexed, models.Model):
    """A named term with a key that stays the same in every locale (used in URLs and facets)."""

    key = models.SlugField(_("nøkkel"), max_length=80, help_text=_("Stabil identifikator."))
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("beskrivelse"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReviewedTerm(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, Term):
    """A term whose changes go through revisions and the approval workflow."""

    class Meta(Term.Meta):
        abstract = True

    @property
    def revisions(self):
        return self._revisions


def revisions_of(name: str) -> GenericRelation:
    return GenericRelation("wagtailcore.Revision", related_query_name=name)


def workflow_states_of(name: str) -> GenericRelation:
    return GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name=name,
        for_concrete_model=False,
    )


class Topic(ReviewedTerm):
    _revisions = revisions_of("topic")
    workflow_states = workflow_states_of("topic")

    class Meta(ReviewedTerm.Meta):
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="kb_topic_key_locale")
        ]


class Audience(ReviewedTerm):
    _revisions = revisions_of("audience")
    workflow_states = workflow_states_of("audience")

    class Meta(ReviewedTerm.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="kb_audience_key_locale")
        ]


class PriorityArea(Term):
    class Meta(Term.Meta):
        verbose_name = _("prioritert område")
        verbose_name_plural = _("prioriterte områder")
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="kb_priorityarea_key_locale")
        ]
