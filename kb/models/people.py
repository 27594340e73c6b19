"""Whom to reach: actors and contacts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from kb.blocks import (
    RICH_TEXT_FEATURES,
)
from kb.models.base import KnowledgePage, content_panels
from kb.models.fields import ContentField, fields, wagtail_api_fields
from kb.models.kinds import ItemKind
from kb.models.validators import (
    tel_uri,
    validate_phone,
)


class ActorPage(KnowledgePage):
    kb_kind = ItemKind("actor", "actors", "aktorer", "Aktører")
    parent_page_types = kb_kind.parent_page_types

    class Kind(models.TextChoices):
        COLLABORATION = "collaboration", _("Samarbeidsstruktur")
        SERVICE = "service", _("Tjeneste")
        AGENCY = "agency", _("Etat")
        GROUP = "group", _("Gruppe")

    kind = models.CharField(_("type aktør"), max_length=20, choices=Kind.choices)
    role = RichTextField(_("rolle"), features=RICH_TEXT_FEATURES)
    how_to_reach = RichTextField(_("slik når du dem"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = content_panels(
        FieldPanel("kind"), FieldPanel("role"), FieldPanel("how_to_reach")
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("role"),
        index.SearchField("how_to_reach"),
        index.FilterField("kind"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            ContentField("kind", listed=True),
            "role",
            "how_to_reach",
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/actor_page.html"

    class Meta:
        verbose_name = _("aktør")
        verbose_name_plural = _("aktører")


class ContactPage(KnowledgePage):
    kb_kind = ItemKind("contact", "contacts", "kontakter", "Viktige telefonnumre", in_sections=True)
    parent_page_types = kb_kind.parent_page_types

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Nødnummer")
        ADVICE = "advice", _("Råd og veiledning")
        MUNICIPAL = "municipal", _("Kommunal kontakt")

    phone = models.CharField(_("telefon"), max_length=20, blank=True, validators=[validate_phone])
    website_url = models.URLField(_("nettside"), blank=True)
    kind = models.CharField(_("type kontakt"), max_length=20, choices=Kind.choices)
    available = models.CharField(_("åpningstid"), max_length=120, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    placeholder = models.BooleanField(
        _("mangler nummer"),
        default=False,
        help_text=_("Kommunalt nummer som en redaktør må fylle inn."),
    )

    content_panels = content_panels(
        FieldRowPanel([FieldPanel("phone"), FieldPanel("kind")]),
        FieldPanel("website_url"),
        FieldPanel("available"),
        FieldPanel("description"),
        FieldPanel("placeholder"),
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("phone", boost=3),
        index.SearchField("description"),
        index.FilterField("kind"),
    ]
    kb_fields = [
        *KnowledgePage.kb_fields,
        *fields(
            ContentField("phone", listed=True),
            ContentField("website_url", listed=True),
            ContentField("kind", listed=True),
            ContentField("available", listed=True),
            ContentField("description", listed=True),
            ContentField("placeholder", listed=True),
        ),
    ]
    api_fields = wagtail_api_fields(kb_fields)
    template = "kb/contact_page.html"

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone)

    def clean(self) -> None:
        super().clean()
        if not self.placeholder and not (self.phone or self.website_url):
            # Not tied to one field: forms without the field (API v3's page create) must
            # still get a clear error, not a crash.
            raise ValidationError(
                _("Oppgi telefon eller nettside, eller merk kontakten som manglende.")
            )
        if self.placeholder and self.phone:
            raise ValidationError(_("Kontakten har nummer; fjern merket «mangler nummer»."))
