from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from kb.links import unavailable_links


class LinkCheckPanel(Panel):
    """Tells editors which of the page's links lead to deleted or unpublished pages."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Lenkekontroll"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "kb/admin/link_check_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["unavailable"] = unavailable_links(self.instance) if self.instance.pk else []
            return context
