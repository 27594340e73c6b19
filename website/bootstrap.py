"""Make the database match website.roles: groups, their permissions, and the workflows.

Idempotent and converging: a role group ends up with exactly the permissions declared for it,
so running it again after a change to roles.py applies the change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from website import roles
from website.roles import Grant, Role
from website.workflows import ensure_workflows

ADMIN_ACCESS = ["wagtailadmin.access_admin"]
TAXONOMY = [
    f"kb.{action}_{model}"
    for model in ("topic", "audience", "priorityarea")
    for action in ("add", "change", "delete", "view")
]
# Approvers open a reviewed term in the admin and publish it (kb.models.taxonomy).
TAXONOMY_REVIEW = [
    f"kb.{action}_{model}"
    for model in ("topic", "audience")
    for action in ("view", "change", "publish")
]
TAXONOMY_MANAGE = [
    f"kb.{action}_{model}"
    for model in ("topic", "audience")
    for action in ("publish", "lock", "unlock")
]
TRANSLATE = ["wagtail_localize.submit_translation"]
SITE_ADMINISTRATION = [
    *(f"auth.{action}_user" for action in ("add", "change", "delete", "view")),
    *(f"auth.{action}_group" for action in ("add", "change", "view")),
    *(f"wagtailredirects.{action}_redirect" for action in ("add", "change", "delete")),
    *(f"wagtailcore.{action}_workflow" for action in ("add", "change", "delete")),
    *(f"wagtailcore.{action}_task" for action in ("add", "change", "delete")),
    *(f"wagtailcore.{action}_apitoken" for action in ("add", "change", "delete", "view")),
    *(f"axes.{action}_accessattempt" for action in ("view", "delete")),  # unlock logins
]
MEDIA_APPS = {"image": "wagtailimages", "document": "wagtaildocs"}
MEDIA_USE = ["add_image", "choose_image", "add_document", "choose_document"]
MEDIA_ALL = [*MEDIA_USE, "change_image", "delete_image", "change_document", "delete_document"]


def model_permissions(role: Role) -> list[str]:
    if role is roles.SITE_MANAGERS:
        return [*ADMIN_ACCESS, *SITE_ADMINISTRATION, *TAXONOMY, *TAXONOMY_MANAGE, *TRANSLATE]
    if role is roles.KB_EDITORS:
        return [*ADMIN_ACCESS, *TAXONOMY]
    if role is roles.APPROVERS:
        return [*ADMIN_ACCESS, *TAXONOMY_REVIEW]
    if role is roles.TRANSLATORS:
        return [*ADMIN_ACCESS, *TRANSLATE]
    return ADMIN_ACCESS


def collection_permissions(role: Role) -> list[str]:
    if role is roles.SITE_MANAGERS:
        return MEDIA_ALL
    if role in (roles.APPROVERS, roles.TRANSLATORS):
        return ["choose_image", "choose_document"]
    return MEDIA_USE


# Wagtail's starter groups give page rights on the whole tree, which would undo section
# ownership; they are removed while nobody is a member.
WAGTAIL_STARTER_GROUPS = ("Editors", "Moderators")


@transaction.atomic
def bootstrap(say: Callable[[str], None] = lambda message: None) -> None:
    from website.structure import SiteStructure

    SiteStructure()  # the sections and the shared area the grants are anchored at
    for role in roles.ROLES:
        group, created = Group.objects.get_or_create(name=role.group_name)
        say(f"{'created' if created else 'checked'} group «{group.name}»")
        _converge_model_permissions(group, model_permissions(role), say)
        _converge_collection_permissions(group, collection_permissions(role), say)
        grants = [grant for grant in roles.GRANTS if grant.role is role]
        _converge_page_permissions(group, grants, say)
    for name in WAGTAIL_STARTER_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if group.user_set.exists():
            say(f"kept Wagtail's starter group «{name}»: it has members (it has site-wide rights)")
        else:
            group.delete()
            say(f"removed Wagtail's starter group «{name}» (no members)")
    for change in ensure_workflows():
        say(change)


def permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def page_permission(action: str) -> Permission:
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=f"{action}_page"
    )


def _converge_model_permissions(group: Group, labels: list[str], say) -> None:
    wanted = {permission(label) for label in labels}
    if set(group.permissions.all()) != wanted:
        group.permissions.set(wanted)
        say(f"  «{group.name}»: model permissions set ({len(wanted)})")


def _converge_collection_permissions(group: Group, codenames: list[str], say) -> None:
    root = Collection.get_first_root_node()
    wanted = {
        permission(f"{MEDIA_APPS[codename.split('_')[1]]}.{codename}") for codename in codenames
    }
    existing = GroupCollectionPermission.objects.filter(group=group)
    current = {(grant.collection_id, grant.permission_id) for grant in existing}
    target = {(root.pk, perm.pk) for perm in wanted}
    if current != target:
        existing.delete()
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection_id=c, permission_id=p)
            for c, p in target
        )
        say(f"  «{group.name}»: image and document permissions set")


def _converge_page_permissions(group: Group, grants: list[Grant], say) -> None:
    target = {
        (page.pk, page_permission(action).pk)
        for grant in grants
        for page in roles.grant_pages(grant.where)
        for action in grant.actions
    }
    existing = GroupPagePermission.objects.filter(group=group)
    current = set(existing.values_list("page_id", "permission_id"))
    for page_id, permission_id in current - target:
        existing.filter(page_id=page_id, permission_id=permission_id).delete()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
        for page_id, permission_id in target - current
    )
    if current != target:
        say(f"  «{group.name}»: page permissions set ({len(target)})")


def grant_translation_root(page: Page) -> None:
    """A new translated tree (its top page was just created) gets the translation grants."""
    for grant in roles.GRANTS:
        if grant.where != roles.TRANSLATIONS:
            continue
        group = roles.group_for(grant.role)
        if group is None:
            continue
        for action in grant.actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=page_permission(action)
            )
