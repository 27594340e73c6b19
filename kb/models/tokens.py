"""What an API token may do: its scopes, its expiry and the areas it is limited to.

Wagtail's ``APIToken`` stays the token (hashed, shown once, revocable, last-used time); this
row adds the limits. A token without one (made in Wagtail's admin form) has the defaults that
``kb.tokens.policy_for`` gives it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import APIToken


class APITokenPolicy(models.Model):
    token = models.OneToOneField(
        APIToken, on_delete=models.CASCADE, related_name="policy", verbose_name=_("API-nøkkel")
    )
    scopes = models.JSONField(_("tilganger"), default=list, blank=True)
    expires_at = models.DateTimeField(_("utløper"))
    areas = models.JSONField(
        _("områder"), default=list, blank=True, help_text=_("Tom: alle områder.")
    )

    class Meta:
        verbose_name = _("tilgang for API-nøkkel")
        verbose_name_plural = _("tilganger for API-nøkler")

    def __str__(self) -> str:
        return f"{self.token} ({', '.join(self.scopes) or '-'})"

    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
