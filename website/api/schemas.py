"""The editorial API's request and response schemas (typed, so OpenAPI documents them)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from website.workflows import COMMENT_MAX_LENGTH

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
