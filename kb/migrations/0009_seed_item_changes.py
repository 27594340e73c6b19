"""Start the change log with every live, public item, so that a site that existed before the
log has its current items in it (the feed and GET /api/v3/kb/changes/ read it)."""

from django.db import migrations

# The page models' names and their API types, as they were when the log began.
KINDS = {
    "conceptpage": "concept",
    "legalprovisionpage": "law",
    "resourcepage": "resource",
    "routinepage": "routine",
    "checklistpage": "checklist",
    "measurepage": "measure",
    "actorpage": "actor",
    "threatassessmentpage": "threat",
    "contactpage": "contact",
    "planpage": "plan",
}


def seed(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    ItemChange = apps.get_model("kb", "ItemChange")
    if ItemChange.objects.exists():
        return
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    pages = (
        Page.objects.filter(live=True, content_type__app_label="kb")
        .select_related("content_type", "locale")
        .order_by("last_published_at", "pk")
    )
    rows = [
        ItemChange(
            page_id=page.pk,
            key=page.translation_key,
            kind=KINDS[page.content_type.model],
            locale=page.locale.language_code,
            event="upsert",
            reason="published",
            at=page.last_published_at or page.latest_revision_created_at,
        )
        for page in pages
        if page.content_type.model in KINDS
        and not any(page.path.startswith(path) for path in restricted)
    ]
    ItemChange.objects.bulk_create([row for row in rows if row.at is not None])


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0008_item_changes"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
