"""Key the audit chain (ADR 0015) and close the gaps a database attacker used.

- Each event gets the chain it belongs to (one today; shards later), the id of the audit key and
  an HMAC of its hash under that key. Events written before this migration keep an empty key id;
  ``audit verify`` accepts them only where a signed checkpoint covers them, so run
  ``manage.py audit checkpoint`` once after upgrading.
- The mutable one-row chain head goes: appends are serialised by an advisory lock and read the
  last event instead, so the running application needs no UPDATE right on any audit table.
- On PostgreSQL, TRUNCATE is refused by a trigger too (UPDATE and DELETE already were).
"""

from django.db import migrations, models

TRUNCATE_GUARD = """
CREATE OR REPLACE FUNCTION audit_event_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events cannot be truncated';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();
"""
DROP_TRUNCATE_GUARD = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_no_truncate();
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRUNCATE_GUARD)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRUNCATE_GUARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_alter_auditevent_action")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, editable=False, max_length=16),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["chain", "seq"], "verbose_name": "audit event", "verbose_name_plural": "audit events"},
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain", "seq"), name="audit_event_one_per_place"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(choices=[("create", "Created"), ("update", "Changed"), ("delete", "Deleted"), ("read", "Opened"), ("list", "Listed"), ("search", "Searched"), ("export", "Exported"), ("denied", "Access refused"), ("disclose", "Disclosed under consent"), ("login", "Signed in"), ("logout", "Signed out"), ("login_failed", "Sign-in failed"), ("login_refused", "Sign-in refused: too many failures"), ("key_rotation", "Keys rotated")], max_length=20),
        ),
        migrations.DeleteModel(name="ChainHead"),
        migrations.RunPython(guard, unguard),
    ]
