from pathlib import Path

from django.core.management.base import BaseCommand

from website.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the media files into a new directory."

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path, help="a new or empty directory")

    def handle(self, *args, target: Path, **options):
        manifest = backup(target)
        self.stdout.write(
            f"Backup in {target}: database {manifest['database_bytes']} bytes, "
            f"media {manifest['media_bytes']} bytes."
        )
