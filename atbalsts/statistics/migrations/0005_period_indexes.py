"""Indexes on the months the figures choose records by. On PostgreSQL each also carries the
values the figures read of a record (INCLUDE), so a period is counted by an index-only scan; the
model state knows them as plain indexes (SQLite has no INCLUDE, and Django would warn)."""

from django.db import migrations, models

# A copy, not an import of the model module: a migration keeps the shape it was written with.
COVERING = {
    "stat_opened_idx": ("opened_month", ("import_batch", "organisation_pk", "case_status", "person_cluster", "id",
                                         "sex", "age_band", "age_band5", "exploitation_age_band", "citizenship_group",
                                         "citizenship_country", "recruitment_method", "first_contact_kind", "ground",
                                         "exploitation_forms", "exploitation_countries")),
    "stat_siva_received_idx": ("siva_received_month", ("import_batch", "organisation_pk", "siva_outcome",
                                                       "siva_refusal_reason", "siva_decision_working_days")),
    "stat_course_start_idx": ("course_start_month", ("import_batch", "organisation_pk", "course_end_month")),
    "stat_course_end_idx": ("course_end_month", ("import_batch", "organisation_pk", "course_closure_reason",
                                                 "course_days")),
}
TABLE = "statistics_statisticalrecord"


def create(apps, schema_editor):
    qn = schema_editor.quote_name
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, (field, include) in COVERING.items():
        extra = f" INCLUDE ({', '.join(qn(c) for c in include)})" if postgres else ""
        schema_editor.execute(f"CREATE INDEX {qn(name)} ON {qn(TABLE)} ({qn(field)}){extra}")


def drop(apps, schema_editor):
    for name in COVERING:
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):

    dependencies = [
        ("statistics", "0004_record_for_national_figures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, drop)],
            state_operations=[
                migrations.AddIndex(model_name="statisticalrecord",
                                    index=models.Index(fields=[field], name=name))
                for name, (field, _include) in COVERING.items()
            ],
        ),
    ]
