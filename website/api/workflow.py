"""A page's workflow over API v3: its state, and submit, approve and reject."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Body, Router
from pydantic import PositiveInt
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import Page, WorkflowState

from kb import permissions
from kb.api.schemas import documented
from website import workflows
from website.api.common import conflicts_as_409, get_page, username
from website.api.locking import lock_data
from website.api.schemas import (
    ERRORS,
    STATE_ERRORS,
    ApproveSchema,
    RejectSchema,
    WorkflowStateSchema,
)
from website.roles import owner_of

router = Router(auth=BearerTokenAuth(), tags=["editorial"])


def workflow_data(page: Page, user) -> dict:
    state = workflows.current_state(page)
    task_states = []
    if state is not None:
        task_states = state.task_states.select_related("task", "finished_by").order_by(
            "started_at", "pk"
        )
    return {
        "page_id": page.pk,
        "title": page.get_admin_display_title(),
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "owner": owner_of(page).group_name,
        "workflow": page.get_workflow().name if page.get_workflow() else None,
        "status": state.status if state else "none",
        "requested_by": username(state.requested_by) if state else None,
        "requested_at": state.created_at if state else None,
        "current_task": (
            state.current_task_state.task.name
            if state and state.status == WorkflowState.STATUS_IN_PROGRESS
            else None
        ),
        "history": [
            {
                "task": task_state.task.name,
                "status": task_state.status,
                "revision_id": task_state.revision_id,
                "started_at": task_state.started_at,
                "finished_at": task_state.finished_at,
                "finished_by": username(task_state.finished_by),
                "comment": task_state.comment,
            }
            for task_state in task_states
        ],
        "lock": lock_data(page),
        "actions": permissions.available_actions(page, user),
    }


@router.get(
    "/{page_id}/workflow/",
    **documented(WorkflowStateSchema, ERRORS),
    url_name="editorial_workflow_state",
    operation_id="pages_workflow_state",
    summary="Workflow state of a page",
)
def workflow_state(request: HttpRequest, page_id: PositiveInt):
    page = get_page(page_id)
    permissions.require(request.user, permissions.SEE_WORKFLOW, page)
    return workflow_data(page, request.user)


@router.post(
    "/{page_id}/actions/submit/",
    **documented(WorkflowStateSchema, STATE_ERRORS),
    url_name="editorial_submit",
    operation_id="pages_actions_submit",
    summary="Submit a page for review",
    description="Submits the latest revision to the page's workflow, or resubmits it after "
    "changes were requested. Needs the right to edit the page.",
)
def submit(request: HttpRequest, page_id: PositiveInt):
    page = get_page(page_id)
    with conflicts_as_409():
        workflows.submit(page, request.user)
    return workflow_data(get_page(page_id), request.user)


@router.post(
    "/{page_id}/actions/approve/",
    **documented(WorkflowStateSchema, STATE_ERRORS),
    url_name="editorial_approve",
    operation_id="pages_actions_approve",
    summary="Approve a page in review",
    description="Approves the current task; approving the last task publishes the page.",
)
def approve(
    request: HttpRequest,
    page_id: PositiveInt,
    data: ApproveSchema = Body(ApproveSchema()),  # noqa: B008
):
    return _review(request, page_id, "approve", data.comment)


@router.post(
    "/{page_id}/actions/reject/",
    **documented(WorkflowStateSchema, STATE_ERRORS),
    url_name="editorial_reject",
    operation_id="pages_actions_reject",
    summary="Reject a page in review, with a comment",
    description="Sends the page back to its author, who gets the comment.",
)
def reject(request: HttpRequest, page_id: PositiveInt, data: RejectSchema):
    return _review(request, page_id, "reject", data.comment)


def _review(request: HttpRequest, page_id: int, action: str, comment: str) -> dict:
    page = get_page(page_id)
    with conflicts_as_409():
        workflows.review(page, request.user, action, comment)
    return workflow_data(get_page(page_id), request.user)
