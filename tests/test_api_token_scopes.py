"""Scoped, expiring API tokens (kb/tokens.py, kb/api/token_scope.py): token scope × endpoint
through the whole request cycle (every middleware and router), area limits, expiry and
revocation, the audit log, and ``manage.py api_tokens create`` with its new options.

The token's user is a superuser, so only the token's own limits can refuse."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import APIToken, ModelLogEntry, Page

from kb import tokens
from kb.models import ContactPage

pytestmark = pytest.mark.django_db

SCOPE_SETS = {
    "none": [],
    "drafts": [tokens.DRAFTS],
    "write": [tokens.WRITE],
    "workflow": [tokens.WORKFLOW],
    "all": list(tokens.SCOPES),
}
# endpoint: (method, path with {id}, the scope it needs)
ENDPOINTS = {
    "kb_draft": ("get", "/api/v3/kb/contacts/{id}/draft/", tokens.DRAFTS),
    "page_detail": ("get", "/api/v3/pages/{id}/", tokens.DRAFTS),
    "revisions": ("get", "/api/v3/pages/{id}/revisions/", tokens.DRAFTS),
    "patch": ("patch", "/api/v3/pages/{id}/", tokens.WRITE),
    "post": ("post", "/api/v3/pages/", tokens.WRITE),
    "submit": ("post", "/api/v3/pages/{id}/actions/submit/", tokens.WORKFLOW),
    "lock": ("post", "/api/v3/pages/{id}/actions/lock/", tokens.WORKFLOW),
}
NEW_SUMMARY = "Endret gjennom API-et med en avgrenset nøkkel."


def bearer(admin_user, scopes=(), areas=(), expires_at=None) -> str:
    _token, plaintext = tokens.create_token(
        user=admin_user,
        name="avgrenset",
        scopes=list(scopes),
        areas=list(areas),
        expires_at=expires_at,
        source="tests",
    )
    return f"Bearer {plaintext}"


def body_for(name: str, page: ContactPage) -> dict | None:
    if name == "patch":
        return {"meta": {"type": "kb.ContactPage"}, "summary": NEW_SUMMARY}
    if name == "post":
        return {
            "meta": {"type": "kb.ContactPage", "parent_id": page.get_parent().pk},
            "title": "Ny kontakt fra API-et",
            "slug": "ny-kontakt-fra-api",
            "summary": "Skrevet gjennom API-et.",
            "phone": "12 34 56 78",
            "kind": "municipal",
        }
    return None


def call(client, name: str, page: ContactPage, authorization: str):
    method, path, _scope = ENDPOINTS[name]
    body = body_for(name, page)
    kwargs = {"HTTP_AUTHORIZATION": authorization}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(path.format(id=page.pk), **kwargs)


def changed(name: str, page: ContactPage, before: int) -> bool:
    page = ContactPage.objects.get(pk=page.pk)
    return {
        "patch": lambda: page.get_latest_revision_as_object().summary == NEW_SUMMARY,
        "post": lambda: Page.objects.count() != before,
        "submit": lambda: page.current_workflow_state is not None,
        "lock": lambda: page.locked,
    }.get(name, lambda: False)()


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("scope_set", list(SCOPE_SETS))
def test_scope_by_endpoint(client, admin_user, area_page, scope_set, endpoint):
    page = area_page("skoler", owner=admin_user)
    authorization = bearer(admin_user, SCOPE_SETS[scope_set])
    before = Page.objects.count()
    response = call(client, endpoint, page, authorization)
    allowed = ENDPOINTS[endpoint][2] in SCOPE_SETS[scope_set]
    if allowed:
        assert response.status_code in (200, 201), response.content
    else:
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"].startswith("API-nøkkelen gir ikke")
        assert not changed(endpoint, page, before)


def test_public_reads_need_no_scope(client, admin_user):
    authorization = bearer(admin_user, [])
    for url in ("/api/v3/kb/items/", "/api/v3/kb/contacts/", "/api/v3/openapi.json"):
        assert client.get(url, HTTP_AUTHORIZATION=authorization).status_code == 200, url


def test_area_limit(client, admin_user, area_page):
    page = area_page("skoler", owner=admin_user)
    elsewhere = bearer(admin_user, tokens.SCOPES, areas=["barnehager"])
    here = bearer(admin_user, tokens.SCOPES, areas=["skoler"])
    for endpoint in ("kb_draft", "patch", "post", "lock"):
        response = call(client, endpoint, page, elsewhere)
        assert response.status_code == 403, endpoint
        assert response.json()["detail"] == "API-nøkkelen gjelder ikke for dette området."
    assert not ContactPage.objects.get(pk=page.pk).locked
    for endpoint in ("kb_draft", "patch", "lock"):
        assert call(client, endpoint, page, here).status_code == 200, endpoint
    # A list of pages cannot be limited to an area: refused. Public reads stay open.
    assert client.get("/api/v3/pages/", HTTP_AUTHORIZATION=here).status_code == 403
    assert client.get("/api/v3/kb/items/", HTTP_AUTHORIZATION=here).status_code == 200


def test_moving_a_page_out_of_the_area_is_refused(client, admin_user, area_page):
    page = area_page("skoler", owner=admin_user)
    other = area_page("barnehager", owner=admin_user)
    authorization = bearer(admin_user, tokens.SCOPES, areas=["skoler"])
    response = client.post(
        f"/api/v3/pages/{page.pk}/actions/move/",
        data=json.dumps({"destination_id": other.get_parent().pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=authorization,
    )
    assert response.status_code == 403
    assert ContactPage.objects.get(pk=page.pk).get_parent().pk == page.get_parent().pk


def test_publishing_through_a_write_needs_the_workflow_scope(client, admin_user, area_page):
    page = area_page("skoler", owner=admin_user)
    body = {"meta": {"type": "kb.ContactPage", "action": "publish"}, "summary": NEW_SUMMARY}
    response = client.patch(
        f"/api/v3/pages/{page.pk}/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer(admin_user, [tokens.WRITE]),
    )
    assert response.status_code == 403
    assert not ContactPage.objects.get(pk=page.pk).live


def test_expired_and_revoked_tokens_are_401(client, admin_user, area_page):
    page = area_page("skoler", owner=admin_user)
    expired = bearer(admin_user, tokens.SCOPES)
    token = APIToken.objects.latest("pk")
    token.policy.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    token.policy.save()
    for url in (f"/api/v3/kb/contacts/{page.pk}/draft/", "/api/v3/kb/items/"):
        response = client.get(url, HTTP_AUTHORIZATION=expired)
        assert response.status_code == 401, url
        assert response.json()["detail"].startswith("API-nøkkelen er utløpt")
        assert response["WWW-Authenticate"].startswith("Bearer")

    revoked = bearer(admin_user, tokens.SCOPES)
    APIToken.objects.latest("pk").revoke()
    response = client.get(f"/api/v3/kb/contacts/{page.pk}/draft/", HTTP_AUTHORIZATION=revoked)
    assert response.status_code == 401
    assert response.json()["detail"] == "API-nøkkelen er trukket tilbake."


def test_a_token_made_in_wagtails_admin_form_expires_after_the_default_lifetime(
    client, admin_user, settings
):
    token, plaintext = APIToken.create_token(user=admin_user, name="fra skjemaet")
    APIToken.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS + 1)
    )
    response = client.get("/api/v3/kb/items/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.status_code == 401


def test_creation_use_and_refusal_are_in_the_audit_log(client, admin_user, area_page):
    page = area_page("skoler", owner=admin_user)
    authorization = bearer(admin_user, [tokens.DRAFTS])
    token = APIToken.objects.latest("pk")
    created = ModelLogEntry.objects.get(action="wagtail.apitoken.create", object_id=token.pk)
    assert created.data["scopes"] == [tokens.DRAFTS]
    assert call(client, "kb_draft", page, authorization).status_code == 200
    assert call(client, "lock", page, authorization).status_code == 403
    actions = list(
        ModelLogEntry.objects.filter(object_id=token.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "wagtail.apitoken.create",
        "veiviser.apitoken.use",
        "veiviser.apitoken.refused",
    ]
    assert token.__class__.objects.get(pk=token.pk).last_used_at is not None


def test_the_command_creates_a_limited_token(client, admin_user, area_page):
    page = area_page("skoler", owner=admin_user)
    out = StringIO()
    call_command(
        "api_tokens",
        "create",
        "--user=root",
        "--name=partner",
        "--scope=drafts,workflow",
        "--expires=30",
        "--area=skoler",
        "--json",
        stdout=out,
    )
    made = json.loads(out.getvalue())
    assert made["scopes"] == ["drafts", "workflow"] and made["areas"] == ["skoler"]
    expires = datetime.datetime.fromisoformat(made["expires_at"])
    assert abs(expires - timezone.now() - datetime.timedelta(days=30)) < datetime.timedelta(
        minutes=1
    )
    authorization = f"Bearer {made['token']}"
    assert call(client, "kb_draft", page, authorization).status_code == 200
    assert call(client, "patch", page, authorization).status_code == 403

    listing = StringIO()
    call_command("api_tokens", "list", stdout=listing)
    assert "drafts,workflow" in listing.getvalue() and "skoler" in listing.getvalue()


@pytest.mark.parametrize(
    "option, message",
    [
        ("--scope=admin", "Unknown scope admin"),
        ("--area=mars", "Unknown area mars"),
        ("--expires=i morgen", "neither a date"),
        ("--expires=2020-01-01", "not in the future"),
    ],
)
def test_the_command_refuses_bad_options(admin_user, option, message):
    with pytest.raises(CommandError, match=message):
        call_command("api_tokens", "create", "--user=root", "--name=x", option)
    assert not APIToken.objects.exists()


def test_the_command_without_options_still_works(admin_user):
    out = StringIO()
    call_command("api_tokens", "create", "--user=root", "--name=plain", stdout=out)
    token = APIToken.objects.get()
    assert out.getvalue().strip().startswith("wagtail_")
    assert sorted(token.policy.scopes) == sorted(tokens.SCOPES)


def test_a_refusal_carries_cors_headers_for_partners_browsers(client, admin_user):
    authorization = bearer(admin_user, [])
    APIToken.objects.latest("pk").revoke()
    response = client.get(
        "/api/v3/kb/items/", HTTP_AUTHORIZATION=authorization, HTTP_ORIGIN="https://partner.example"
    )
    assert response.status_code == 401
    assert response.has_header("Access-Control-Allow-Origin")
