"""Creates the provider's database, one confidential client (Veiviser) and one person with
groups: ``setup_provider CLIENT_ID SECRET REDIRECT_URI USERNAME PASSWORD GROUP…``."""

from django.contrib.auth.models import Group, User
from django.core.management import BaseCommand, call_command
from oauth2_provider.models import Application


class Command(BaseCommand):
    def add_arguments(self, parser):
        for name in ("client_id", "secret", "redirect_uri", "username", "password"):
            parser.add_argument(name)
        parser.add_argument("groups", nargs="*")

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0)
        Application.objects.create(
            name="Veiviser",
            client_id=options["client_id"],
            client_secret=options["secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=options["redirect_uri"],
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
        user = User.objects.create_user(
            options["username"],
            f"{options['username']}@drammen.example",
            options["password"],
            first_name="Sara",
            last_name="SSO",
        )
        for name in options["groups"]:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
