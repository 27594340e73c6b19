"""Webhooks: partners' endpoints, told when knowledge-base pages are published, unpublished or
deleted.

A delivery is written in the same transaction as the change it reports (an outbox), sent after
commit and retried with back-off; every attempt is kept, which is the delivery log.
"""

from __future__ import annotations

import secrets
import uuid
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    PUBLISHED = "published", _("Publisert")
    UNPUBLISHED = "unpublished", _("Avpublisert")
    DELETED = "deleted", _("Slettet")


def validate_http_url(value: str) -> None:
    """Webhooks are sent over HTTP(S) only, to a named host."""
    parts = urlsplit(value or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(
            _("Adressen må begynne med http:// eller https:// og ha et vertsnavn."),
            code="scheme",
        )


def validate_public_target(value: str) -> None:
    """No receiver on the service itself, the local network or a metadata endpoint."""
    from kb.webhooks.targets import refusal  # kb.webhooks imports the models

    if reason := refusal(value or ""):
        raise ValidationError(reason, code="blocked_address")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A partner's endpoint and the changes it wants to hear about."""

    name = models.CharField(_("navn"), max_length=100, help_text=_("Hvem som mottar varslene."))
    url = models.URLField(
        _("mottakeradresse"),
        max_length=500,
        validators=[validate_http_url, validate_public_target],
        help_text=_("http:// eller https://. Veiviser sender en POST-forespørsel hit."),
    )
    secret = models.CharField(
        _("hemmelighet"),
        max_length=200,
        default=new_secret,
        help_text=_(
            "Hver forespørsel signeres med HMAC-SHA256 og denne verdien. Gi den til mottakeren "
            "på en sikker måte."
        ),
    )
    on_published = models.BooleanField(_("publisering"), default=True)
    on_unpublished = models.BooleanField(_("avpublisering"), default=True)
    on_deleted = models.BooleanField(_("sletting"), default=True)
    kinds = models.JSONField(
        _("typer"),
        default=list,
        blank=True,
        help_text=_("Varsle bare om disse typene innhold. Ingen valgt betyr alle typer."),
    )
    is_active = models.BooleanField(
        _("aktiv"), default=True, help_text=_("En inaktiv webhook får ingen varsler.")
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not self.events:
            raise ValidationError(_("Velg minst én hendelse å varsle om."))

    @property
    def events(self) -> list[str]:
        return [event for event in WebhookEvent.values if getattr(self, f"on_{event}")]

    def wants(self, event: str, kind: str) -> bool:
        return self.is_active and event in self.events and (not self.kinds or kind in self.kinds)


class WebhookDelivery(models.Model):
    """One event for one webhook: the outbox row, and the head of its delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        DELIVERED = "delivered", _("Levert")
        FAILED = "failed", _("Ga opp")

    # Also the X-Veiviser-Delivery header, so receivers can recognise a retry they already have.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("hendelse"), max_length=20, choices=WebhookEvent.choices)
    item_id = models.PositiveIntegerField(_("side-ID"))
    item_type = models.CharField(_("type"), max_length=20)
    item_title = models.CharField(_("tittel"), max_length=255)
    # The exact bytes that are signed and sent, the same on every attempt.
    body = models.TextField(_("innhold"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(_("levert"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-leveranse")
        verbose_name_plural = _("webhook-leveranser")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="kb_delivery_due")]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.item_title} → {self.webhook}"


class WebhookAttempt(models.Model):
    """One try at sending a delivery: what the receiver answered, or why it could not."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("leveranse"),
    )
    number = models.PositiveSmallIntegerField(_("forsøk nr."))
    started_at = models.DateTimeField(_("startet"))
    duration_ms = models.PositiveIntegerField(_("varighet (ms)"))
    status_code = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    error = models.TextField(_("feil"), blank=True)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-forsøk")
        verbose_name_plural = _("webhook-forsøk")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="kb_attempt_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
