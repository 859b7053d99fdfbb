"""Catalog search: `search_text` is matched with ILIKE '%word%' (icontains), which PostgreSQL answers
from a pg_trgm GIN index; SQLite (the embedded default) scans. The index lives outside the model state
because SQLite cannot build it."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS program_search_trgm_idx ON catalog_program "
        "USING gin (UPPER(search_text) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS program_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_jp_conversion_defaults")]

    operations = [migrations.RunPython(forwards, backwards)]
