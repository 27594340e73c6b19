"""Workflow, locking, sharing and usage of pages, over API v3 with a bearer token.

Every route checks the same Wagtail permissions as the admin (website.workflows holds the
checks) and answers a refusal with a clear 4xx problem document: 401 without a valid token,
403 without the right, 404 for an unknown page, 409 when the page's state does not allow the
action (not in review, already locked), 422 for invalid input (a too-long comment).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, PositiveInt
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import Page, WorkflowState

from kb.api.schemas import documented
from website import sharing, workflows
from website.link_integrity import incoming_links
from website.roles import owner_of
from website.workflows import COMMENT_MAX_LENGTH

pages_router = Router(auth=BearerTokenAuth(), tags=["editorial"])
sharing_router = Router(auth=BearerTokenAuth(), tags=["editorial"])

# Every refusal is a problem document (RFC 9457), as Wagtail's API v3 gives them.
ERRORS = (400, 401, 403, 404, 422)
STATE_ERRORS = (*ERRORS, 409)


class LockSchema(Schema):
    locked: bool
    locked_by: str | None
    locked_at: datetime | None


class TaskStateSchema(Schema):
    task: str
    status: str
    revision_id: int
    started_at: datetime
    finished_at: datetime | None
    finished_by: str | None
    comment: str


class WorkflowStateSchema(Schema):
    page_id: int
    title: str
    live: bool
    has_unpublished_changes: bool
    owner: str = Field(description="The group that owns the page: its section's editors.")
    workflow: str | None = Field(description="The workflow that applies to the page.")
    status: str = Field(
        description="none, in_progress, needs_changes, approved or cancelled (the latest run)."
    )
    requested_by: str | None
    requested_at: datetime | None
    current_task: str | None
    history: list[TaskStateSchema] = Field(description="The tasks of the latest run, oldest first.")
    lock: LockSchema
    actions: list[str] = Field(
        description="What the token's user may do now: submit, approve, reject, publish, "
        "lock, unlock."
    )


NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL
SAYS_SOMETHING = r"^[^\x00]*[^\x00\s][^\x00]*$"  # not only spaces (NUL is not a space to \S)


class ApproveSchema(Schema):
    comment: str = Field("", max_length=COMMENT_MAX_LENGTH, pattern=NO_NUL)


class RejectSchema(Schema):
    comment: str = Field(
        ...,
        max_length=COMMENT_MAX_LENGTH,
        pattern=SAYS_SOMETHING,
        description="What the author should change (more than spaces); it reaches them by "
        "e-mail and in the admin.",
    )


class GroupRightsSchema(Schema):
    group: str
    role: str | None
    actions: list[str]
    granted_at: list[str]
    members: list[str]


class AreaSharingSchema(Schema):
    area: str
    title: str
    page_id: int
    owner: str
    workflow: str | None
    groups: list[GroupRightsSchema]
    superusers: list[str]


class IncomingLinkSchema(Schema):
    source_id: int
    source_type: str
    source_title: str
    target_id: int
    target_title: str
    fields: list[str]


def _name(user) -> str | None:
    return user.get_username() if user else None


def _page(page_id: int) -> Page:
    return get_object_or_404(Page, pk=page_id).specific


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
        "requested_by": _name(state.requested_by) if state else None,
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
                "finished_by": _name(task_state.finished_by),
                "comment": task_state.comment,
            }
            for task_state in task_states
        ],
        "lock": lock_data(page),
        "actions": workflows.available_actions(page, user),
    }


def lock_data(page: Page) -> dict:
    return {"locked": page.locked, "locked_by": _name(page.locked_by), "locked_at": page.locked_at}


@contextmanager
def conflicts_as_409() -> Iterator[None]:
    """A workflow or lock action that the page's state forbids is a 409 with its reason."""
    try:
        yield
    except workflows.Conflict as exc:
        raise HttpError(409, str(exc)) from exc


@pages_router.get(
    "/{page_id}/workflow/",
    **documented(WorkflowStateSchema, ERRORS),
    url_name="editorial_workflow_state",
    operation_id="pages_workflow_state",
    summary="Workflow state of a page",
)
def workflow_state(request: HttpRequest, page_id: PositiveInt):
    page = _page(page_id)
    if not workflows.can_see_workflow(page, request.user):
        raise PermissionDenied(_("Du har ikke tilgang til denne sidens arbeidsflyt."))
    return workflow_data(page, request.user)


