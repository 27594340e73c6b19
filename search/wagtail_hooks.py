"""Search in the admin: synonyms that editors keep, and the queries that found nothing."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import MissedQuery, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "link"
    menu_label = _("Synonymer")
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    panels = ["terms", "note"]


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
    items = (SynonymViewSet, MissedQueryViewSet)
    menu_icon = "search"
    menu_label = _("Søk")
    menu_name = "kb-search"


register_snippet(SearchGroup)
