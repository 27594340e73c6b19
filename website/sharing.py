"""Who can do what in an area: the read-only "sharing" view of Plone, computed from Wagtail's
own records (group page permissions on the area and above it, the approval task of the
area's workflow, the translation permission, superusers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission, Page, Workflow

from website import roles


@dataclass
class GroupRights:
    group: Group
    actions: list[str]  # in roles.ACTION_LABELS order
    granted_at: list[Page]  # where the page permissions come from (the area or above it)
    members: list = field(default_factory=list)
    role: roles.Role | None = None


@dataclass
class AreaSharing:
    slug: str
    page: Page
    owner: roles.Role
    workflow: Workflow | None
    groups: list[GroupRights]
    superusers: list


ORDER = list(roles.ACTION_LABELS)


def visible_areas(user) -> dict[str, Page]:
    """The areas whose sharing a user may see: all for site managers, their own sections
    for section managers, none for anyone else."""
    areas = roles.area_pages()
    if roles.is_site_manager(user):
        return areas
    managed = roles.managed_areas(user)
    return {slug: page for slug, page in areas.items() if slug in managed}


def sharing_for(slug: str, page: Page) -> AreaSharing:
    ancestors = page.get_ancestors(inclusive=True)
    grants = GroupPagePermission.objects.filter(page__in=ancestors).select_related(
        "group", "permission", "page"
    )
    rights: dict[int, GroupRights] = {}
    for grant in grants:
        entry = rights.setdefault(grant.group_id, GroupRights(grant.group, [], []))
        action = grant.permission.codename.removesuffix("_page")
        if action not in entry.actions:
            entry.actions.append(action)
        if grant.page not in entry.granted_at:
            entry.granted_at.append(grant.page)
    workflow = page.get_workflow()
    for group in _approver_groups(workflow):
        rights.setdefault(group.pk, GroupRights(group, [], [])).actions.append("approve")
    for group in Group.objects.filter(
        permissions__codename="submit_translation",
        permissions__content_type__app_label="wagtail_localize",
    ):
        rights.setdefault(group.pk, GroupRights(group, [], [])).actions.append("translate")
    by_name = {role.group_name: role for role in roles.ROLES}
    for entry in rights.values():
        entry.actions.sort(key=ORDER.index)
        entry.members = list(entry.group.user_set.filter(is_active=True).order_by("username"))
        entry.role = by_name.get(entry.group.name)
    User = get_user_model()
    return AreaSharing(
        slug=slug,
        page=page,
        owner=roles.owner_role(slug),
        workflow=workflow,
        groups=sorted(rights.values(), key=lambda entry: entry.group.name),
        superusers=list(
            User.objects.filter(Q(is_superuser=True) & Q(is_active=True)).order_by("username")
        ),
    )


def _approver_groups(workflow: Workflow | None) -> list[Group]:
    if workflow is None:
        return []
    groups: dict[int, Group] = {}
    for task in workflow.tasks.filter(active=True).specific():
        for group in getattr(task, "groups", Group.objects.none()).all():
            groups[group.pk] = group
    return list(groups.values())


def place_label(page: Page) -> str:
    return str(_("hele nettstedet")) if page.depth == 1 else page.title


def as_data(sharing: AreaSharing) -> dict:
    """The sharing of an area as plain data, for the API."""
    return {
        "area": sharing.slug,
        "title": sharing.page.title,
        "page_id": sharing.page.pk,
        "owner": sharing.owner.group_name,
        "workflow": sharing.workflow.name if sharing.workflow else None,
        "groups": [
            {
                "group": entry.group.name,
                "role": entry.role.key if entry.role else None,
                "actions": entry.actions,
                "granted_at": [place_label(page) for page in entry.granted_at],
                "members": [user.get_username() for user in entry.members],
            }
            for entry in sharing.groups
        ],
        "superusers": [user.get_username() for user in sharing.superusers],
    }
