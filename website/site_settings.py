"""Branding and contact details a municipality sets in the admin (Innstillinger → Nettsted)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from kb.models.validators import tel_uri, validate_phone


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    owner_name = models.CharField(
        _("eier"), max_length=120, default="Drammen kommune", help_text=_("Vises i bunnteksten.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme_colour = models.CharField(
        _("temafarge"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Skriv fargen som #rrggbb."))],
        help_text=_("Farge på toppfeltet, som #rrggbb. Tom gir Designsystemets farge."),
    )
    switchboard = models.CharField(
        _("sentralbord"),
        max_length=20,
        blank=True,
        default="32 04 00 00",
        validators=[validate_phone],
        help_text=_("Vises for kommunale kontakter som ikke har eget nummer."),
    )
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_address = models.TextField(_("adresse"), blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tilgjengelighetserklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("personvernerklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("owner_name"), FieldPanel("logo"), FieldPanel("theme_colour")],
            heading=_("Eier og utseende"),
        ),
        MultiFieldPanel(
            [FieldPanel("switchboard"), FieldPanel("contact_email"), FieldPanel("contact_address")],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [PageChooserPanel("accessibility_page"), PageChooserPanel("privacy_page")],
            heading=_("Juridiske sider"),
        ),
    ]

    class Meta:
        verbose_name = _("nettsted")

    @property
    def switchboard_uri(self) -> str:
        return tel_uri(self.switchboard)
