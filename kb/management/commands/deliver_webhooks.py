"""Send webhook deliveries that are due: first attempts a task never made, and retries."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kb.models import WebhookAttempt, WebhookDelivery
from kb.webhooks import sending


class Command(BaseCommand):
    help = (
        "Sender webhook-leveranser som er forfalt (nye og nye forsøk). Kjør fra cron, "
        "med --loop som en egen arbeidsprosess, eller med --until-done for å tømme køen."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--loop", action="store_true", help="Fortsett til prosessen stoppes (arbeidsprosess)."
        )
        mode.add_argument(
            "--until-done",
            action="store_true",
            help="Vent på planlagte nye forsøk til ingen leveranse venter lenger.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=10.0,
            help="Lengste pause i sekunder mellom rundene med --loop/--until-done (standard 10).",
        )

    def handle(self, *args, loop: bool, until_done: bool, interval: float, **options):
        if interval <= 0:
            raise CommandError("--interval må være et positivt antall sekunder.")
        totals = {"sent": 0, "retry": 0, "failed": 0}
        while True:
            self.send_due(totals, options["verbosity"])
            if not (loop or until_done):
                break
            next_due = sending.next_due_at()
            if until_done and next_due is None:
                break
            wait = interval if next_due is None else (next_due - timezone.now()).total_seconds()
            time.sleep(min(max(wait, 0.0), interval))
        self.stdout.write(
            f"{sum(totals.values())} forsøk: {totals['sent']} levert, "
            f"{totals['retry']} prøves igjen senere, {totals['failed']} ga opp."
        )

    def send_due(self, totals: dict[str, int], verbosity: int) -> None:
        """Send everything due now, in batches, until nothing is due."""
        while batch := sending.due():
            made = 0
            for delivery_id in batch:
                logged = sending.attempt(delivery_id)
                if logged is None:  # taken by a task or another worker meanwhile
                    continue
                made += 1
                self.report(logged, totals, verbosity)
            if not made:
                break

    def report(self, logged: WebhookAttempt, totals: dict[str, int], verbosity: int) -> None:
        delivery = WebhookDelivery.objects.select_related("webhook").get(pk=logged.delivery_id)
        if logged.succeeded:
            totals["sent"] += 1
            outcome = self.style.SUCCESS(f"levert ({logged.status_code})")
        elif logged.next_attempt_at:
            totals["retry"] += 1
            outcome = self.style.WARNING(
                f"{logged.error}; nytt forsøk {timezone.localtime(logged.next_attempt_at):%H:%M:%S}"
            )
        else:
            totals["failed"] += 1
            outcome = self.style.ERROR(f"{logged.error}; ga opp")
        if verbosity >= 1:
            self.stdout.write(
                f"{delivery.get_event_display()} «{delivery.item_title}» → {delivery.webhook.url} "
                f"forsøk {logged.number}, {logged.duration_ms} ms: {outcome}"
            )
