"""kb.permissions is the one place that says who may do what to a page, and kb.areas the one
place that says which area a page is in: each caller (the KB API's drafts, the editorial API,
the workflow operations, the admin hooks, the link guard) gets its answers from there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Locale, Page

from kb import permissions
from kb.areas import AREA_DEPTH, area_of, area_pages, area_paths, area_titles, paths_of_area
from kb.models import ContactPage, RelatedLink
from website import workflows

pytestmark = pytest.mark.django_db

ACTIONS = (
    permissions.EDIT,
    permissions.PUBLISH,
    permissions.UNPUBLISH,
    permissions.DELETE,
    permissions.LOCK,
    permissions.UNLOCK,
    permissions.SEE_USAGE,
    permissions.SEE_WORKFLOW,
)
# What each role may do to a live page in the schools section (the roles of website.roles).
# Editors may not delete it: without the publish right, Wagtail lets them delete drafts only.
EXPECTED = {
    "editors:skoler": {"edit", "lock", "see_usage", "see_workflow"},
    "managers:skoler": {"edit", "lock", "unlock", "see_usage", "see_workflow"},
    "editors:barnehager": set(),
    "kb-editors": set(),
    "approvers": {"publish", "unpublish", "lock", "unlock", "see_usage", "see_workflow"},
    "translators": set(),
    "site-managers": set(ACTIONS),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_may_do_what_its_grants_say(role, role_user, area_page):
    page = area_page("skoler", live=True)
    user = role_user(role)
    allowed = {action for action in ACTIONS if permissions.can(user, action, page)}
    assert allowed == EXPECTED[role]


def test_a_refusal_is_one_norwegian_sentence(role_user, area_page):
    page = area_page("skoler")
    with pytest.raises(PermissionDenied, match="Du har ikke rett til å redigere denne siden"):
        permissions.require(role_user("editors:barnehager"), permissions.EDIT, page)
    assert permissions.refusal("approve") == permissions.refusal("reject")


def test_review_actions_come_from_the_pages_task(role_user, area_page):
    editor = role_user("editors:skoler")
    page = area_page("skoler", owner=editor)
    approver = role_user("approvers")
    assert permissions.available_actions(page, editor) == ["submit", "lock"]
    assert not permissions.can(approver, "approve", page)  # nothing in review yet
    workflows.submit(page, editor)
    page = ContactPage.objects.get(pk=page.pk)
    assert permissions.can(approver, "approve", page) and permissions.can(approver, "reject", page)
    assert not permissions.can(editor, "approve", page)
    assert permissions.available_actions(page, approver) == ["approve", "reject", "publish", "lock"]


def test_unlocking_tells_an_outsider_nothing_and_an_editor_who_holds_the_lock(role_user, area_page):
    manager = role_user("managers:skoler")
    page = area_page("skoler")
    workflows.lock(page, manager)
    with pytest.raises(PermissionDenied) as outsider:
        workflows.unlock(page, role_user("editors:barnehager"))
    assert str(outsider.value) == permissions.refusal(permissions.UNLOCK)
    with pytest.raises(PermissionDenied, match=manager.get_username()):
        workflows.unlock(page, role_user("editors:skoler"))
    workflows.unlock(page, manager)
    assert not ContactPage.objects.get(pk=page.pk).locked


def test_the_kb_draft_endpoint_refuses_in_norwegian(client, role_user, api_token, area_page):
    page = area_page("skoler", live=True)
    page.title = "Utkast"
    page.save_revision()
    path = f"/api/v3/kb/contacts/{page.pk}/draft/"
    other = client.get(path, HTTP_AUTHORIZATION=api_token(role_user("editors:barnehager")))
    assert other.status_code == 403
    assert "Du har ikke rett til å lese utkast" in other.content.decode()
    own = client.get(path, HTTP_AUTHORIZATION=api_token(role_user("editors:skoler")))
    assert own.status_code == 200 and own.json()["title"] == "Utkast"


def test_the_editorial_api_asks_the_module(client, role_user, api_token, area_page):
    page = area_page("skoler", live=True)
    translator = {"HTTP_AUTHORIZATION": api_token(role_user("translators"))}
    for path, action in [
        (f"/api/v3/pages/{page.pk}/workflow/", permissions.SEE_WORKFLOW),
        (f"/api/v3/pages/{page.pk}/usage/", permissions.SEE_USAGE),
    ]:
        response = client.get(path, **translator)
        assert response.status_code == 403, path
        assert permissions.refusal(action) in response.content.decode()
    approver = role_user("approvers")
    state = client.get(f"/api/v3/pages/{page.pk}/workflow/", HTTP_AUTHORIZATION=api_token(approver))
    assert state.status_code == 200
    assert state.json()["actions"] == permissions.available_actions(page, approver)


def test_the_link_guard_asks_before_it_tells(client, role_user, api_token, area_page):
    """Only a caller the module lets through is told about links (409); the others get
    Wagtail's own 403 and learn nothing."""
    target = area_page("skoler", "Rektors telefon", live=True)
    source = area_page("kunnskapsbase", "Kontakter for skolen", live=True)
    RelatedLink.objects.create(source=source, target=target)
    source.save_revision().publish()
    url = f"/api/v3/pages/{target.pk}/actions/unpublish/"
    for role, status in [("editors:skoler", 403), ("approvers", 409)]:
        user = role_user(role)
        assert permissions.can(user, permissions.UNPUBLISH, target) == (status == 409)
        response = client.post(
            url, {}, content_type="application/json", HTTP_AUTHORIZATION=api_token(user)
        )
        assert response.status_code == status, role


def test_the_admin_dashboard_shows_editorial_panels_to_page_editors_only(
    client, role_user, django_user_model
):
    assert permissions.has_any_page_permission(role_user("editors:skoler"))
    client.force_login(role_user("editors:skoler", "skoleredaktor"))
    assert "content-health" in client.get(reverse("wagtailadmin_home")).content.decode()

    visitor = django_user_model.objects.create_user("besokende", "b@example.org", None)
    group = Group.objects.create(name="Bare admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    visitor.groups.add(group)
    assert not permissions.has_any_page_permission(visitor)
    client.force_login(visitor)
    assert "content-health" not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- the area of a page -------------------------------------------------------------------


def test_the_area_of_a_page_is_the_top_level_page_it_lives_in(area_page):
    areas = area_pages()
    assert {"skoler", "barnehager", "kunnskapsbase"} <= set(areas)
    assert all(page.depth == AREA_DEPTH for page in areas.values())
    assert area_of(area_page("skoler")) == "skoler"
    assert area_of(area_page("kunnskapsbase")) == "kunnskapsbase"  # in a folder of the area
    assert area_of(areas["barnehager"]) == "barnehager"  # the area page itself
    home = Page.objects.get(depth=2, locale=Locale.get_default())
    assert area_of(home) is None and area_of(Page.get_first_root_node()) is None
    paths = area_paths()
    assert paths_of_area("skoler", paths) == [areas["skoler"].path]
    assert area_of(area_page("slt"), paths) == "slt"  # one lookup for many pages
    assert area_titles() == {slug: page.title for slug, page in areas.items()}
