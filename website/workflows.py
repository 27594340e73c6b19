"""Review before publishing, on Wagtail's workflows: one approval task (the approvers and the
site managers), a workflow on every section and on the shared area, and one on the tree root
for everything else (the home page, the plans and the translated trees).

The operations below are what the API offers; they ask kb.permissions, which answers from
Wagtail's own page permissions as the admin's views do, and change nothing unless every check
passes.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    GroupApprovalTask,
    Page,
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from kb import permissions
from search.models import ThesaurusConcept
from website.models import REVIEW_COMMENT_MAX_LENGTH, ReviewTask
from website.roles import APPROVERS, ROOT, SITE_MANAGERS, area_pages, grant_pages, group_for
from website.structure import SECTIONS, SHARED_AREA

APPROVAL_TASK_NAME = "Godkjenning: SLT-koordinator og strategisk gruppe"
ROOT_WORKFLOW_NAME = "Publisering: hele nettstedet"
TAXONOMY_WORKFLOW_NAME = "Publisering: klassifisering"
# The snippets that change what the API answers, reviewed like pages (kb.models.taxonomy).
REVIEWED_SNIPPETS = ("kb.Topic", "kb.Audience")
# Wagtail's starter workflow (on the root, approved by its starter Moderators group).
WAGTAIL_STARTER_NAME = "Moderators approval"
COMMENT_MAX_LENGTH = REVIEW_COMMENT_MAX_LENGTH


class Conflict(Exception):
    """The page is not in a state that allows the action (HTTP 409)."""


def area_workflow_name(title: str) -> str:
    return f"Publisering: {title}"


# --- bootstrap ---------------------------------------------------------------------------


def ensure_workflows() -> list[str]:
    """Create or repair the approval task and the workflows, and assign them. Idempotent;
    returns what was changed, for the command's output."""
    changes: list[str] = []
    task = _ensure_task(changes)
    for slug, page in area_pages().items():
        if slug in SECTIONS or slug == SHARED_AREA.slug:  # the plans follow the root workflow
            workflow = _ensure_workflow(area_workflow_name(page.title), task, changes)
            _assign(workflow, page, changes)
    root_workflow = _ensure_workflow(ROOT_WORKFLOW_NAME, task, changes)
    for page in grant_pages(ROOT):
        _assign(root_workflow, page, changes)
    _assign_snippet(root_workflow, ThesaurusConcept, changes)
    taxonomy_workflow = _ensure_workflow(TAXONOMY_WORKFLOW_NAME, task, changes)
    for label in REVIEWED_SNIPPETS:
        _assign_snippet(taxonomy_workflow, apps.get_model(label), changes)
    _retire_starter_workflow(changes)
    return changes


def _active(model, name: str, label: str, changes: list[str]):
    """The active ``model`` (a task or a workflow) called ``name``, created if missing."""
    instance, created = model.objects.get_or_create(name=name)
    if created:
        changes.append(f"{label} «{name}» created")
    if not instance.active:
        instance.active = True
        instance.save(update_fields=["active"])
    return instance


def _ensure_task(changes: list[str]) -> ReviewTask:
    task = _active(ReviewTask, APPROVAL_TASK_NAME, "task", changes)
    groups = [group for group in (group_for(APPROVERS), group_for(SITE_MANAGERS)) if group]
    if set(task.groups.all()) != set(groups):
        task.groups.set(groups)
        changes.append(f"task «{task.name}»: approvers set")
    return task


def _ensure_workflow(name: str, task: ReviewTask, changes: list[str]) -> Workflow:
    workflow = _active(Workflow, name, "workflow", changes)
    tasks = list(workflow.workflow_tasks.values_list("task_id", flat=True))
    if tasks != [task.pk]:
        workflow.workflow_tasks.all().delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        changes.append(f"workflow «{name}»: tasks set")
    return workflow


def _assign(workflow: Workflow, page: Page, changes: list[str]) -> None:
    current = WorkflowPage.objects.filter(page=page).first()
    if current is None or current.workflow_id != workflow.pk:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
        changes.append(f"workflow «{workflow.name}» assigned to «{page.title}»")


