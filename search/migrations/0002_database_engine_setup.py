"""Database engine set-up that depends on the database:

- PostgreSQL: the pg_trgm extension (typo tolerance and "did you mean" by trigram
  similarity) and a trigram index on the vocabulary. Never ``unaccent``: å is not a.
- SQLite: Wagtail's FTS5 table is rebuilt with ``remove_diacritics 0``, so that æ, ø and å
  are not folded to a and o (the default unicode61 tokenizer folds å to a).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"


def sqlite_keep_letters(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:  # SQLite built without FTS5: Wagtail's fallback search
            return
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(autocomplete, body, title, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, title, body, autocomplete) "  # noqa: S608
            "SELECT id, title, body, autocomplete FROM wagtailsearch_indexentry"
        )


def postgres_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS kbsearch_vocabulary_word_trgm "
        "ON kbsearch_vocabularyword USING gin (word gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kbsearch", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(postgres_trigram_index, migrations.RunPython.noop),
        migrations.RunPython(sqlite_keep_letters, migrations.RunPython.noop),
    ]
