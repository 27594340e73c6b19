"""Single sign-on with the municipality's OpenID provider (Entra ID, ID-porten, …), on
mozilla-django-oidc.

A person is matched by the user-name claim (``OIDC_USERNAME_CLAIM``); the first login creates
the account, without a password, so it can log in only through the provider. A local account
(one with a password) is never taken over by a provider login of the same name. On every login
the person's roles are set from the groups claim (``OIDC_GROUPS_CLAIM``) through
``OIDC_GROUP_ROLES``, a mapping from group values to role keys (website.roles): a group removed
at the provider removes the role here. Groups that are not roles are left alone.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from website.roles import ROLES, ROLES_BY_KEY

log = logging.getLogger(__name__)


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def group_roles() -> dict[str, str]:
    """``OIDC_GROUP_ROLES``, checked: every value must be a role key."""
    mapping = settings.OIDC_GROUP_ROLES
    unknown = sorted({key for key in mapping.values() if key not in ROLES_BY_KEY})
    if unknown:
        raise ImproperlyConfigured(
            f"OIDC_GROUP_ROLES names roles that do not exist: {', '.join(map(str, unknown))}. "
            f"Roles: {', '.join(ROLES_BY_KEY)}."
        )
    return mapping


def mapped_group_names(claims: dict) -> set[str]:
    values = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    mapping = group_roles()
    return {ROLES_BY_KEY[mapping[value]].group_name for value in values if value in mapping}


@register(Tags.security)
def check_group_roles(app_configs=None, **kwargs) -> list[Error]:
    """A wrong role key in OIDC_GROUP_ROLES stops start-up (``manage.py check``, every
    command), rather than failing people's logins later."""
    try:
        group_roles()
    except ImproperlyConfigured as problem:
        return [Error(str(problem), id="veiviser.E012")]
    return []


class RoleMappingOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the provider's callback authenticates here, never a user name and password.
        if not sso_enabled() or "username" in kwargs or "password" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get(settings.OIDC_USERNAME_CLAIM))

    def filter_users_by_claims(self, claims: dict):
        return self.UserModel.objects.filter(username=claims[settings.OIDC_USERNAME_CLAIM])

    def create_user(self, claims: dict):
        user = self.UserModel(username=claims[settings.OIDC_USERNAME_CLAIM])
        user.set_unusable_password()
        return self.update_user(user, claims)

    def update_user(self, user, claims: dict):
        if user.pk and user.has_usable_password():
            log.warning("SSO login refused: %s is a local account", user.username)
            raise PermissionDenied("a local account is not taken over by single sign-on")
        user.email = claims.get("email", user.email)
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.save()
        set_roles(user, mapped_group_names(claims))
        return user


def set_roles(user, group_names: set[str]) -> None:
    """The user's role groups become exactly ``group_names``; other groups stay."""
    role_groups = {role.group_name for role in ROLES}
    current = set(user.groups.filter(name__in=role_groups).values_list("name", flat=True))
    user.groups.remove(*Group.objects.filter(name__in=current - group_names))
    user.groups.add(*Group.objects.filter(name__in=group_names - current))
