"""PostgreSQL: a GIN index on the vector that Wagtail's backend matches against.

Wagtail's PostgreSQL backend filters on ``title || body`` of its index entries, an
expression that its own per-column GIN indexes cannot serve; without this index every search
computes the concatenation for every entry (a full scan). Same expression, same results."""

from django.db import migrations

INDEX = "kbsearch_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("kbsearch", "0002_database_engine_setup")]

    operations = [migrations.RunPython(create, drop)]
