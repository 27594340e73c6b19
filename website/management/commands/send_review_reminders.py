"""For cron: e-mail each owner (a section's editors and managers, the knowledge-base editors)
the published pages that are overdue or soon due for their yearly review."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kb.absolute_urls import admin_url
from website import review, roles


class Command(BaseCommand):
    help = "E-mail each owner group what is due for review (for cron, e.g. every Monday)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Count as if today were this date (YYYY-MM-DD); default: today."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent, send nothing."
        )

    def handle(self, *args, date: str | None, dry_run: bool, **options):
        today = self._today(date)
        translation.activate(settings.LANGUAGE_CODE)
        due = review.due_by_owner(today)
        if not due:
            self.stdout.write(f"Nothing is due for review on {today:%Y-%m-%d}; no e-mail sent.")
            return
        sent = 0
        for role in sorted(due, key=lambda role: role.group_name):
            items = due[role]
            recipients = self._recipients(role)
            counts = ", ".join(
                f"{sum(item.status == status for item in items)} {status}"
                for status in (review.OVERDUE, review.SOON, review.MISSING)
            )
            self.stdout.write(f"{role.group_name}: {len(items)} due ({counts})")
            for item in items:
                when = f"{item.page.review_by:%Y-%m-%d}" if item.page.review_by else "no date"
                self.stdout.write(f"  - [{item.status}] {item.page.title} ({when})")
            if not recipients:
                self.stdout.write("  no recipients with an e-mail address: nothing sent")
                continue
            self.stdout.write(
                f"  {'would send' if dry_run else 'sending'} to: {', '.join(recipients)}"
            )
            if not dry_run:
                for address in recipients:
                    self._message(role, items, today, address).send()
                    sent += 1
        self.stdout.write(f"{'Dry run: no e-mail sent.' if dry_run else f'{sent} e-mail(s) sent.'}")

    def _today(self, value: str | None) -> datetime.date:
        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be a date like 2026-01-31, not {value!r}.") from None

    def _recipients(self, role: roles.Role) -> list[str]:
        """The owner group's members, and the section's managers."""
        names = [role.group_name]
        if role.area in roles.SECTION_MANAGERS:
            names.append(roles.SECTION_MANAGERS[role.area].group_name)
        users = (
            get_user_model()
            .objects.filter(groups__name__in=names, is_active=True)
            .exclude(email="")
            .order_by("username")
            .distinct()
        )
        return list(users.values_list("email", flat=True))

    def _message(self, role, items, today, address) -> EmailMessage:
        context = {
            "role": role,
            "today": today,
            "items": [
                {
                    "item": item,
                    "label": review.STATUS_LABELS[item.status],
                    "url": admin_url(reverse("wagtailadmin_pages:edit", args=[item.page.pk])),
                }
                for item in items
            ],
            "report_url": admin_url(reverse("website_review_report")),
        }
        subject = render_to_string("website/email/review_reminder_subject.txt", context)
        body = render_to_string("website/email/review_reminder.txt", context)
        return EmailMessage(" ".join(subject.split()), body, to=[address])
