from django.core.management.base import BaseCommand

from website.bootstrap import bootstrap
from website.roles import ROLES


class Command(BaseCommand):
    help = (
        "Create or repair the editorial groups, their permissions and the review workflows "
        "(idempotent; see website/roles.py)."
    )

    def handle(self, *args, verbosity: int, **options):
        say = self.stdout.write if verbosity >= 2 else (lambda message: None)
        bootstrap(say)
        self.stdout.write(f"Roles ready: {len(ROLES)} groups, permissions and workflows checked.")
