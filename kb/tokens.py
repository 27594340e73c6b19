"""Scoped, expiring API tokens on top of Wagtail's ``APIToken``.

A token carries its user's rights, and no more than its scopes allow:

- ``drafts``: read unpublished content (the KB API's draft endpoints, Wagtail's page
  endpoints, which show an authenticated user's unpublished pages, and revisions);
- ``write``: change content (create, update, delete, move, copy, revert, ...);
- ``workflow``: submit, approve, reject, publish, unpublish, lock and unlock.

Reading what is public needs no scope. A token may also be limited to some areas
(``kb.areas``); it then reaches pages in those areas only. Every token expires.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import APIToken

from kb.models import APITokenPolicy

DRAFTS = "drafts"
WRITE = "write"
WORKFLOW = "workflow"
SCOPES = (DRAFTS, WRITE, WORKFLOW)


def default_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


def policy_for(token: APIToken) -> APITokenPolicy:
    """The token's limits; a token made without any (in Wagtail's admin form) has every scope,
    no area limit, and expires ``API_TOKEN_DEFAULT_DAYS`` after it was made."""
    try:
        return token.policy
    except APITokenPolicy.DoesNotExist:
        return APITokenPolicy(
            token=token, scopes=list(SCOPES), expires_at=token.created + default_lifetime()
        )


def create_token(
    *,
    user,
    name: str,
    scopes: list[str],
    expires_at: datetime.datetime | None = None,
    areas: list[str] | None = None,
    source: str,
) -> tuple[APIToken, str]:
    """A new token with its limits, logged in Wagtail's audit log; returns the token and its
    plaintext, which is shown once and never stored."""
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown scope: {', '.join(sorted(unknown))}")
    expires_at = expires_at or timezone.now() + default_lifetime()
    token, plaintext = APIToken.create_token(user=user, name=name)
    policy = APITokenPolicy.objects.create(
        token=token, scopes=sorted(set(scopes)), expires_at=expires_at, areas=areas or []
    )
    log(token, "wagtail.apitoken.create", user=user, data={"source": source, **describe(policy)})
    return token, plaintext


def describe(policy: APITokenPolicy) -> dict:
    return {
        "scopes": list(policy.scopes),
        "expires_at": policy.expires_at.isoformat(),
        "areas": list(policy.areas),
    }
