from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kb.models import Audience, PriorityArea, Topic
from kb.webhooks.views import WebhookGroup


class TermViewSet(SnippetViewSet):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]
    panels = ["name", "key", "description"]


class TopicViewSet(TermViewSet):
    model = Topic
    icon = "tag"


class AudienceViewSet(TermViewSet):
    model = Audience
    icon = "group"


class PriorityAreaViewSet(TermViewSet):
    model = PriorityArea
    icon = "pick"


class ClassificationGroup(SnippetViewSetGroup):
    items = (TopicViewSet, AudienceViewSet, PriorityAreaViewSet)
    menu_icon = "tag"
    menu_label = _("Klassifisering")
    menu_name = "classification"


register_snippet(ClassificationGroup)


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhookGroup()


@hooks.register("register_log_actions")
def register_publish_refused(actions) -> None:
    """Scheduled publishing that the publish gate refused, in the page's history."""
    actions.register_action(
        "veiviser.publish_refused",
        _("Publisering avvist"),
        _("Planlagt publisering avvist: siden besto ikke valideringen"),
    )


@hooks.register("register_log_actions")
def register_api_token_actions(actions) -> None:
    """Scoped API tokens (kb.tokens): their use and their refusals, in the audit log."""
    actions.register_action("veiviser.apitoken.use", _("API-nøkkel brukt"), _("API-nøkkel brukt"))
    actions.register_action(
        "veiviser.apitoken.refused", _("API-nøkkel avvist"), _("API-nøkkel avvist")
    )
