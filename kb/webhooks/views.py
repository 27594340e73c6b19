"""The admin: partners' webhooks, and the delivery log (read-only: the sender writes it)."""

from __future__ import annotations

import datetime
import json

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from kb.models import KB_KINDS, Webhook, WebhookDelivery, WebhookEvent

SECONDS = "j. F Y H:i:s"  # retries can be seconds apart


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, capfirst(model._meta.verbose_name)) for kind, model in KB_KINDS.items()]


def kind_label(kind: str) -> str:
    model = KB_KINDS.get(kind)
    return str(capfirst(model._meta.verbose_name)) if model else kind


def events_label(webhook: Webhook) -> str:
    return ", ".join(str(WebhookEvent(event).label) for event in webhook.events)


def kinds_label(webhook: Webhook) -> str:
    return ", ".join(kind_label(kind) for kind in webhook.kinds) or _("Alle")


class WebhookForm(WagtailAdminModelForm):
    url = forms.URLField(
        label=_("Mottakeradresse"),
        max_length=500,
        assume_scheme="https",
        help_text=Webhook._meta.get_field("url").help_text,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Typer"),
        choices=kind_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Webhook._meta.get_field("kinds").help_text,
    )

    class Meta:
        model = Webhook
        fields = ["name", "url", "secret", "on_published", "on_unpublished", "on_deleted"]


class WebhookViewSet(ModelViewSet):
    model = Webhook
    icon = "link-external"
    menu_label = _("Webhooks")
    list_display = [
        "name",
        "url",
        Column("events", label=_("Hendelser"), accessor=events_label),
        Column("kinds", label=_("Typer"), accessor=kinds_label),
        BooleanColumn("is_active", label=_("Aktiv")),
    ]
    search_fields = ["name", "url"]
    copy_view_enabled = False  # a copy would share the secret
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("secret"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("on_published"),
                            FieldPanel("on_unpublished"),
                            FieldPanel("on_deleted"),
                        ]
                    )
                ],
                heading=_("Hendelser"),
            ),
            FieldPanel("kinds"),
            FieldPanel("is_active"),
        ],
        base_form_class=WebhookForm,
    )


class DeliveryLogPolicy(ModelPermissionPolicy):
    """People read the log (and may delete rows); only the sender writes it."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(WebhookDelivery, DeliveryLogPolicy(WebhookDelivery))


class DeliveryIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("webhook")


class DeliveryInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None:
            return "–"
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), SECONDS)
        return value

    def get_item_type_display_value(self) -> str:
        return f"{kind_label(self.object.item_type)} ({self.object.item_type})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempts.all()
        context["body"] = json.dumps(json.loads(self.object.body), indent=2, ensure_ascii=False)
        return context


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "list-ul"
    menu_label = _("Leveranselogg")
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = []  # never edited in the admin (see DeliveryLogPolicy)
    inspect_view_enabled = True
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_template_name = "kb/webhooks/delivery_inspect.html"
    list_display = [
        "item_title",
        Column("event", label=_("Hendelse"), accessor="get_event_display"),
        "webhook",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda delivery: delivery.status == WebhookDelivery.Status.DELIVERED,
        ),
        Column("attempt_count", label=_("Forsøk")),
        DateColumn("next_attempt_at", label=_("Neste forsøk")),
        DateColumn("created_at", label=_("Opprettet")),
    ]
    list_filter = ["status", "event", "webhook"]
    search_fields = ["item_title"]
    inspect_view_fields = [
        "webhook",
        "event",
        "item_title",
        "item_type",
        "item_id",
        "status",
        "attempt_count",
        "next_attempt_at",
        "created_at",
        "delivered_at",
    ]


class WebhookGroup(ModelViewSetGroup):
    items = (WebhookViewSet, DeliveryViewSet)
    menu_icon = "link-external"
    menu_label = _("Webhooks")
    menu_name = "webhooks"
