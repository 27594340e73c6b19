"""Two-factor authentication (django-otp): every role with edit, publish or admin rights is
sent to enrol an authenticator app, or to give a code, before it reaches the admin."""

import re
from base64 import b32decode
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from website.roles import ROLES

ENROL = reverse("two_factor_enrol")
VERIFY = reverse("two_factor_verify")
WRONG = "Koden stemmer ikke"


@pytest.fixture
def enforced(settings):
    settings.VEIVISER_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def editor(role_user, client, enforced):
    user = role_user("editors:skoler")
    client.force_login(user)
    return user


def app_code(key: bytes, drift: int = 0) -> str:
    """The code an authenticator app shows now (or ``drift`` steps away)."""
    return f"{totp(key, drift=drift):06d}"


def confirmed_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="App", confirmed=True)


@pytest.mark.parametrize("role", [role.key for role in ROLES])
def test_every_role_is_sent_to_enrol_before_the_admin(client, role_user, enforced, role):
    client.force_login(role_user(role))
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next={quote('/admin/pages/', safe='')}"


def test_a_superuser_is_sent_to_enrol_too(client, admin_user, enforced):
    client.force_login(admin_user)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_off_unless_required(client, role_user, settings):
    settings.VEIVISER_TWO_FACTOR_REQUIRED = False  # local development's default
    client.force_login(role_user("editors:skoler"))
    assert client.get("/admin/").status_code == 200


def test_a_password_login_then_needs_the_second_factor(client, role_user, enforced, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = role_user("approvers")
    user.set_password("godkjenner-passord")
    user.save()
    response = client.post(
        "/admin/login/", {"username": user.username, "password": "godkjenner-passord"}
    )
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_enrolment_with_the_apps_code_logs_in_and_shows_recovery_codes(client, editor):
    page = client.get(f"{ENROL}?next=/admin/")
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and "otpauth://totp/" in text
    secret = re.search(r"<code>([A-Z2-7]{16,})</code>", text).group(1)
    key = b32decode(secret)

    done = client.post(ENROL, {"code": app_code(key), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=editor).confirmed


def test_enrolment_refuses_a_wrong_code(client, editor):
    client.get(ENROL)
    refused = client.post(ENROL, {"code": "000000", "next": "/admin/"})
    assert refused.status_code == 200 and WRONG in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_a_wrong_code_is_refused_and_the_next_guess_slowed_down(client, editor):
    device = confirmed_app(editor)
    refused = client.post(VERIFY, {"code": app_code(device.bin_key, drift=10), "next": "/admin/"})
    assert refused.status_code == 200 and WRONG in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    # django-otp's throttle: even the right code waits until the delay has passed.
    slowed = client.post(VERIFY, {"code": app_code(device.bin_key), "next": "/admin/"})
    assert "For mange feil koder på rad" in slowed.content.decode()


def test_a_user_with_an_app_logs_in_with_its_code(client, editor):
    device = confirmed_app(editor)
    response = client.get("/admin/")
    assert response["Location"].startswith(VERIFY)
    assert client.get(ENROL)["Location"] == VERIFY  # the password alone adds no device

    response = client.post(VERIFY, {"code": app_code(device.bin_key), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, editor):
    from website.security.two_factor_views import new_recovery_codes

    confirmed_app(editor)
    code = new_recovery_codes(editor)[0]
    response = client.post(VERIFY, {"code": code, "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.force_login(editor)
    again = client.post(VERIFY, {"code": code, "next": "/admin/"})
    assert again.status_code == 200 and WRONG in again.content.decode()
    assert client.get("/admin/").status_code == 302


def test_next_never_leaves_the_site(client, editor):
    device = confirmed_app(editor)
    code = app_code(device.bin_key)
    response = client.post(VERIFY, {"code": code, "next": "https://angriper.example/"})
    assert response["Location"] == "/admin/"