@pages_router.post(
    "/{page_id}/actions/submit/",
    **documented(WorkflowStateSchema, STATE_ERRORS),
    url_name="editorial_submit",
    operation_id="pages_actions_submit",
    summary="Submit a page for review",
    description="Submits the latest revision to the page's workflow, or resubmits it after "
    "changes were requested. Needs the right to edit the page.",
)
def submit(request: HttpRequest, page_id: PositiveInt):
    page = _page(page_id)
    with conflicts_as_409():
        workflows.submit(page, request.user)
    return workflow_data(_page(page_id), request.user)


@pages_router.post(
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


@pages_router.post(
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
    page = _page(page_id)
    with conflicts_as_409():
        workflows.review(page, request.user, action, comment)
    return workflow_data(_page(page_id), request.user)


@pages_router.post(
    "/{page_id}/actions/lock/",
    **documented(LockSchema, STATE_ERRORS),
    url_name="editorial_lock",
    operation_id="pages_actions_lock",
    summary="Lock a page",
    description="Locks the page so that nobody else can edit it. 409 if it is locked already.",
)
def lock(request: HttpRequest, page_id: PositiveInt):
    page = _page(page_id)
    with conflicts_as_409():
        workflows.lock(page, request.user)
    return lock_data(page)


@pages_router.post(
    "/{page_id}/actions/unlock/",
    **documented(LockSchema, STATE_ERRORS),
    url_name="editorial_unlock",
    operation_id="pages_actions_unlock",
    summary="Unlock a page",
    description="Your own lock, or anyone's with the unlock right. 409 if it is not locked.",
)
def unlock(request: HttpRequest, page_id: PositiveInt):
    page = _page(page_id)
    with conflicts_as_409():
        workflows.unlock(page, request.user)
    return lock_data(page)


@pages_router.get(
    "/{page_id}/usage/",
    **documented(list[IncomingLinkSchema], ERRORS),
    url_name="editorial_usage",
    operation_id="pages_usage",
    summary="Who links to a page",
    description="Content that links to this page or to pages below it (relations, steps, "
    "chapters, rich text). Deleting, unpublishing or moving such a page needs "
    "`?confirm_links=true`.",
)
def usage(request: HttpRequest, page_id: PositiveInt):
    page = _page(page_id)
    perms = page.permissions_for_user(request.user)
    if not (perms.can_edit() or perms.can_publish()):
        raise PermissionDenied(_("Du har ikke tilgang til denne siden."))
    return [link.as_data() for link in incoming_links([page])]


@pages_router.get(
    "/{page_id}/sharing/",
    **documented(AreaSharingSchema, ERRORS),
    url_name="editorial_page_sharing",
    operation_id="pages_sharing",
    summary="Who can do what where a page lives",
    description="The sharing of the area (section or shared area) the page belongs to. "
    "For site managers, and for section managers in their own section.",
)
def page_sharing(request: HttpRequest, page_id: PositiveInt):
    from kb.models import section_of

    page = _page(page_id)
    slug = section_of(page) if page.depth >= 3 else None
    areas = sharing.visible_areas(request.user)
    if slug not in areas:
        raise PermissionDenied(_("Du kan ikke se hvem som har tilgang her."))
    return sharing.as_data(sharing.sharing_for(slug, areas[slug]))


@sharing_router.get(
    "/",
    **documented(list[AreaSharingSchema], (400, 401, 403)),
    url_name="editorial_sharing",
    operation_id="sharing_list",
    summary="Who can do what, per area",
    description="Every area the token's user may see the sharing of: all for site managers, "
    "their own sections for section managers.",
)
def sharing_list(request: HttpRequest):
    areas = sharing.visible_areas(request.user)
    if not areas:
        raise PermissionDenied(_("Du kan ikke se hvem som har tilgang hvor."))
    return [sharing.as_data(sharing.sharing_for(slug, page)) for slug, page in areas.items()]
