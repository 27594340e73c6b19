"""The review report: published knowledge-base pages by review status, with a chart of content
health per area. A Wagtail report, so it filters, paginates and exports like the built-in ones."""

from __future__ import annotations

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from kb.areas import area_of, area_paths
from kb.models import KnowledgePage, MeasurePage
from website import review, roles
from website.charts import health_chart

DUE = "due"


def _area_choices(request=None):
    return [(slug, page.title) for slug, page in roles.area_pages().items()]


def _status_choices():
    return [
        (DUE, _("Bør gjennomgås (forfalt, snart, mangler dato)")),
        *((status, review.STATUS_LABELS[status]) for status in review.STATUSES),
    ]


class ReviewFilterSet(WagtailFilterSet):
    area = django_filters.ChoiceFilter(
        label=_("Område"), choices=_area_choices, method="filter_area", empty_label=_("Alle")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=_status_choices,
        method="filter_status",
        empty_label=_("Alle"),
    )

    class Meta:
        model = KnowledgePage
        fields = ["area", "status"]

    def filter_area(self, queryset, name, value):
        page = roles.area_pages().get(value)
        return queryset.descendant_of(page, inclusive=True) if page else queryset.none()

    def filter_status(self, queryset, name, value):
        return filter_by_status(queryset, value, timezone.localdate())


def filter_by_status(queryset, status: str, today: datetime.date):
    soon = today + datetime.timedelta(days=review.soon_days())
    if status == review.OVERDUE:
        return queryset.filter(review_by__lt=today)
    if status == review.SOON:
        return queryset.filter(review_by__gte=today, review_by__lte=soon)
    if status == review.OK:
        return queryset.filter(review_by__gt=soon)
    if status == review.MISSING:
        return queryset.filter(review_by__isnull=True)
    if status == DUE:
        return queryset.filter(review_by__lte=soon) | queryset.filter(review_by__isnull=True)
    return queryset


class ReviewReportView(ReportView):
    template_name = "website/admin/review_report.html"
    results_template_name = "website/admin/review_report_results.html"
    page_title = _("Årlig gjennomgang")
    header_icon = "time"
    index_url_name = "website_review_report"
    index_results_url_name = "website_review_report_results"
    filterset_class = ReviewFilterSet
    paginate_by = 100
    model = Page
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "area_title", "owner_group", "review_by", "status_label"]
    export_headings = {
        "title": _("Tittel"),
        "area_title": _("Område"),
        "owner_group": _("Eier"),
        "review_by": _("Gjennomgås innen"),
        "status_label": _("Status"),
    }

    def get_queryset(self):
        return (
            review.reviewable_pages()
            .select_related("content_type")  # the type column of every row
            .order_by("review_by", "title")
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.request.GET.get("status"):
            queryset = filter_by_status(queryset, DUE, timezone.localdate())
        return queryset.order_by("review_by", "title")

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        slugs = area_paths()
        areas = roles.area_pages()
        measures = {
            measure.pk: measure
            for measure in MeasurePage.objects.filter(pk__in=[page.pk for page in object_list])
        }
        for page in object_list:
            slug = area_of(page, slugs)
            page.area_title = areas[slug].title if slug in areas else ""
            page.owner_group = roles.owner_role(slug).group_name
            page.status = review.status_of(page.review_by, today)
            page.status_label = review.STATUS_LABELS[page.status]
            page.status_colour = review.STATUS_COLOURS[page.status]
            page.measure = measures.get(page.pk)
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chart"] = health_chart(review.health_by_area())
        context["soon_days"] = review.soon_days()
        context["without_number"] = review.contacts_without_number()
        return context
