"""Single sign-on against a real OpenID provider: a second Django process running
django-oauth-toolkit's OIDC provider (tests/oidc_provider), driven through the authorization
code flow (with PKCE) between the two servers; groups map to Veiviser's roles."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from website.roles import ROLES_BY_KEY

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID, CLIENT_SECRET = "veiviser", "hemmelig-klientnokkel-for-test"
CALLBACK = "http://testserver/oidc/callback/"
PERSON, PASSWORD = "sara.sso", "kommunens-passord"
GROUPS = ["Veiviser-Skoler", "Alle-ansatte"]  # one maps to a role, one does not


def free_port() -> int:
    """A free port in the range this project's test servers use (8300-8349)."""
    for port in range(8349, 8299, -1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8300-8349")


def write_key(path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The running provider's base URL; stopped (by its process) after the module."""
    directory = tmp_path_factory.mktemp("oidc-provider")
    write_key(directory / "rsa.pem")
    base = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PROVIDER_DIR": str(directory),
        "PROVIDER_URL": f"{base}/o",
    }
    manage = [sys.executable, "-m", "django"]
    setup = [*manage, "setup_provider", CLIENT_ID, CLIENT_SECRET, CALLBACK, PERSON, PASSWORD]
    subprocess.run([*setup, *GROUPS], cwd=ROOT, env=env, check=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [*manage, "runserver", base.removeprefix("http://"), "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"{base}/o/.well-known/openid-configuration")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the OpenID provider did not start: {url}")


@pytest.fixture
def sso(db, settings, provider):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/o/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/o/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/o/.well-known/jwks.json"
    settings.OIDC_GROUP_ROLES = {"Veiviser-Skoler": "editors:skoler"}
    settings.VEIVISER_TWO_FACTOR_REQUIRED = True  # the provider's login counts as verified
    return provider


def sign_in_at_provider(authorize_url: str) -> str:
    """What the person does in the browser at the provider: log in; returns where the
    provider sends the browser back to (Veiviser's callback, with the code)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=True, timeout=10)
    assert "/accounts/login/" in response.url
    form = {
        "username": PERSON,
        "password": PASSWORD,
        "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        "next": parse_qs(urlsplit(response.url).query)["next"][0],
    }
    back = browser.post(
        response.url,
        data=form,
        headers={"Referer": response.url},
        allow_redirects=False,
        timeout=10,
    )
    while back.status_code == 302 and not back.headers["Location"].startswith(CALLBACK):
        back = browser.get(
            urljoin(back.url, back.headers["Location"]),
            allow_redirects=False,
            timeout=10,
        )
    location = back.headers["Location"]
    assert location.startswith(CALLBACK), location
    return location


def test_the_admin_login_page_offers_the_municipal_login_when_configured(client, sso):
    page = client.get("/admin/login/").content.decode()
    assert "Logg inn med kommunens innlogging" in page
    assert "/oidc/authenticate/" in page


def test_no_municipal_login_button_without_configuration(client, db):
    assert "kommunens innlogging" not in client.get("/admin/login/").content.decode()


def test_single_sign_on_logs_in_with_the_mapped_role(client, sso, django_user_model):
    start = client.get("/oidc/authenticate/?next=/admin/")
    assert start.status_code == 302 and start["Location"].startswith(f"{sso}/o/authorize/")

    callback = sign_in_at_provider(start["Location"])
    done = client.get(callback.removeprefix("http://testserver"))
    assert done.status_code == 302 and done["Location"] == "/admin/"

    user = django_user_model.objects.get(username=PERSON)
    assert set(user.groups.values_list("name", flat=True)) == {
        ROLES_BY_KEY["editors:skoler"].group_name
    }
    assert not user.has_usable_password()  # logs in only through the provider
    assert (user.first_name, user.email) == ("Sara", f"{PERSON}@drammen.example")
    assert client.get("/admin/").status_code == 200  # no enrolment: the provider verified


def test_a_second_login_takes_away_roles_the_provider_no_longer_gives(
    client, sso, settings, django_user_model
):
    callback = sign_in_at_provider(client.get("/oidc/authenticate/")["Location"])
    client.get(callback.removeprefix("http://testserver"))
    client.logout()

    settings.OIDC_GROUP_ROLES = {"Alle-ansatte": "approvers"}
    callback = sign_in_at_provider(client.get("/oidc/authenticate/")["Location"])
    client.get(callback.removeprefix("http://testserver"))
    user = django_user_model.objects.get(username=PERSON)
    assert set(user.groups.values_list("name", flat=True)) == {ROLES_BY_KEY["approvers"].group_name}


def test_a_local_account_is_not_taken_over_by_the_provider(client, sso, django_user_model):
    django_user_model.objects.create_user(PERSON, "lokal@example.org", "lokalt-passord")
    callback = sign_in_at_provider(client.get("/oidc/authenticate/")["Location"])
    done = client.get(callback.removeprefix("http://testserver"))
    assert done.status_code == 302 and done["Location"] == "/admin/login/"
    assert client.get("/admin/").status_code == 302  # not logged in


def test_an_unknown_role_in_the_mapping_is_a_system_check_error(settings):
    from django.core.checks import run_checks

    settings.OIDC_GROUP_ROLES = {"Veiviser-Skoler": "redaktorer-skoler"}
    errors = [error for error in run_checks() if error.id == "veiviser.E012"]
    assert len(errors) == 1 and "redaktorer-skoler" in errors[0].msg
    settings.OIDC_GROUP_ROLES = {"Veiviser-Skoler": "editors:skoler"}
    assert not [error for error in run_checks() if error.id == "veiviser.E012"]
