"""Indexes for the trail page paged by position (issue 14).

On PostgreSQL they are built CONCURRENTLY: a plain CREATE INDEX on a national trail of millions of
events would block every append, and with it every read of personal data, until it finished."""

from django.db import migrations, models

INDEXES = {
    "audit_org_newest": '"organisation_id", "at" DESC, "chain" DESC, "seq" DESC',
    "audit_newest": '"at" DESC, "chain" DESC, "seq" DESC',
}


def create(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    for name, columns in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX{concurrently} IF NOT EXISTS "{name}" ON "audit_auditevent" ({columns})')


def drop(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX{concurrently} IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("audit", "0004_keyed_chain_and_truncate_guard")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, drop)],
            state_operations=[
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["organisation_id", "-at", "-chain", "-seq"], name="audit_org_newest"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["-at", "-chain", "-seq"], name="audit_newest"),
                ),
            ],
        ),
    ]
