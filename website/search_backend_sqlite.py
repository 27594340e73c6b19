"""Wagtail's database search backend on SQLite, with double quotes in search terms escaped.

modelsearch puts each term of a search inside an FTS5 string (``"term"``) without doubling a
``"`` in it, so ``?search="`` on Wagtail's page endpoint was an FTS5 syntax error and a 500.
FTS5 escapes ``"`` inside a string as ``""``; this does that and changes nothing else. Only used
on SQLite (website/settings.py); PostgreSQL's backend builds its queries with parameters.
"""

from __future__ import annotations

from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText


def escaped(query):
    if isinstance(query, PlainText) and '"' in query.query_string:
        return PlainText(query.query_string.replace('"', '""'), query.operator, query.boost)
    if isinstance(query, Phrase) and '"' in query.query_string:
        return Phrase(query.query_string.replace('"', '""'))
    return query


class QueryCompiler(SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(escaped(query), config=config)


class AutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(escaped(query), config=config)


class SearchBackend(SQLiteSearchBackend):
    query_compiler_class = QueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
