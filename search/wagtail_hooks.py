"""Search in the admin: the thesaurus and synonyms that editors keep, and the queries that
found nothing."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import MissedQuery, Synonym, ThesaurusConcept


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "link"
    menu_label = _("Synonymer")
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    panels = ["terms", "note"]


class ThesaurusViewSet(SnippetViewSet):
    """Concepts with their names in nb, nn and en: drafts, revisions and the approval
    workflow as for pages; only published concepts reach search and the SKOS endpoint."""

    model = ThesaurusConcept
    icon = "tag"
    menu_label = _("Tesaurus")
    list_display = ["pref_label_nb", "pref_label_nn", "broader", "live"]
    search_fields = ["key", "pref_label_nb", "pref_label_nn", "pref_label_en", "acronyms"]
    panels = [
        "key",
        "pref_label_nb",
        "pref_label_nn",
        "pref_label_en",
        "alt_labels_nb",
        "alt_labels_nn",
        "alt_labels_en",
        "acronyms",
        "broader",
        "definition",
    ]


class MissedQueryViewSet(SnippetViewSet):
    """The no-results report: what people searched for in vain, most frequent first. Delete
    an entry once it is handled (a synonym, an editors' pick or new content)."""

    model = MissedQuery
    icon = "warning"
    menu_label = _("Søk uten treff")
    list_display = ["query", "locale", "count", "first_seen", "last_seen"]
    list_export = ["query", "locale", "count", "first_seen", "last_seen"]
    export_filename = "sok-uten-treff"
    search_fields = ["query"]
    ordering = ["-count", "-last_seen"]
    panels = ["query", "locale", "count"]


class SearchGroup(SnippetViewSetGroup):
    items = (ThesaurusViewSet, SynonymViewSet, MissedQueryViewSet)
    menu_icon = "search"
    menu_label = _("Søk")
    menu_name = "kb-search"


register_snippet(SearchGroup)
