"""Review in the admin as in the API: a rejection needs a comment (website.models.ReviewTask),
and every notification e-mail of the review is Norwegian, subject and body."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import WorkflowState

from website import workflows
from website.models import ReviewTask

pytestmark = pytest.mark.django_db

REJECTION = "Legg til åpningstidene."
# Words of Wagtail's English notifications; none may be left.
ENGLISH = re.compile(
    r"\b(has been|Hello|You can|submitted|approved|rejected|moderation|workflow|Edit your|"
    r"page|comment was left|stage)\b",
    re.IGNORECASE,
)


@pytest.fixture
def in_review(role_user, area_page):
    editor, approver = role_user("editors:skoler"), role_user("approvers")
    page = area_page("skoler", "Helsesykepleier på skolen", owner=editor)
    workflows.submit(page, editor)
    return page, editor, approver


def texts(message) -> list[str]:
    return [message.subject, message.body, *(body for body, _type in message.alternatives)]


def assert_norwegian(messages, *expected: str) -> None:
    assert messages, "no e-mail was sent"
    for message in messages:
        for text in texts(message):
            visible = re.sub(r"<[^>]+>|https?://\S+|#tab-\S+", " ", text)
            assert not ENGLISH.search(visible), (message.subject, ENGLISH.search(visible), text)
        assert any(word in message.body for word in expected), message.body
        assert "Helsesykepleier på skolen" in message.subject


def test_the_approval_task_is_the_review_task():
    assert ReviewTask.objects.filter(name=workflows.APPROVAL_TASK_NAME, active=True).exists()


def test_submitting_sends_norwegian_mail_to_the_approvers(role_user, area_page):
    editor, approver = role_user("editors:skoler"), role_user("approvers")
    page = area_page("skoler", "Helsesykepleier på skolen", owner=editor)
    mail.outbox.clear()
    workflows.submit(page, editor)
    to_approver = [m for m in mail.outbox if approver.email in m.to]
    assert_norwegian(to_approver, "venter på godkjenning")
    assert to_approver[0].subject.startswith("Venter på din godkjenning")


def test_approving_sends_norwegian_mail(in_review):
    page, editor, approver = in_review
    mail.outbox.clear()
    workflows.review(page, approver, "approve")
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert_norwegian(to_editor, "er godkjent")


def test_rejecting_sends_norwegian_mail_with_the_comment(in_review):
    page, editor, approver = in_review
    mail.outbox.clear()
    workflows.review(page, approver, "reject", REJECTION)
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert_norwegian(to_editor, "ber om endringer")
    assert any(f"«{REJECTION}»" in m.body for m in to_editor)
    assert any(m.subject.startswith("Sendt tilbake med kommentar") for m in to_editor)


def workflow_action_url(page) -> str:
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])


def test_the_admin_refuses_a_rejection_without_a_comment(client, in_review):
    page, _editor, approver = in_review
    client.force_login(approver)
    url = workflow_action_url(page)
    # The modal asks for the comment, in Norwegian, and marks it required.
    modal = client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()["html"]
    assert "Hva må endres?" in modal and "required" in modal
    for blank in ("", "   "):
        response = client.post(url, {"comment": blank}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        assert response.status_code == 200
        assert "Skriv hva som må endres" in response.json()["html"]
        client.post(url, {"comment": blank})  # without the modal: nothing happens either
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    response = client.post(url, {"comment": REJECTION}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.json()["step"] == "success"
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_the_task_refuses_a_rejection_without_a_comment_from_any_path(in_review):
    page, _editor, approver = in_review
    task_state = page.current_workflow_task_state
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, approver, "reject", comment="")
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_review_actions_are_norwegian(in_review):
    page, _editor, approver = in_review
    task = page.current_workflow_task_state.task.specific
    labels = [label for _name, label, _modal in task.get_actions(page, approver)]
    assert labels == ["Be om endringer", "Godkjenn", "Godkjenn med kommentar"]
