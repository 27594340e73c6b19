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
        call_command("bootstrap_roles", verbosity=0)  # editorial groups, permissions, workflows


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test's database is rolled back, so cached responses must go with it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def no_login_lockout(settings):
    """For fuzzers, which send made-up bearer tokens on purpose: without this, the address is
    locked out (429) after five (website.security.lockout, tested in test_login_lockout.py)."""
    settings.AXES_ENABLED = False


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


@pytest.fixture
def role_user(db, django_user_model):
    """A user in one editorial role's group (website.roles), with an e-mail address."""
    from django.contrib.auth.models import Group

    from website.roles import ROLES_BY_KEY

    def make(key: str, username: str | None = None):
        role = ROLES_BY_KEY[key]
        username = username or role.demo_username
        # No password: tests log in with force_login or a token, and hashing one is slow.
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", None, first_name=username
        )
        user.groups.add(Group.objects.get(name=role.group_name))
        return user

    return make


@pytest.fixture
def area_page(db):
    """A new contact page in an area: a service's section, or the shared area's contact
    folder ("kunnskapsbase"). A draft unless ``live``."""
    from kb.models import ContactPage
    from website.roles import area_pages
    from website.structure import FOLDERS, SHARED_AREA

    def make(area: str, title: str = "Testkontakt", owner=None, live: bool = False):
        parent = area_pages()[area]
        if area == SHARED_AREA.slug:
            parent = parent.get_children().get(slug=FOLDERS["contact"].slug)
        page = ContactPage(
            title=title, summary="En kontakt til test.", phone="12 34 56 78", kind="municipal"
        )
        page.owner = owner
        page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision(user=owner)
        if live:
            revision.publish()
        return ContactPage.objects.get(pk=page.pk)

    return make


# Search: the engine fixtures (parametrised over PostgreSQL and the distributed engines).
from tests.search.fixtures import distributed_index, fresh_index, search_engine  # noqa: E402, F401


@pytest.fixture
def wsgi_keeps_connection(db):
    """Like Django's test client: keep the test's connection (and transaction) open across
    requests made straight to the WSGI application, instead of closing it after each one."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
