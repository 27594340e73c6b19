"""Editorial features in Wagtail's admin: the sharing view, the review report, dashboard
panels, and the link-integrity step before deleting, unpublishing or moving linked pages."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.models import Page, TaskState, WorkflowState

from kb import permissions
from kb.areas import is_area_page
from website import review, roles, sharing
from website.charts import health_chart
from website.views.links import confirm_links_response
from website.views.review import ReviewReportView
from website.views.sharing import SharingView


@hooks.register("register_admin_urls")
def editorial_urls():
    return [
        path("sharing/", SharingView.as_view(), name="website_sharing"),
        path("sharing/<slug:slug>/", SharingView.as_view(), name="website_sharing_area"),
        path("reports/review/", ReviewReportView.as_view(), name="website_review_report"),
        path(
            "reports/review/results/",
            ReviewReportView.as_view(results_only=True),
            name="website_review_report_results",
        ),
    ]


class SharingMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(sharing.visible_areas(request.user))


@hooks.register("register_admin_menu_item")
def sharing_menu_item():
    return SharingMenuItem(
        _("Hvem kan gjøre hva"), reverse("website_sharing"), icon_name="group", order=850
    )


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.has_any_page_permission(request.user)


@hooks.register("register_reports_menu_item")
def review_report_menu_item():
    return ReviewReportMenuItem(
        _("Årlig gjennomgang"), reverse("website_review_report"), icon_name="time", order=50
    )


@hooks.register("register_page_header_buttons")
def sharing_button(page, user, view_name=None, next_url=None):
    if is_area_page(page) and page.slug in sharing.visible_areas(user):
        yield Button(
            _("Hvem kan gjøre hva"),
            reverse("website_sharing_area", args=[page.slug]),
            icon_name="group",
            priority=70,
        )


class ContentHealthPanel(Component):
    name = "content_health"
    template_name = "website/admin/health_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        health = review.health_by_area()
        own_areas = {
            role.area for role in roles.ROLES if role.area and roles.has_role(request.user, role)
        }
        own = [area for area in health if area.slug in own_areas]
        return {
            "chart": health_chart(health),
            "totals": {
                status: sum(area.counts[status] for area in health) for status in review.STATUSES
            },
            "own": own[0] if own else None,
            "request": request,
        }


class ReviewFeedbackPanel(Component):
    """Pages sent back to the user with the reviewer's comment."""

    name = "review_feedback"
    template_name = "website/admin/feedback_panel.html"
    order = 205

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        states = WorkflowState.objects.filter(
            requested_by=request.user, status=WorkflowState.STATUS_NEEDS_CHANGES
        ).select_related("current_task_state__finished_by")
        feedback = []
        for state in states:
            page = state.content_object
            task_state = state.current_task_state
            if page is not None and task_state and task_state.status == TaskState.STATUS_REJECTED:
                feedback.append({"page": page.specific_deferred, "task_state": task_state})
        return {"feedback": feedback, "request": request}


@hooks.register("construct_homepage_panels")
def editorial_panels(request, panels):
    if permissions.has_any_page_permission(request.user):
        panels.append(ContentHealthPanel())
    panels.append(ReviewFeedbackPanel())


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    """Opening a page that was sent back shows the reviewer's comment at the top."""
    state = page.current_workflow_state
    if request.method != "GET" or state is None:
        return None
    task_state = state.current_task_state
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES and task_state and task_state.comment:
        reviewer = task_state.finished_by
        messages.warning(
            request,
            _("%(reviewer)s ba om endringer: «%(comment)s»")
            % {
                "reviewer": (reviewer.get_full_name() or reviewer.get_username())
                if reviewer
                else _("Godkjenneren"),
                "comment": task_state.comment,
            },
        )
    return None


# Link integrity: who links here, before deleting, unpublishing or moving.


@hooks.register("before_delete_page")
def confirm_linked_delete(request, page):
    return confirm_links_response(request, [page], "delete")


@hooks.register("before_unpublish_page")
def confirm_linked_unpublish(request, page):
    descendants = bool(request.POST.get("include_descendants"))
    return confirm_links_response(request, [page], "unpublish", descendants=descendants)


@hooks.register("before_move_page")
def confirm_linked_move(request, page, destination):
    return confirm_links_response(request, [page], "move")


@hooks.register("before_bulk_action")
def confirm_linked_bulk_action(request, action_type, objects, action_class_instance):
    if action_type not in ("delete", "unpublish", "move"):
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if not pages:
        return None
    descendants = action_type != "unpublish" or bool(request.POST.get("include_descendants"))
    return confirm_links_response(request, pages, action_type, descendants=descendants)


# Security (issue 12): login lockouts, unlocked by site managers.
@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    from website.security.admin import lockout_viewset

    return lockout_viewset
