"""Login throttling and lockout (django-axes): per user name and per address, for passwords
in the admin and for API tokens, unlocked by a site manager in the admin or by a command."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

LOGIN = "/admin/login/"
PASSWORD = "riktig-passord-for-test"
LOCKED = "For mange mislykkede innloggingsforsøk"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Every attempt hashes a password; the default hasher would make these tests slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(role_user):
    user = role_user("editors:skoler")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, username, password, address="127.0.0.1"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_user_and_the_right_one_is_then_refused(client, editor):
    for _attempt in range(4):
        response = log_in(client, editor.username, "feil")
        assert response.status_code == 200  # the form again, with its error
    response = log_in(client, editor.username, "feil")
    assert response.status_code == 429
    text = response.content.decode()
    assert LOCKED in text and "Prøv igjen om 30 minutter" in text

    response = log_in(client, editor.username, PASSWORD, address="192.0.2.10")
    assert response.status_code == 429  # the user name is locked from any address
    assert client.get("/admin/").status_code == 302  # not logged in

    call_command("axes_reset_username", editor.username)
    response = log_in(client, editor.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_wrong_passwords_for_many_names_lock_the_address(client, editor):
    for number in range(5):
        log_in(client, f"gjett-{number}", "feil", address="192.0.2.20")
    assert log_in(client, editor.username, PASSWORD, address="192.0.2.20").status_code == 429
    assert log_in(client, editor.username, PASSWORD, address="192.0.2.21").status_code == 302


def test_a_site_manager_unlocks_in_the_admin(client, editor, role_user):
    for _attempt in range(5):
        log_in(client, editor.username, "feil")
    assert log_in(client, editor.username, PASSWORD).status_code == 429

    client.force_login(role_user("editors:barnehager"))
    assert client.get(reverse("lockouts:index")).status_code == 302  # no right to see them

    client.force_login(role_user("site-managers"))
    listing = client.get(reverse("lockouts:index"))
    assert listing.status_code == 200 and editor.username in listing.content.decode()
    attempt = AccessAttempt.objects.get(username=editor.username)
    response = client.post(reverse("lockouts:delete", args=[attempt.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=editor.username).exists()

    client.logout()
    assert log_in(client, editor.username, PASSWORD).status_code == 302


def test_refused_api_tokens_lock_the_address(client, editor, api_token):
    good = api_token(editor)
    bad = {"HTTP_AUTHORIZATION": "Bearer ikke-en-gyldig-nokkel"}
    assert client.get("/api/v3/sites/", **bad).status_code == 401
    for _attempt in range(3):
        assert client.get("/api/v3/sites/", **bad).status_code == 401
    # A public endpoint falls back to anonymous, but the refused token still counts.
    assert client.get("/api/v3/kb/concepts/", **bad).status_code == 200

    response = client.get("/api/v3/whoami/", HTTP_AUTHORIZATION=good)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert LOCKED in response.json()["detail"]
    # Another address is not locked.
    assert (
        client.get("/api/v3/whoami/", HTTP_AUTHORIZATION=good, REMOTE_ADDR="192.0.2.30").status_code
        == 200
    )

    call_command("axes_reset_ip", "127.0.0.1")
    assert client.get("/api/v3/whoami/", HTTP_AUTHORIZATION=good).status_code == 200


def test_requests_without_a_token_are_not_counted(client, db):
    for _attempt in range(6):
        assert client.get("/api/v3/kb/concepts/").status_code == 200
    assert not AccessAttempt.objects.exists()


def test_behind_proxies_each_client_is_counted_by_its_forwarded_address(client, editor, settings):
    settings.VEIVISER_TRUSTED_PROXIES = 2  # the TLS load balancer and Varnish

    def through_proxies(client_address: str, written_by_client: str = ""):
        chain = ", ".join(filter(None, [written_by_client, client_address, "10.0.0.2"]))
        return {"HTTP_X_FORWARDED_FOR": chain, "REMOTE_ADDR": "10.0.0.3"}

    for number in range(5):
        # An attacker writing their own X-Forwarded-For entries gains nothing.
        client.post(
            LOGIN,
            {"username": f"gjett-{number}", "password": "feil"},
            **through_proxies("198.51.100.7", written_by_client=f"203.0.113.{number}"),
        )
    attacker = through_proxies("198.51.100.7")
    colleague = through_proxies("198.51.100.8")
    login = {"username": editor.username, "password": PASSWORD}
    assert client.post(LOGIN, login, **attacker).status_code == 429
    assert client.post(LOGIN, login, **colleague).status_code == 302
