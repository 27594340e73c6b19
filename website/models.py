"""Site structure: the home page, the shared knowledge-base area, service sections, folders."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.search import index

from kb.blocks import RICH_TEXT_FEATURES
from kb.forms import PageForm
from kb.models import (
    KB_KINDS,
    Audience,
    ChecklistPage,
    ContactPage,
    PlanPage,
    ResourcePage,
    RoutinePage,
)
from kb.publish_gate import PublishGateMixin
from website.legal import AccessibilityStatementPage, PlainPage
from website.site_settings import SiteSettings  # noqa: F401  (a model of this app)

# Folders of the shared area hold every item type but the plan, which lives under home.
KB_FOLDER_TYPES = [model._meta.label for kind, model in KB_KINDS.items() if kind != "plan"]


class IntroPage(PublishGateMixin, Page):
    """A page with an introduction; the base of the structural pages."""

    base_form_class = PageForm  # tampered submissions are a 400 (kb.forms)

    intro = RichTextField(_("innledning"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def live_children(self):
        return self.get_children().live().public().specific().order_by("path")


class HomePage(IntroPage):
    subpage_types = [
        "website.SharedAreaPage",
        "website.SectionPage",
        "kb.PlanPage",
        "website.AccessibilityStatementPage",
        "website.PlainPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "website/home_page.html"

    class Meta:
        verbose_name = _("forside")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["routines"] = RoutinePage.objects.live().descendant_of(self).order_by("path")
        context["contacts"] = (
            ContactPage.objects.live().descendant_of(self).filter(kind="emergency").order_by("path")
        )
        context["plan"] = PlanPage.objects.live().child_of(self).first()
        return context

    def live_children(self):
        # The legal pages are linked from every footer, not listed as content.
        return super().live_children().not_type(AccessibilityStatementPage, PlainPage)


class SharedAreaPage(IntroPage):
    """The shared knowledge base: concepts, laws, resources, checklists, actors and more."""

    subpage_types = ["website.FolderPage"]
    parent_page_types = ["website.HomePage"]
    template = "website/area_page.html"

    class Meta:
        verbose_name = _("felles kunnskapsbase")


class SectionPage(IntroPage):
    """A service's own section (schools, kindergartens, SLT, ...), maintained by its editors."""

    service = models.CharField(
        _("tjeneste"), max_length=120, help_text=_("Tjenesten som eier og vedlikeholder seksjonen.")
    )

    content_panels = [*IntroPage.content_panels, FieldPanel("service")]
    subpage_types = ["kb.RoutinePage", "kb.ResourcePage", "kb.ContactPage"]
    parent_page_types = ["website.HomePage"]
    template = "website/section_page.html"
    # The services' sections are for staff: they show the shared items written for staff.
    SHARED_AUDIENCE = "ansatte"
    SHARED_TYPES = (
        (_("Rutiner"), RoutinePage),
        (_("Sjekklister"), ChecklistPage),
        (_("Kontakter"), ContactPage),
        (_("Ressurser"), ResourcePage),
    )

    class Meta:
        verbose_name = _("seksjon")
        verbose_name_plural = _("seksjoner")

    def shared_items(self) -> list[tuple[str, list]]:
        """(heading, pages) of the shared area's items for this section's audience."""
        audience = Audience.objects.filter(key=self.SHARED_AUDIENCE, locale=self.locale).first()
        groups = []
        for heading, model in self.SHARED_TYPES:
            pages = model.objects.live().public().filter(locale=self.locale)
            pages = pages.not_descendant_of(self)
            if audience:
                pages = pages.filter(audiences=audience)
            groups.append((heading, list(pages.order_by("title"))))
        return [(heading, pages) for heading, pages in groups if pages]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["shared_items"] = self.shared_items()
        return context


class FolderPage(IntroPage):
    """A folder of knowledge-base items of the shared area, listed in title order."""

    subpage_types = KB_FOLDER_TYPES
    parent_page_types = ["website.SharedAreaPage"]
    template = "website/area_page.html"

    class Meta:
        verbose_name = _("mappe")
        verbose_name_plural = _("mapper")

    def live_children(self):
        return self.get_children().live().public().specific().order_by("title")

    @property
    def holds_contacts(self) -> bool:
        """The phone-number folder lists every number, most urgent first, instead."""
        return self.get_children().type(ContactPage).exists()


# --- review (website.workflows) ----------------------------------------------------------

REVIEW_COMMENT_MAX_LENGTH = 2000


class RejectionForm(TaskStateCommentForm):
    """Asking for changes needs a reason the author can act on, as in the API."""

    comment = forms.CharField(
        label=_("Hva må endres?"),
        required=True,
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Skriv hva som må endres før du sender siden tilbake.")},
    )


class ReviewTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, where a rejection always carries a comment."""

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("reject", _("Be om endringer"), True),
            ("approve", _("Godkjenn"), False),
            ("approve", _("Godkjenn med kommentar"), True),
        ]

    def get_form_for_action(self, action):
        return RejectionForm if action == "reject" else super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin's edit view can pass the action straight from the POST, past the form.
        if action_name == "reject" and not str(kwargs.get("comment") or "").strip():
            raise PermissionDenied(RejectionForm.base_fields["comment"].error_messages["required"])
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Medlemmer av de valgte gruppene godkjenner; den som ber om endringer, sier hva.")

    class Meta:
        verbose_name = _("godkjenning med begrunnet avvisning")
        verbose_name_plural = _("godkjenninger med begrunnet avvisning")
