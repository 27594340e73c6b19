"""Who may do what to a page: the one module that the KB API, the editorial API, the admin
hooks and the link guard ask.

Every answer comes from Wagtail's own page permissions (``Page.permissions_for_user``, the
``PagePermissionTester`` the admin's views use, and the page permission policy) and from the
page's workflow task; nothing here re-implements them. It only names the project's actions
once, and gives each refusal one Norwegian sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PagePermissionTester, WorkflowState
from wagtail.permissions import policy_registry

from kb import areas, tokens

# Actions on one page, each a question to Wagtail's permission tester.
EDIT = "edit"  # change the page (and so read its drafts, submit it for review)
PUBLISH = "publish"
UNPUBLISH = "unpublish"
DELETE = "delete"
LOCK = "lock"
UNLOCK = "unlock"
SUBMIT = "submit"  # start or resume the page's workflow
SEE_WORKFLOW = "see_workflow"  # the page's workflow state and history
SEE_USAGE = "see_usage"  # who links to the page
SEE_LOCK = "see_lock"  # whether and by whom the page is locked (unlocking starts here)
READ_DRAFT = "read_draft"  # the latest revision through the API, for previews
REVIEW_ACTIONS = ("approve", "reject")

Check = Callable[[Page, PagePermissionTester, object], bool]


def review_actions(page: Page, user) -> set[str]:
    """The review actions ("approve", "reject") the page's current task offers this user:
    the task decides, as in the admin."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return set()
    task = state.current_task_state.task.specific
    return {name for name, _label, _modal in task.get_actions(page, user)}


CHECKS: dict[str, Check] = {
    EDIT: lambda page, perms, user: perms.can_edit(),
    READ_DRAFT: lambda page, perms, user: perms.can_edit(),
    PUBLISH: lambda page, perms, user: perms.can_publish(),
    UNPUBLISH: lambda page, perms, user: perms.can_unpublish(),
    DELETE: lambda page, perms, user: perms.can_delete(),
    LOCK: lambda page, perms, user: perms.can_lock(),
    UNLOCK: lambda page, perms, user: perms.can_unlock(),
    SUBMIT: lambda page, perms, user: perms.can_edit(),
    SEE_LOCK: lambda page, perms, user: perms.can_edit() or perms.can_unlock(),
    SEE_USAGE: lambda page, perms, user: perms.can_edit() or perms.can_publish(),
    SEE_WORKFLOW: lambda page, perms, user: (
        perms.can_edit() or perms.can_publish() or bool(review_actions(page, user))
    ),
}

REFUSALS = {
    EDIT: _("Du har ikke rett til å redigere denne siden."),
    READ_DRAFT: _("Du har ikke rett til å lese utkast av denne siden."),
    PUBLISH: _("Du har ikke rett til å publisere denne siden."),
    UNPUBLISH: _("Du har ikke rett til å avpublisere denne siden."),
    DELETE: _("Du har ikke rett til å slette denne siden."),
    LOCK: _("Du har ikke rett til å låse denne siden."),
    UNLOCK: _("Du har ikke rett til å låse opp denne siden."),
    SUBMIT: _("Du har ikke rett til å redigere denne siden."),
    SEE_LOCK: _("Du har ikke rett til å låse opp denne siden."),
    SEE_USAGE: _("Du har ikke tilgang til denne siden."),
    SEE_WORKFLOW: _("Du har ikke tilgang til denne sidens arbeidsflyt."),
    "review": _("Du kan ikke godkjenne eller avvise denne siden."),
    "move": _("Du har ikke rett til å flytte denne siden dit."),
}


def can(user, action: str, page: Page) -> bool:
    """Whether ``user`` may do ``action`` (one of the names above, or a review action) to
    ``page`` now."""
    if action in REVIEW_ACTIONS:
        return action in review_actions(page, user)
    return CHECKS[action](page, page.permissions_for_user(user), user)


def can_move_to(user, page: Page, destination: Page) -> bool:
    return page.permissions_for_user(user).can_move_to(destination)


def require(user, action: str, page: Page) -> None:
    """Raise PermissionDenied, with the action's Norwegian refusal, unless ``can``."""
    if not can(user, action, page):
        raise PermissionDenied(refusal(action))


def refusal(action: str) -> str:
    return str(REFUSALS["review" if action in REVIEW_ACTIONS else action])


def is_locked_for(user, page: Page) -> bool:
    """The page is locked against this user's edits (by someone else, or by a lock that
    applies to everyone)."""
    return page.permissions_for_user(user).page_locked()


def available_actions(page: Page, user) -> list[str]:
    """What ``user`` may do to ``page`` now, in a stable order: submit, approve, reject,
    publish, lock, unlock. A state that forbids an action (a page in review, a lock) leaves
    it out, as the admin's buttons do."""
    perms = page.permissions_for_user(user)
    actions = []
    if perms.can_edit() and perms.can_submit_for_moderation():
        actions.append(SUBMIT)
    actions += sorted(review_actions(page, user))
    if perms.can_publish():
        actions.append(PUBLISH)
    if perms.can_lock() and not page.locked:
        actions.append(LOCK)
    if page.locked and perms.can_unlock():
        actions.append(UNLOCK)
    return actions


def has_any_page_permission(user, actions: tuple[str, ...] = ("add", "change", "publish")) -> bool:
    """Whether ``user`` holds any of these page permissions anywhere (the admin's editorial
    panels and reports are for them), by Wagtail's page permission policy."""
    return policy_registry.get_by_type(Page).user_has_any_permission(user, list(actions))


# API tokens (kb.tokens): a token reaches no further than its scopes and areas allow, on top
# of its user's rights above.
TOKEN_REFUSALS = {
    "expired": _("API-nøkkelen er utløpt. Be en nettstedsforvalter om en ny."),
    "revoked": _("API-nøkkelen er trukket tilbake."),
    tokens.DRAFTS: _("API-nøkkelen gir ikke tilgang til upublisert innhold."),
    tokens.WRITE: _("API-nøkkelen gir ikke rett til å endre innhold."),
    tokens.WORKFLOW: _(
        "API-nøkkelen gir ikke rett til å sende til godkjenning, godkjenne, avvise, publisere "
        "eller låse."
    ),
    "area": _("API-nøkkelen gjelder ikke for dette området."),
    "areas_only": _(
        "API-nøkkelen er begrenset til enkelte områder og kan bare brukes på én side om gangen."
    ),
}


def token_refusal(policy, scopes: set[str], pages: list[Page] | None) -> str | None:
    """Why a request with this token policy, needing ``scopes`` and touching ``pages`` (None:
    no page in particular), is refused; None when it is not."""
    for scope in tokens.SCOPES:
        if scope in scopes and scope not in policy.scopes:
            return str(TOKEN_REFUSALS[scope])
    if not policy.areas:
        return None
    if pages is None:
        return str(TOKEN_REFUSALS["areas_only"])
    paths = areas.area_paths()
    if any(areas.area_of(page, paths) not in policy.areas for page in pages):
        return str(TOKEN_REFUSALS["area"])
    return None
