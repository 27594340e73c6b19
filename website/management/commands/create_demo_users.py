from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

# Local development only; the README lists these logins.
DEMO_ADMIN = ("admin", "veiviser-admin", "admin@example.org")


class Command(BaseCommand):
    help = "Create the demo logins listed in the README (local development only)."

    def handle(self, *args, **options):
        if not settings.DEV_MODE:
            raise CommandError("Demo users are only created in local development (VEIVISER_DEV=1).")
        username, password, email = DEMO_ADMIN
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email, "first_name": "Demo", "last_name": "Admin"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Demo administrator {'created' if created else 'reset'}: {username}")
