from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from website.roles import ROLES

# Local development only; the README lists these logins.
DEMO_ADMIN = ("admin", "veiviser-admin", "admin@example.org")
# One user per editorial role (website.roles), all with this password.
DEMO_ROLE_PASSWORD = "veiviser-demo"  # noqa: S105


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
        self.create_role_users()

    def create_role_users(self) -> None:
        """One demo user per role, in that role's group only (run bootstrap_roles first for
        the groups' permissions)."""
        for role in ROLES:
            user, created = get_user_model().objects.get_or_create(
                username=role.demo_username,
                defaults={
                    "email": f"{role.demo_username}@example.org",
                    "first_name": "Demo",
                    "last_name": role.group_name,
                },
            )
            user.is_active, user.is_staff, user.is_superuser = True, False, False
            user.set_password(DEMO_ROLE_PASSWORD)
            user.save()
            group, _created = Group.objects.get_or_create(name=role.group_name)
            user.groups.set([group])
            self.stdout.write(
                f"Demo user {'created' if created else 'reset'}: {role.demo_username} "
                f"({role.group_name})"
            )
