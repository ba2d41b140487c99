"""The index of the identification case list paged by position (issue 14): the cases of an
organisation newest first, so that a page reads its rows through the index and stops, instead of
counting and sorting every case of the scope.

On PostgreSQL it is built CONCURRENTLY: a plain CREATE INDEX would block every new case, status
change and interview of the register until it finished."""

from django.db import migrations, models

NAME = "ident_case_org_newest"
COLUMNS = '"organisation_id", "opened_at" DESC, "id" DESC'


def create(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f'CREATE INDEX{concurrently} IF NOT EXISTS "{NAME}" ON "identification_case" ({COLUMNS})')


def drop(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f'DROP INDEX{concurrently} IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("identification", "0010_protocol_source_hash")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, drop)],
            state_operations=[
                migrations.AddIndex(
                    model_name="case",
                    index=models.Index(fields=["organisation", "-opened_at", "-id"], name=NAME),
                ),
            ],
        ),
    ]
