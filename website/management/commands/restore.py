from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from website.backup import restore


class Command(BaseCommand):
    help = (
        "Restore the database and the media files from a backup made by `backup`, replacing "
        "what is there, then rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="a directory made by `backup`")

    def handle(self, *args, source: Path, **options):
        manifest = restore(source)
        call_command("search_reindex", verbosity=0)
        self.stdout.write(f"Restored the backup of {manifest['created_at']}; search index rebuilt.")
