"""The full-text index over CardText.lemmas: FTS5 on SQLite (kept by triggers), a GIN index
on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE analysis_cardtext_fts USING fts5("
    "lemmas, content='analysis_cardtext', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER analysis_cardtext_ai AFTER INSERT ON analysis_cardtext BEGIN "
    "INSERT INTO analysis_cardtext_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END",
    "CREATE TRIGGER analysis_cardtext_ad AFTER DELETE ON analysis_cardtext BEGIN "
    "INSERT INTO analysis_cardtext_fts(analysis_cardtext_fts, rowid, lemmas) "
    "VALUES ('delete', old.id, old.lemmas); END",
    "CREATE TRIGGER analysis_cardtext_au AFTER UPDATE ON analysis_cardtext BEGIN "
    "INSERT INTO analysis_cardtext_fts(analysis_cardtext_fts, rowid, lemmas) "
    "VALUES ('delete', old.id, old.lemmas); "
    "INSERT INTO analysis_cardtext_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END",
    # Index what is there already, so that a later delete finds its entry.
    "INSERT INTO analysis_cardtext_fts(analysis_cardtext_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS analysis_cardtext_au",
    "DROP TRIGGER IF EXISTS analysis_cardtext_ad",
    "DROP TRIGGER IF EXISTS analysis_cardtext_ai",
    "DROP TABLE IF EXISTS analysis_cardtext_fts",
]
POSTGRES = [
    "CREATE INDEX analysis_cardtext_search ON analysis_cardtext "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(lemmas, '')))"
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS analysis_cardtext_search"]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    for statement in statements or []:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(
        schema_editor.connection.vendor
    )
    for statement in statements or []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("analysis", "0002_default_taxonomies")]

    operations = [migrations.RunPython(forwards, backwards)]
