"""Review before publishing, end to end: the schools editor writes a routine in the admin and
submits it, the approver rejects it with a comment the editor sees, then approves it and it
is live. The same through API v3, and bad input that gets a clear 4xx and changes nothing."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from kb.models import ContactPage, RoutinePage
from kb.signals import add_months
from website.roles import area_pages
from website.workflows import COMMENT_MAX_LENGTH
from website.workflows import submit as submit_page

from .test_permissions_matrix import edit_form, querydict_from_html

pytestmark = pytest.mark.django_db

REJECTION = "Legg til telefonnummeret til rektor i steg 1."


def routine_form(client, parent: Page) -> tuple[str, dict]:
    url = reverse("wagtailadmin_pages:add", args=["kb", "routinepage", parent.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html  # editors get no publish button
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "title": "Lokal rutine ved bekymring på skolen",
                "slug": "lokal-rutine",
                "summary": "Hva ansatte på skolen gjør først.",
                "intro": rich_text("<p>Gjelder alle skoler i kommunen.</p>"),
                "steps": streamfield(
                    [
                        (
                            "step",
                            {
                                "title": "Snakk med rektor",
                                "routes": "ansatte",
                                "actor": "Kontaktlærer",
                                "body": rich_text("<p>Samme dag.</p>"),
                                "links": {"count": 0},
                            },
                        )
                    ]
                ),
            }
        )
    )
    return url, data


def panel_text(client, panel_id: str) -> str:
    """The text of one panel of the dashboard ("" if it is not shown)."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = BeautifulSoup(html, "html.parser").find(id=f"{panel_id}-section")
    return panel.get_text(" ", strip=True) if panel else ""


