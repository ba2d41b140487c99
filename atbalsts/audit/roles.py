"""The two PostgreSQL roles (ADR 0015): the owner runs migrations; the application runs as a
role that is not the owner and may only read and append the audit trail.

A role that does not own a table can neither disable its triggers nor drop it, and without the
UPDATE, DELETE and TRUNCATE privileges it cannot rewrite the trail at all.
"""

from __future__ import annotations

from django.db import connection

# Tables whose rows the running application may only read and append.
APPEND_ONLY_TABLES = ("audit_auditevent",)


def grant_statements(role: str, schema: str = "public") -> list[str]:
    """SQL that gives ``role`` what the application needs. Run it as the owner after migrating
    (again after each migration that adds tables, or rely on the default privileges it sets)."""
    qn = connection.ops.quote_name
    r, s = qn(role), qn(schema)
    statements = [
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements += [
            f"REVOKE ALL ON {s}.{qn(table)} FROM {r}",
            f"GRANT SELECT, INSERT ON {s}.{qn(table)} TO {r}",
        ]
    return statements


def grant(role: str) -> None:
    with connection.cursor() as cursor:
        for statement in grant_statements(role):
            cursor.execute(statement)
