"""Wagtail's ``api_tokens`` command, with the limits of scoped tokens (kb.tokens) on ``create``:
``--scope`` (drafts, write, workflow; repeat or separate with commas; all three when none is
given), ``--expires`` (a date, or a number of days) and ``--area`` (repeatable)."""

from __future__ import annotations

import argparse
import datetime
import json

from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.management.commands.api_tokens import Command as WagtailCommand
from wagtail.models import APIToken

from kb import areas, tokens


class Command(WagtailCommand):
    help = "Manage API tokens: create (with scopes, expiry and areas), list, revoke"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # argparse has no public way to reach a sub-command's parser once it is made.
        subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        create = subcommands.choices["create"]
        create.add_argument(
            "--scope",
            action="append",
            default=[],
            help=f"What the token may do beyond public reads: {', '.join(tokens.SCOPES)}",
        )
        create.add_argument(
            "--expires",
            help="When the token expires: a date (2027-06-01) or a number of days (30); "
            "the default is API_TOKEN_DEFAULT_DAYS",
        )
        create.add_argument(
            "--area", action="append", default=[], help="Limit the token to this area (slug)"
        )

    def create(self, *args, user, name, json_output, scope, expires, area, **options):
        scopes = [part.strip() for value in scope for part in value.split(",") if part.strip()]
        unknown = set(scopes) - set(tokens.SCOPES)
        if unknown:
            raise CommandError(
                f"Unknown scope {', '.join(sorted(unknown))}; choose from "
                f"{', '.join(tokens.SCOPES)}."
            )
        known_areas = areas.area_titles()
        if set(area) - set(known_areas):
            raise CommandError(
                f"Unknown area {', '.join(sorted(set(area) - set(known_areas)))}; choose from "
                f"{', '.join(known_areas)}."
            )
        token, plaintext = tokens.create_token(
            user=self.get_user(user),
            name=name,
            scopes=scopes or list(tokens.SCOPES),
            expires_at=parse_expiry(expires),
            areas=area,
            source="management_command",
        )
        if not json_output:
            self.stdout.write(plaintext)
            return
        policy = token.policy
        self.stdout.write(
            json.dumps(
                {
                    "token": plaintext,
                    "prefix": token.prefix,
                    "name": token.name,
                    "user": token.user.get_username(),
                    "created": token.created.isoformat(),
                    **tokens.describe(policy),
                }
            )
        )

    def list(self, *args, user, include_revoked, **options):
        super().list(*args, user=user, include_revoked=include_revoked, **options)
        self.stdout.write("Limits (id, scopes, expires, areas):")
        for token in self.listed(user, include_revoked):
            policy = tokens.policy_for(token)
            self.stdout.write(
                f"{token.pk}\t{','.join(policy.scopes) or '-'}\t"
                f"expires={policy.expires_at:%Y-%m-%d %H:%M}\t{','.join(policy.areas) or 'all'}"
            )

    def listed(self, user, include_revoked):
        found = APIToken.objects.select_related("policy").order_by("-created")
        if user:
            found = found.filter(user=self.get_user(user))
        return found if include_revoked else found.filter(revoked_at__isnull=True)


def parse_expiry(value: str | None) -> datetime.datetime | None:
    """A date (the token expires at the start of that day) or a number of days from now."""
    if not value:
        return None
    now = timezone.now()
    if value.isdigit():
        expires_at = now + datetime.timedelta(days=int(value))
    else:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(
                f"--expires {value!r} is neither a date (2027-06-01) nor a number of days."
            ) from None
        expires_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    if expires_at <= now:
        raise CommandError(f"--expires {value!r} is not in the future.")
    return expires_at
