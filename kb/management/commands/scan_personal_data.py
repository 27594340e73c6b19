"""Scan every stored revision for national identity numbers (the privacy guard's rule).

Content written before the guard existed, or put into the database around it, is found here.
Exits with status 1 when anything is found, so that cron or monitoring notices.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import COMMENTS_RELATION_NAME, Revision

from kb.privacy import find_identity_numbers, masked, strings_in

# Editors' comments are never published; the rest is tree bookkeeping, not text.
NOT_CONTENT = {COMMENTS_RELATION_NAME, "path", "url_path", "translation_key", "content_type"}


class Command(BaseCommand):
    help = (
        "Søker gjennom alle lagrede versjoner av sider og utdrag etter fødselsnumre og "
        "D-/H-numre, og lister treffene (numrene maskert). Avslutter med status 1 ved treff."
    )

    def handle(self, *args, verbosity: int, **options):
        hits = 0
        revisions = Revision.objects.select_related("base_content_type").order_by("pk")
        for revision in revisions.iterator(chunk_size=500):
            for field, numbers in scan(revision.content).items():
                hits += 1
                self.stdout.write(
                    f"{revision.base_content_type.model} {revision.object_id} "
                    f"«{revision.object_str}», revision {revision.pk}, field {field}: "
                    + ", ".join(masked(number) for number in numbers)
                )
        if hits:
            raise CommandError(
                f"{hits} field(s) in stored revisions contain a national identity number; "
                "remove them from the pages and delete the revisions that hold them.",
                returncode=1,
            )
        if verbosity >= 1:
            self.stdout.write(f"No national identity numbers in {revisions.count()} revisions.")


def scan(content: dict) -> dict[str, list[str]]:
    """The identity numbers in a revision's content, by top-level field."""
    found: dict[str, list[str]] = {}
    for field, value in (content or {}).items():
        if field in NOT_CONTENT:
            continue
        numbers = [number for text in strings_in(value) for number in find_identity_numbers(text)]
        if numbers:
            found[field] = numbers
    return found
