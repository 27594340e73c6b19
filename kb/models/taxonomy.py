"""Classifications shared by every content type: search and the API facet on their keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
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


class Topic(Term):
    class Meta(Term.Meta):
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="kb_topic_key_locale")
        ]


class Audience(Term):
    class Meta(Term.Meta):
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
