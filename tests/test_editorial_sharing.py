"""Roles as data: the bootstrap makes the groups, grants and workflows (and repairs them),
owners are derived from the section, the sharing view shows who can do what (admin and API),
translators work in translated trees only, and every demo login is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage

from website import roles
from website.roles import area_pages

pytestmark = pytest.mark.django_db


def grants_snapshot() -> set:
    return set(
        GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")
    )


def test_bootstrap_is_idempotent_and_repairs_drift():
    before = grants_snapshot()
    call_command("bootstrap_roles", verbosity=0)
    assert grants_snapshot() == before

    editors = Group.objects.get(name=roles.SECTION_EDITORS["skoler"].group_name)
    barnehager = area_pages()["barnehager"]
    GroupPagePermission.objects.create(
        group=editors, page=barnehager, permission_id=editors.page_permissions.first().permission_id
    )
    GroupPagePermission.objects.filter(group__name=roles.APPROVERS.group_name).delete()
    WorkflowPage.objects.filter(page=area_pages()["skoler"]).delete()
    call_command("bootstrap_roles", verbosity=0)
    assert grants_snapshot() == before
    assert area_pages()["skoler"].get_workflow().name == "Publisering: Skoler"


def test_groups_grants_and_workflows_follow_the_roles():
    areas = area_pages()
    for slug, role in roles.SECTION_EDITORS.items():
        grants = GroupPagePermission.objects.filter(group__name=role.group_name)
        assert {(g.page_id, g.permission.codename) for g in grants} == {
            (areas[slug].pk, "add_page"),
            (areas[slug].pk, "change_page"),
            (areas[slug].pk, "lock_page"),
        }
        assert areas[slug].get_workflow().name == f"Publisering: {areas[slug].title}"
    assert areas["kunnskapsbase"].get_workflow().name == "Publisering: Kunnskapsbase"
    nobody_publishes = GroupPagePermission.objects.filter(permission__codename="publish_page")
    assert set(nobody_publishes.values_list("group__name", flat=True)) == {
        roles.APPROVERS.group_name,
        roles.SITE_MANAGERS.group_name,
    }
    # Wagtail's starter groups, with rights over the whole tree, are gone.
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_every_page_has_an_owning_group(plan_page):
    areas = area_pages()
    child = areas["skoler"].get_children().first() or areas["skoler"]
    assert roles.owner_of(child) is roles.SECTION_EDITORS["skoler"]
    concept = areas["kunnskapsbase"].get_descendants().filter(depth=5).first()
    assert roles.owner_of(concept) is roles.KB_EDITORS
    assert roles.owner_of(areas["kunnskapsbase"].get_parent()) is roles.SITE_MANAGERS
    for page in Page.objects.filter(depth__gte=2):
        assert roles.group_for(roles.owner_of(page)) is not None, page


# --- the sharing view ------------------------------------------------------------------------


def sharing_rows(html: str, area: str) -> dict[str, set[str]]:
    """{group name: actions ticked} from the sharing table of one area."""
    section = BeautifulSoup(html, "html.parser").find("section", attrs={"data-area": area})
    rows = {}
    for row in section.find_all("tr", attrs={"data-group": True}):
        ticked = {cell["data-action"] for cell in row.find_all("td", attrs={"data-action": True})}
        rows[row["data-group"]] = {
            action
            for action in ticked
            if "✓" in row.find("td", attrs={"data-action": action}).get_text()
        }
    return rows


def test_site_manager_sees_who_can_do_what_everywhere(client, role_user):
    client.force_login(role_user("site-managers"))
    member = role_user("editors:skoler")
    response = client.get(reverse("website_sharing"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = sharing_rows(html, "skoler")
    assert rows["Redaktører: Skoler"] == {"add", "change", "lock"}
    assert rows["Seksjonsledere: Skoler"] == {"add", "change", "lock", "unlock"}
    assert rows["Godkjennere"] == {"publish", "lock", "unlock", "approve"}
    assert "Redaktører: Barnehager" not in rows
    assert rows["Oversettere"] == {"translate"}
    assert member.username in html
    assert set(sharing_rows(html, "kunnskapsbase")["Redaktører: Kunnskapsbase"]) == {
        "add",
        "change",
        "lock",
    }
    assert sharing_rows(html, "barnehager")["Redaktører: Barnehager"] == {"add", "change", "lock"}
    # The section's page in the explorer links to its sharing, like Plone's Sharing tab.
    explorer = client.get(reverse("wagtailadmin_explore", args=[area_pages()["skoler"].pk]))
    assert reverse("website_sharing_area", args=["skoler"]) in explorer.content.decode()


def test_section_manager_sees_their_own_section_only(client, role_user, api_token, area_page):
    manager = role_user("managers:skoler")
    client.force_login(manager)
    html = client.get(reverse("website_sharing")).content.decode()
    areas = [
        s["data-area"] for s in BeautifulSoup(html, "html.parser").select("section[data-area]")
    ]
    assert areas == ["skoler"]
    assert client.get(reverse("website_sharing_area", args=["barnehager"])).status_code == 404

    header = {"HTTP_AUTHORIZATION": api_token(manager)}
    listing = client.get("/api/v3/sharing/", **header)
    assert [area["area"] for area in listing.json()] == ["skoler"]
    own = client.get(f"/api/v3/pages/{area_page('skoler').pk}/sharing/", **header)
    assert own.status_code == 200 and own.json()["owner"] == "Redaktører: Skoler"
    groups = {entry["group"]: entry for entry in own.json()["groups"]}
    assert groups["Redaktører: Skoler"]["actions"] == ["add", "change", "lock"]
    assert groups["Redaktører: Skoler"]["granted_at"] == ["Skoler"]
    assert groups["Nettstedsforvaltere"]["granted_at"] == ["hele nettstedet"]
    assert manager.username in groups["Seksjonsledere: Skoler"]["members"]
    other = client.get(f"/api/v3/pages/{area_page('barnehager').pk}/sharing/", **header)
    assert other.status_code == 403


def test_editors_do_not_see_the_sharing_view(client, role_user):
    client.force_login(role_user("editors:skoler"))
    assert client.get(reverse("website_sharing"))["Location"] == reverse("wagtailadmin_home")
    assert "Hvem kan gjøre hva" not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- translators -----------------------------------------------------------------------------


def test_translators_edit_translations_only(client, role_user, plan_page):
    from wagtail_localize.operations import translate_object

    translator = role_user("translators")
    concept = plan_page("concept", "radikalisering")
    nynorsk = Locale.objects.get(language_code="nn")
    translate_object(concept, [nynorsk], user=translator)
    translation = concept.get_translation(nynorsk)

    client.force_login(translator)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).status_code == 200
    edit_original = client.get(reverse("wagtailadmin_pages:edit", args=[concept.pk]))
    assert edit_original["Location"] == reverse("wagtailadmin_home")
    perms = translation.permissions_for_user(translator)
    assert perms.can_edit() and not perms.can_publish() and not perms.can_add_subpage()
    assert perms.can_submit_for_moderation()  # translations are reviewed too
    assert translation.get_workflow().name == "Publisering: hele nettstedet"


# --- demo logins -----------------------------------------------------------------------------


def test_demo_users_one_per_role_and_all_in_the_readme(django_user_model):
    call_command("create_demo_users", stdout=open("/dev/null", "w"))  # noqa: SIM115
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "admin / veiviser-admin" in readme or "`admin`" in readme
    for role in roles.ROLES:
        user = django_user_model.objects.get(username=role.demo_username)
        assert [group.name for group in user.groups.all()] == [role.group_name]
        assert user.check_password("veiviser-demo") and not user.is_superuser
        assert f"`{role.demo_username}`" in readme, role.demo_username
