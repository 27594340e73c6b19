"""The permission matrix: every editorial role × add/edit/submit/approve/publish/delete/lock ×
own section, another section and the shared area, through the admin's real views and through
API v3 with a bearer token. Each case does the action and checks whether it took effect."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from kb.models import ContactPage, ResourcePage
from website.roles import area_pages
from website.structure import FOLDERS

pytestmark = pytest.mark.django_db

AREAS = ("skoler", "barnehager", "kunnskapsbase")  # own/other section for the schools roles
ACTIONS = ("add", "edit", "submit", "approve", "publish", "delete", "lock")
WRITE = {"add", "edit", "submit", "delete", "lock"}
EVERYTHING = set(ACTIONS)
REVIEW = {"approve", "publish", "lock"}

EXPECTED: dict[str, dict[str, set[str]]] = {
    "editors:skoler": {"skoler": WRITE, "barnehager": set(), "kunnskapsbase": set()},
    "managers:skoler": {"skoler": WRITE, "barnehager": set(), "kunnskapsbase": set()},
    "kb-editors": {"skoler": set(), "barnehager": set(), "kunnskapsbase": WRITE},
    "approvers": {area: REVIEW for area in AREAS},
    "translators": {area: set() for area in AREAS},
    "site-managers": {area: EVERYTHING for area in AREAS},
}
CASES = [(role, area, action) for role in EXPECTED for area in AREAS for action in ACTIONS]


def case_id(case) -> str:
    role, area, action = case
    return f"{role}-{action}-{area}"


def parent_for(area: str) -> Page:
    page = area_pages()[area]
    if area == "kunnskapsbase":
        return page.get_children().get(slug=FOLDERS["contact"].slug)
    return page


@pytest.fixture
def submitter(role_user):
    return role_user("site-managers", "submitter")


def in_review(page: ContactPage, by) -> ContactPage:
    page.get_workflow().start(page, by)
    return ContactPage.objects.get(pk=page.pk)


# --- through the admin --------------------------------------------------------------------


def edit_form(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    if response.status_code != 200:
        return None
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key in [key for key in data if key.startswith("action-")]:
        del data[key]
    return data


def admin_does(client, action: str, area: str, area_page, submitter) -> bool:
    """Do the action as the admin does it; True if it took effect."""
    if action == "add":
        parent = parent_for(area)
        url = reverse("wagtailadmin_pages:add", args=["kb", "contactpage", parent.pk])
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (302, 403)
            return False
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
        data.update(
            {
                "title": "Ny kontakt",
                "slug": "ny-kontakt-admin",
                "summary": "Ny.",
                "phone": "22 22 22 22",
                "kind": "municipal",
            }
        )
        client.post(url, data)
        return ContactPage.objects.child_of(parent).filter(slug="ny-kontakt-admin").exists()

    page = area_page(area)
    if action == "approve":
        page = in_review(page, submitter)
        task_state = page.current_workflow_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
        )
        client.post(url, {"comment": ""})
        return ContactPage.objects.get(pk=page.pk).live
    if action == "delete":
        response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        assert response.status_code in (200, 302, 403)
        return not Page.objects.filter(pk=page.pk).exists()
    if action == "lock":
        client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
        return ContactPage.objects.get(pk=page.pk).locked

    data = edit_form(client, page)
    if data is None:
        if action == "publish":  # no editor: the explorer's bulk action is the way to publish
            url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
            client.post(f"{url}?id={page.pk}")
            return ContactPage.objects.get(pk=page.pk).live
        return False
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if action == "edit":
        data["title"] = "Redigert i admin"
        client.post(edit_url, data)
        return ContactPage.objects.get(pk=page.pk).get_latest_revision().object_str == (
            "Redigert i admin"
        )
    if action == "submit":
        data["action-submit"] = "1"
        client.post(edit_url, data)
        return ContactPage.objects.get(pk=page.pk).workflow_in_progress
    if action == "publish":
        data["action-publish"] = "1"
        client.post(edit_url, data)
        return ContactPage.objects.get(pk=page.pk).live
    raise AssertionError(action)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_admin(client, role_user, area_page, submitter, case):
    role, area, action = case
    client.force_login(role_user(role))
    allowed = action in EXPECTED[role][area]
    assert admin_does(client, action, area, area_page, submitter) is allowed


# --- through the API ----------------------------------------------------------------------


def api_does(client, header: str, action: str, area: str, area_page, submitter) -> bool:
    """Do the action through API v3; True if it succeeded (and then it took effect)."""
    kwargs = {"HTTP_AUTHORIZATION": header, "content_type": "application/json"}
    if action == "add":
        parent = parent_for(area)
        if area == "kunnskapsbase":
            parent = area_pages()[area].get_children().get(slug=FOLDERS["resource"].slug)
        body = {
            "meta": {"type": "kb.ResourcePage", "parent_id": parent.pk},
            "title": "Ny",
            "summary": "En ny ressurs.",
            "external_url": "https://example.org/ressurs",
            "publisher": "Utgiver",
            "kind": "guide",
            "description": "<p>Om ressursen.</p>",
        }
        body["slug"] = "ny-ressurs-api"
        response = client.post("/api/v3/pages/", body, **kwargs)
        created = ResourcePage.objects.child_of(parent).filter(slug="ny-ressurs-api").exists()
        return _outcome(response, 201, created)

    page = area_page(area)
    base = f"/api/v3/pages/{page.pk}"
    if action == "edit":
        body = {"meta": {"type": "kb.ContactPage"}, "title": "Redigert i API"}
        response = client.patch(f"{base}/", body, **kwargs)
        title = ContactPage.objects.get(pk=page.pk).get_latest_revision().object_str
        return _outcome(response, 200, title == "Redigert i API")
    if action == "submit":
        response = client.post(f"{base}/actions/submit/", **kwargs)
        return _outcome(response, 200, ContactPage.objects.get(pk=page.pk).workflow_in_progress)
    if action == "approve":
        page = in_review(page, submitter)
        response = client.post(f"{base}/actions/approve/", {"comment": "Fint"}, **kwargs)
        return _outcome(response, 200, ContactPage.objects.get(pk=page.pk).live)
    if action == "publish":
        response = client.post(f"{base}/actions/publish/", **kwargs)
        return _outcome(response, 200, ContactPage.objects.get(pk=page.pk).live)
    if action == "delete":
        response = client.delete(f"{base}/", **kwargs)
        return _outcome(response, 204, not Page.objects.filter(pk=page.pk).exists())
    if action == "lock":
        response = client.post(f"{base}/actions/lock/", **kwargs)
        return _outcome(response, 200, ContactPage.objects.get(pk=page.pk).locked)
    raise AssertionError(action)


def _outcome(response, success_status: int, took_effect: bool) -> bool:
    if response.status_code == success_status:
        assert took_effect, response.content
        return True
    assert response.status_code == 403, (response.status_code, response.content)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]
    assert not took_effect
    return False


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_api(client, role_user, api_token, area_page, submitter, case):
    role, area, action = case
    header = api_token(role_user(role))
    allowed = action in EXPECTED[role][area]
    assert api_does(client, header, action, area, area_page, submitter) is allowed


def test_every_role_is_in_the_matrix():
    from website.roles import ROLES

    covered = {key.split(":")[0] for key in EXPECTED}
    assert {role.key.split(":")[0] for role in ROLES} == covered


def test_submitted_page_is_only_reviewed_by_approvers(client, role_user, area_page, submitter):
    page = in_review(area_page("skoler"), submitter)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    task = page.current_workflow_task
    for role, can in [("editors:skoler", False), ("approvers", True), ("site-managers", True)]:
        user = role_user(role, f"reviewer-{role}")
        assert bool(task.get_actions(page, user)) is can, role