def approver_action(client, page: Page, action: str, comment: str = ""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_schools_editor_to_live_page_through_the_admin(client, role_user, area_page):
    editor = role_user("editors:skoler")
    approver = role_user("approvers")
    skoler, barnehager = area_pages()["skoler"], area_pages()["barnehager"]
    other = area_page("barnehager", "Barnehagens kontakt", live=True)

    # The editor writes a local routine in the schools section and submits it.
    client.force_login(editor)
    url, created = routine_form(client, skoler)
    response = client.post(url, {**created.dict(), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    routine = RoutinePage.objects.child_of(skoler).get(slug="lokal-rutine")
    assert not routine.live
    assert routine.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert routine.current_workflow_state.requested_by == editor
    assert routine.get_latest_revision().as_object().steps[0].value["actor"] == "Kontaktlærer"

    # ... cannot touch the kindergartens' section: no editor, no add view, no explorer.
    for denied in (
        reverse("wagtailadmin_pages:edit", args=[other.pk]),
        reverse("wagtailadmin_pages:add", args=["kb", "routinepage", barnehager.pk]),
    ):
        assert client.get(denied)["Location"] == reverse("wagtailadmin_home"), denied
    explorer = client.get(reverse("wagtailadmin_explore", args=[barnehager.pk]))
    assert explorer["Location"] == reverse("wagtailadmin_explore", args=[skoler.pk])
    # ... and cannot publish their own page.
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{bulk}?id={routine.pk}")
    assert not RoutinePage.objects.get(pk=routine.pk).live

    # The approver sees it waiting on the dashboard, and asks for changes.
    client.force_login(approver)
    assert routine.title in panel_text(client, "awaiting-review")
    mail.outbox.clear()
    approver_action(client, routine, "reject", REJECTION)
    routine = RoutinePage.objects.get(pk=routine.pk)
    assert routine.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not routine.live

    # The comment reaches the editor: by e-mail, on the dashboard, in the workflow history.
    to_editor = [message for message in mail.outbox if editor.email in message.to]
    assert to_editor and REJECTION in to_editor[0].body
    client.force_login(editor)
    feedback = panel_text(client, "review-feedback")
    assert REJECTION in feedback and routine.title in feedback
    state = routine.current_workflow_state
    history = client.get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[routine.pk, state.pk])
    )
    assert REJECTION in history.content.decode()
    editor_view = client.get(reverse("wagtailadmin_pages:edit", args=[routine.pk]))
    assert f"ba om endringer: «{REJECTION}»" in editor_view.content.decode()

    # The editor fixes the page and resubmits; the approver approves; it is live.
    steps = {key: value for key, value in created.items() if key.startswith("steps-")}
    data = edit_form(client, routine)
    data.update(steps)  # the stream is drawn by JavaScript, so the form HTML has no inputs
    data["title"] = "Lokal rutine ved bekymring i skolen"
    data["action-submit"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[routine.pk]), data)
    routine = RoutinePage.objects.get(pk=routine.pk)
    assert routine.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    client.force_login(approver)
    approver_action(client, routine, "approve")
    routine = RoutinePage.objects.get(pk=routine.pk)
    assert routine.live and routine.title == "Lokal rutine ved bekymring i skolen"
    assert client.get(routine.url).status_code == 200
    assert routine.review_by == add_months(timezone.localdate(), 12)
    actions = list(
        PageLogEntry.objects.filter(page=routine)
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    for action in ("wagtail.workflow.start", "wagtail.workflow.reject", "wagtail.publish"):
        assert action in actions


def test_the_same_story_through_the_api(client, role_user, api_token, area_page):
    editor, approver = role_user("editors:skoler"), role_user("approvers")
    as_editor = {"HTTP_AUTHORIZATION": api_token(editor), "content_type": "application/json"}
    as_approver = {"HTTP_AUTHORIZATION": api_token(approver), "content_type": "application/json"}
    page = area_page("skoler", owner=editor)
    other = area_page("barnehager")
    base = f"/api/v3/pages/{page.pk}"

    state = client.get(f"{base}/workflow/", **as_editor).json()
    assert state["status"] == "none" and state["workflow"] == "Publisering: Skoler"
    assert state["owner"] == "Redaktører: Skoler"
    assert "submit" in state["actions"] and "publish" not in state["actions"]
    for url in (
        f"/api/v3/pages/{other.pk}/actions/submit/",
        f"/api/v3/pages/{other.pk}/actions/publish/",
        f"{base}/actions/publish/",
    ):
        assert client.post(url, **as_editor).status_code == 403, url
    patch = {"meta": {"type": "kb.ContactPage"}, "title": "Ikke min"}
    assert client.patch(f"/api/v3/pages/{other.pk}/", patch, **as_editor).status_code == 403
    publish = {"meta": {"type": "kb.ContactPage", "action": "publish"}, "title": "Min egen"}
    assert client.patch(f"{base}/", publish, **as_editor).status_code == 403
    assert not ContactPage.objects.get(pk=page.pk).live

    response = client.post(f"{base}/actions/submit/", **as_editor)
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["current_task"].startswith("Godkjenning")

    waiting = client.get(f"{base}/workflow/", **as_approver).json()
    assert set(waiting["actions"]) >= {"approve", "reject"}
    response = client.post(f"{base}/actions/reject/", {"comment": REJECTION}, **as_approver)
    assert response.status_code == 200 and response.json()["status"] == "needs_changes"

    seen = client.get(f"{base}/workflow/", **as_editor).json()
    assert seen["history"][-1]["status"] == "rejected"
    assert seen["history"][-1]["comment"] == REJECTION
    assert seen["history"][-1]["finished_by"] == approver.username

    assert client.post(f"{base}/actions/submit/", **as_editor).json()["status"] == "in_progress"
    response = client.post(f"{base}/actions/approve/", {"comment": "Bra!"}, **as_approver)
    assert response.status_code == 200
    assert response.json()["status"] == "approved" and response.json()["live"]
    assert ContactPage.objects.get(pk=page.pk).live

    revisions = client.get(f"{base}/revisions/", **as_editor)
    assert revisions.status_code == 200
    assert (
        revisions.json()["items"][0]["id"] == ContactPage.objects.get(pk=page.pk).live_revision_id
    )


# --- bad input: a clear 4xx, and nothing changes ---------------------------------------------


def snapshot(page: Page) -> tuple:
    page = Page.objects.get(pk=page.pk)
    return (
        page.live,
        page.locked,
        page.locked_by_id,
        Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        list(WorkflowState.objects.for_instance(page).values_list("status", flat=True)),
        list(TaskState.objects.for_instance(page).values_list("status", "comment")),
        PageLogEntry.objects.filter(page=page).count(),
    )


def problem(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    return body["detail"]


@pytest.fixture
def as_role(client, role_user, api_token):
    def make(key: str, username: str | None = None) -> dict:
        user = role_user(key, username)
        return {"HTTP_AUTHORIZATION": api_token(user), "content_type": "application/json"}

    return make


def test_approving_what_is_not_in_review(client, as_role, area_page):
    page = area_page("skoler")
    before = snapshot(page)
    detail = problem(
        client.post(f"/api/v3/pages/{page.pk}/actions/approve/", **as_role("approvers")), 409
    )
    assert "venter ikke på godkjenning" in detail
    assert snapshot(page) == before


def test_submitting_twice(client, as_role, area_page):
    headers = as_role("editors:skoler")
    page = area_page("skoler")
    assert client.post(f"/api/v3/pages/{page.pk}/actions/submit/", **headers).status_code == 200
    before = snapshot(page)
    detail = problem(client.post(f"/api/v3/pages/{page.pk}/actions/submit/", **headers), 409)
    assert "allerede" in detail
    assert snapshot(page) == before


def test_locking_a_locked_page_and_unlocking_an_unlocked_one(client, as_role, area_page):
    page = area_page("skoler")
    first, second = as_role("editors:skoler"), as_role("editors:skoler", "kollega")
    response = client.post(f"/api/v3/pages/{page.pk}/actions/lock/", **first)
    assert response.status_code == 200 and response.json()["locked_by"] == "redaktor-skoler"
    before = snapshot(page)
    detail = problem(client.post(f"/api/v3/pages/{page.pk}/actions/lock/", **second), 409)
    assert "allerede låst av redaktor-skoler" in detail
    # Someone else's lock cannot be lifted without the unlock right ...
    problem(client.post(f"/api/v3/pages/{page.pk}/actions/unlock/", **second), 403)
    # ... nor the page edited meanwhile.
    patch = {"meta": {"type": "kb.ContactPage"}, "title": "Mens den er låst"}
    assert client.patch(f"/api/v3/pages/{page.pk}/", patch, **second).status_code == 403
    assert snapshot(page) == before
    # The section manager may unlock it; then unlocking again is a conflict.
    manager = as_role("managers:skoler")
    assert client.post(f"/api/v3/pages/{page.pk}/actions/unlock/", **manager).status_code == 200
    before = snapshot(page)
    problem(client.post(f"/api/v3/pages/{page.pk}/actions/unlock/", **manager), 409)
    assert snapshot(page) == before


@pytest.mark.parametrize(
    "comment",
    ["", "   \n ", "Ja\x00nei", "Ja\ud800nei", "x" * (COMMENT_MAX_LENGTH + 1)],
    ids=["empty", "spaces", "nul", "lone-surrogate", "too-long"],
)
def test_rejecting_needs_a_comment_of_sensible_length(
    client, as_role, area_page, role_user, comment
):
    page = area_page("skoler")
    submit_page(page, role_user("editors:skoler"))
    before = snapshot(page)
    response = client.post(
        f"/api/v3/pages/{page.pk}/actions/reject/", {"comment": comment}, **as_role("approvers")
    )
    assert problem(response, 422) == "Validation failed"
    assert response.json()["errors"][0]["loc"][-1] == "comment"
    assert snapshot(page) == before


def test_a_too_long_approval_comment(client, as_role, area_page, role_user):
    page = area_page("skoler")
    submit_page(page, role_user("editors:skoler"))
    before = snapshot(page)
    body = {"comment": "x" * (COMMENT_MAX_LENGTH + 1)}
    response = client.post(
        f"/api/v3/pages/{page.pk}/actions/approve/", body, **as_role("approvers")
    )
    problem(response, 422)
    assert snapshot(page) == before


def test_a_token_without_rights(client, api_token, django_user_model, area_page, role_user):
    nobody = django_user_model.objects.create_user("ingen-rolle", "ingen@example.org")
    headers = {"HTTP_AUTHORIZATION": api_token(nobody), "content_type": "application/json"}
    page = area_page("skoler")
    submit_page(page, role_user("editors:skoler"))
    before = snapshot(page)
    base = f"/api/v3/pages/{page.pk}"
    for method, url in [
        ("get", f"{base}/workflow/"),
        ("post", f"{base}/actions/approve/"),
        ("post", f"{base}/actions/submit/"),
        ("post", f"{base}/actions/lock/"),
        ("get", f"{base}/usage/"),
        ("get", f"{base}/sharing/"),
        ("get", "/api/v3/sharing/"),
    ]:
        assert problem(getattr(client, method)(url, **headers), 403), url
    assert snapshot(page) == before


def test_without_a_token_or_with_a_bad_one(client, area_page):
    page = area_page("skoler")
    before = snapshot(page)
    url = f"/api/v3/pages/{page.pk}/actions/lock/"
    problem(client.post(url), 401)
    problem(client.post(url, HTTP_AUTHORIZATION="Bearer not-a-token"), 401)
    assert snapshot(page) == before


def test_an_unknown_page(client, as_role):
    missing = Page.objects.order_by("-pk").first().pk + 1000
    problem(client.post(f"/api/v3/pages/{missing}/actions/submit/", **as_role("approvers")), 404)


def test_the_editorial_actions_are_in_the_openapi_document(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    for path in (
        "/api/v3/pages/{page_id}/workflow/",
        "/api/v3/pages/{page_id}/actions/submit/",
        "/api/v3/pages/{page_id}/actions/approve/",
        "/api/v3/pages/{page_id}/actions/reject/",
        "/api/v3/pages/{page_id}/actions/lock/",
        "/api/v3/pages/{page_id}/actions/unlock/",
        "/api/v3/pages/{page_id}/revisions/",
        "/api/v3/pages/{page_id}/usage/",
        "/api/v3/pages/{page_id}/sharing/",
        "/api/v3/sharing/",
    ):
        assert path in paths, path


# --- safety nets in the admin: locking, history, scheduling, audit log ----------------------


def test_locking_in_the_admin(client, role_user, area_page):
    page = area_page("skoler")
    editor, colleague = role_user("editors:skoler"), role_user("editors:skoler", "kollega")
    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    assert ContactPage.objects.get(pk=page.pk).locked_by == editor

    client.force_login(colleague)
    data = edit_form(client, page)
    data["title"] = "Kollegaens endring"
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert ContactPage.objects.get(pk=page.pk).get_latest_revision().object_str == page.title
    client.post(reverse("wagtailadmin_pages:unlock", args=[page.pk]))
    assert ContactPage.objects.get(pk=page.pk).locked

    client.force_login(role_user("managers:skoler"))
    client.post(reverse("wagtailadmin_pages:unlock", args=[page.pk]))
    assert not ContactPage.objects.get(pk=page.pk).locked
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unlock").exists()


def test_history_comparison_and_revert_as_an_editor(client, role_user, area_page):
    editor = role_user("editors:skoler")
    page = area_page("skoler", "Første tittel")
    first = page.get_latest_revision()
    page.title = "Andre tittel"
    page.save_revision(user=editor)
    client.force_login(editor)

    assert client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code == 200
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, "latest"])
    )
    assert compare.status_code == 200
    assert "Første" in compare.content.decode()
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk]))
    assert revert.status_code == 200
    data = querydict_from_html(revert.content.decode(), form_id="page-edit-form")
    data.pop("action-publish", None)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert ContactPage.objects.get(pk=page.pk).get_latest_revision().object_str == "Første tittel"


