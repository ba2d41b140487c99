"""A token per year that database triggers replace whenever a statistical record of that year is
inserted, updated or deleted (and every token on TRUNCATE), so that per-year counts kept in the
cache are known to be current (``figures.identified_by_year``). Triggers, not signals: bulk
updates, imports and COPY write the table without going through a model's save()."""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models

# The SQL is written out whole (no templates): what the database runs is what is read here.
PG_CREATE = [
    """CREATE FUNCTION statistics_stamp_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO statistics_yearstamp (year, token)
        SELECT y, gen_random_uuid()::text FROM (SELECT DISTINCT COALESCE(EXTRACT(YEAR FROM opened_month)::integer, 0) AS y FROM (SELECT opened_month FROM new_rows) AS changed) AS years
        ON CONFLICT (year) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$;""",
    """CREATE FUNCTION statistics_stamp_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO statistics_yearstamp (year, token)
        SELECT y, gen_random_uuid()::text FROM (SELECT DISTINCT COALESCE(EXTRACT(YEAR FROM opened_month)::integer, 0) AS y FROM (SELECT opened_month FROM old_rows UNION ALL SELECT opened_month FROM new_rows) AS changed) AS years
        ON CONFLICT (year) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$;""",
    """CREATE FUNCTION statistics_stamp_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO statistics_yearstamp (year, token)
        SELECT y, gen_random_uuid()::text FROM (SELECT DISTINCT COALESCE(EXTRACT(YEAR FROM opened_month)::integer, 0) AS y FROM (SELECT opened_month FROM old_rows) AS changed) AS years
        ON CONFLICT (year) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$;""",
    """CREATE FUNCTION statistics_stamp_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE statistics_yearstamp SET token = gen_random_uuid()::text;
    RETURN NULL;
END $$;""",
    """CREATE TRIGGER statistics_stamp_inserted AFTER INSERT ON statistics_statisticalrecord REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_stamp_inserted()""",
    """CREATE TRIGGER statistics_stamp_updated AFTER UPDATE ON statistics_statisticalrecord REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_stamp_updated()""",
    """CREATE TRIGGER statistics_stamp_deleted AFTER DELETE ON statistics_statisticalrecord REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_stamp_deleted()""",
    """CREATE TRIGGER statistics_stamp_truncated AFTER TRUNCATE ON statistics_statisticalrecord FOR EACH STATEMENT EXECUTE FUNCTION statistics_stamp_truncated()""",
    """INSERT INTO statistics_yearstamp (year, token) SELECT y, gen_random_uuid()::text FROM (SELECT DISTINCT COALESCE(EXTRACT(YEAR FROM opened_month)::integer, 0) AS y FROM statistics_statisticalrecord) AS years""",
]
PG_DROP = [
    """DROP TRIGGER statistics_stamp_inserted ON statistics_statisticalrecord""",
    """DROP TRIGGER statistics_stamp_updated ON statistics_statisticalrecord""",
    """DROP TRIGGER statistics_stamp_deleted ON statistics_statisticalrecord""",
    """DROP TRIGGER statistics_stamp_truncated ON statistics_statisticalrecord""",
    """DROP FUNCTION statistics_stamp_inserted()""",
    """DROP FUNCTION statistics_stamp_updated()""",
    """DROP FUNCTION statistics_stamp_deleted()""",
    """DROP FUNCTION statistics_stamp_truncated()""",
]
SQLITE_CREATE = [
    """CREATE TRIGGER statistics_stamp_inserted AFTER INSERT ON statistics_statisticalrecord BEGIN INSERT INTO statistics_yearstamp (year, token) VALUES (COALESCE(CAST(strftime('%Y', NEW.opened_month) AS INTEGER), 0), lower(hex(randomblob(16)))) ON CONFLICT (year) DO UPDATE SET token = excluded.token; END""",
    """CREATE TRIGGER statistics_stamp_updated AFTER UPDATE ON statistics_statisticalrecord BEGIN INSERT INTO statistics_yearstamp (year, token) VALUES (COALESCE(CAST(strftime('%Y', OLD.opened_month) AS INTEGER), 0), lower(hex(randomblob(16)))) ON CONFLICT (year) DO UPDATE SET token = excluded.token; INSERT INTO statistics_yearstamp (year, token) VALUES (COALESCE(CAST(strftime('%Y', NEW.opened_month) AS INTEGER), 0), lower(hex(randomblob(16)))) ON CONFLICT (year) DO UPDATE SET token = excluded.token; END""",
    """CREATE TRIGGER statistics_stamp_deleted AFTER DELETE ON statistics_statisticalrecord BEGIN INSERT INTO statistics_yearstamp (year, token) VALUES (COALESCE(CAST(strftime('%Y', OLD.opened_month) AS INTEGER), 0), lower(hex(randomblob(16)))) ON CONFLICT (year) DO UPDATE SET token = excluded.token; END""",
    """INSERT INTO statistics_yearstamp (year, token) SELECT y, lower(hex(randomblob(16))) FROM (SELECT DISTINCT COALESCE(CAST(strftime('%Y', statistics_statisticalrecord.opened_month) AS INTEGER), 0) AS y FROM statistics_statisticalrecord)""",
]
SQLITE_DROP = [
    """DROP TRIGGER statistics_stamp_inserted""",
    """DROP TRIGGER statistics_stamp_updated""",
    """DROP TRIGGER statistics_stamp_deleted""",
]


def _statements(vendor: str, postgresql: list[str], sqlite: list[str]) -> list[str]:
    if vendor == "postgresql":
        return postgresql
    if vendor == "sqlite":
        return sqlite
    raise ImproperlyConfigured(f"The statistics keep their year stamps on PostgreSQL or SQLite, not on {vendor}.")


def create(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor, PG_CREATE, SQLITE_CREATE):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor, PG_DROP, SQLITE_DROP):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("statistics", "0005_period_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="YearStamp",
            fields=[
                ("year", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=36)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
