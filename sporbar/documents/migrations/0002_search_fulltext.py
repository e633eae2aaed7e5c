"""The full-text side of the search index, per database.

PostgreSQL: a GIN index on SearchEntry.vector. SQLite: an FTS5 table holding the stemmed
title and text of each SearchEntry (rowid = SearchEntry.id).
"""

from django.db import migrations

FTS = "documents_search_fts"
GIN = "documents_searchentry_vector_gin"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {GIN} ON documents_searchentry USING gin (vector)")
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title, text, tokenize='unicode61 remove_diacritics 0')"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN}")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