def _assign_snippet(workflow: Workflow, model, changes: list[str]) -> None:
    """Snippets under review (the search thesaurus) follow the same approval."""
    content_type = ContentType.objects.get_for_model(model)
    current = WorkflowContentType.objects.filter(content_type=content_type).first()
    if current is None or current.workflow_id != workflow.pk:
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
        changes.append(f"workflow «{workflow.name}» assigned to {model._meta.verbose_name_plural}")


def _retire_starter_workflow(changes: list[str]) -> None:
    for workflow in Workflow.objects.filter(name=WAGTAIL_STARTER_NAME, active=True):
        if not workflow.workflow_pages.exists():
            workflow.deactivate()
            changes.append(f"Wagtail's starter workflow «{workflow.name}» deactivated")
    # Wagtail's starter task, and the plain group approval task this project used before
    # ReviewTask (a rejection needs a comment); pages still in review on it finish there.
    for task in GroupApprovalTask.objects.filter(
        name__in=[WAGTAIL_STARTER_NAME, APPROVAL_TASK_NAME], active=True
    ):
        in_review = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).exists()
        if not task.active_workflows.exists() and not in_review:
            task.deactivate()


# --- state -------------------------------------------------------------------------------


def current_state(page: Page) -> WorkflowState | None:
    """The workflow in progress or waiting for changes, else the latest finished one."""
    return page.current_workflow_state or page.workflow_states.order_by("-created_at").first()


# --- operations --------------------------------------------------------------------------


def submit(page: Page, user) -> WorkflowState:
    """Submit the latest revision for review, or resubmit after changes were requested."""
    permissions.require(user, permissions.SUBMIT, page)
    state = page.current_workflow_state
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise Conflict(_("Siden venter allerede på godkjenning."))
    if permissions.is_locked_for(user, page):
        raise Conflict(_("Siden er låst, og kan ikke sendes til godkjenning nå."))
    workflow = page.get_workflow()
    if workflow is None:
        raise Conflict(_("Siden har ingen arbeidsflyt for godkjenning."))
    with transaction.atomic():
        if page.get_latest_revision() is None:
            page.save_revision(user=user, log_action=True)
        if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
            return WorkflowState.objects.get(pk=state.pk)
        return workflow.start(page, user)


def review(page: Page, user, action: str, comment: str = "") -> TaskState:
    """Approve (publishing at the last task) or reject with a comment to the author."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        raise Conflict(_("Siden venter ikke på godkjenning."))
    if action not in permissions.REVIEW_ACTIONS:
        raise ValueError(f"Unknown review action {action!r}")
    permissions.require(user, action, page)
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("Kommentaren kan ha høyst %(max)d tegn.") % {"max": COMMENT_MAX_LENGTH}
        )
    task_state = state.current_task_state.specific
    with transaction.atomic():
        task_state.task.specific.on_action(task_state, user, action, comment=comment)
    return TaskState.objects.get(pk=task_state.pk)


def lock(page: Page, user) -> Page:
    """Lock the page for others, as the admin's lock button does."""
    permissions.require(user, permissions.LOCK, page)
    if page.locked:
        raise Conflict(_("Siden er allerede låst av %(user)s.") % {"user": _locker(page)})
    page.locked, page.locked_by, page.locked_at = True, user, timezone.now()
    page.save(update_fields=["locked", "locked_by", "locked_at"])
    log(instance=page, action="wagtail.lock", user=user)
    return page


def unlock(page: Page, user) -> Page:
    permissions.require(user, permissions.SEE_LOCK, page)  # outsiders learn nothing of it
    if not page.locked:
        raise Conflict(_("Siden er ikke låst."))
    if not permissions.can(user, permissions.UNLOCK, page):
        raise PermissionDenied(
            _("Du har ikke rett til å låse opp denne siden (låst av %(user)s).")
            % {"user": _locker(page)}
        )
    page.locked, page.locked_by, page.locked_at = False, None, None
    page.save(update_fields=["locked", "locked_by", "locked_at"])
    log(instance=page, action="wagtail.unlock", user=user)
    return page


def _locker(page: Page) -> str:
    user = page.locked_by
    if user is None:
        return _("en ukjent bruker")
    return user.get_full_name() or user.get_username()
