"""Test set-up: PostgreSQL only, with the action plan loaded once per test session.

Each test runs in a transaction that is rolled back, so the plan stays as loaded.
"""

import pytest
from django.conf import settings
from django.core.management import call_command


def pytest_configure(config):
    if not settings.DATABASE_IS_POSTGRES:
        raise pytest.UsageError(
            "The test suite runs on PostgreSQL: set DATABASE_URL, or run `make test`."
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_plan", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test's database is rolled back, so cached responses must go with it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def plan_page(db):
    """Look up a page of the loaded plan by its kind and key."""
    from wagtail.models import Locale, Page

    from kb.plan_import.sync import item_translation_key

    def lookup(kind: str, key: str):
        return Page.objects.get(
            translation_key=item_translation_key(kind, key), locale=Locale.get_default()
        ).specific

    return lookup


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests")


@pytest.fixture
def api_token(db):
    """A bearer token for a user: returns the plaintext Authorization header value."""
    from wagtail.models import APIToken

    def make(user) -> str:
        _token, plaintext = APIToken.create_token(user=user, name="tests")
        return f"Bearer {plaintext}"

    return make