def test_scheduled_publishing_and_expiry_after_approval(client, role_user, area_page):
    editor, approver = role_user("editors:skoler"), role_user("approvers")
    page = area_page("skoler")
    client.force_login(editor)
    data = edit_form(client, page)
    minute = datetime.timedelta(minutes=1)
    go_live = (timezone.localtime() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    expire = go_live + datetime.timedelta(days=30)
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    data["expire_at"] = expire.strftime("%Y-%m-%d %H:%M")
    data["action-submit"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page = ContactPage.objects.get(pk=page.pk)
    assert page.workflow_in_progress

    client.force_login(approver)
    approver_action(client, page, "approve")
    page = ContactPage.objects.get(pk=page.pk)
    revision = page.get_latest_revision()
    assert not page.live and revision.approved_go_live_at is not None  # scheduled, not live

    # Time passes: the scheduled revision goes live, then expires.
    with mock.patch("django.utils.timezone.now", return_value=go_live + minute):
        call_command("publish_scheduled", verbosity=0)
    page = ContactPage.objects.get(pk=page.pk)
    assert page.live and not page.expired
    with mock.patch("django.utils.timezone.now", return_value=expire + minute):
        call_command("publish_scheduled", verbosity=0)
    page = ContactPage.objects.get(pk=page.pk)
    assert not page.live and page.expired


def test_the_audit_log_shows_who_did_what(client, role_user, area_page):
    editor, manager = role_user("editors:skoler"), role_user("site-managers")
    page = area_page("skoler", "Loggført kontakt")
    submit_page(page, editor)
    client.force_login(manager)
    history = client.get(reverse("wagtailadmin_reports:site_history"), {"action": ""})
    assert history.status_code == 200
    text = history.content.decode()
    assert "Loggført kontakt" in text and editor.username in text
    client.force_login(editor)
    own = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert own.status_code == 200 and "Loggført kontakt" in own.content.decode()
