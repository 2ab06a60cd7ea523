"""Full-text index on Paper.search_text: a GIN expression index on PostgreSQL, an FTS5
table kept in sync by triggers on SQLite (see papers/search.py)."""

from django.db import migrations

PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS papers_paper_search_gin ON papers_paper "
    "USING GIN (to_tsvector('simple'::regconfig, search_text))"
)
PG_DROP = "DROP INDEX IF EXISTS papers_paper_search_gin"

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE papers_paper_fts USING fts5("
    "search_text, content='papers_paper', content_rowid='id')",
    "CREATE TRIGGER papers_paper_fts_insert AFTER INSERT ON papers_paper BEGIN "
    "INSERT INTO papers_paper_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER papers_paper_fts_delete AFTER DELETE ON papers_paper BEGIN "
    "INSERT INTO papers_paper_fts(papers_paper_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER papers_paper_fts_update AFTER UPDATE OF search_text ON papers_paper BEGIN "
    "INSERT INTO papers_paper_fts(papers_paper_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO papers_paper_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    # Index rows that exist already.
    "INSERT INTO papers_paper_fts(papers_paper_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS papers_paper_fts_insert",
    "DROP TRIGGER IF EXISTS papers_paper_fts_delete",
    "DROP TRIGGER IF EXISTS papers_paper_fts_update",
    "DROP TABLE IF EXISTS papers_paper_fts",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE)
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("papers", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
