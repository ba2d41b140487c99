"""PostgreSQL's own protection of the audit trail (ADR 0015): triggers that refuse even the
owner, and an application role that can only read and append."""

import os
import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from atbalsts.audit import keys, log, roles
from atbalsts.audit.log import record, verify
from atbalsts.audit.models import Action, AuditEvent
from tests.conftest import actor

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles, privileges and TRUNCATE triggers are PostgreSQL's"
)


def refused(sql: str) -> str:
    """Run one statement in a savepoint; return PostgreSQL's refusal (fails if it was allowed)."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return str(caught.value)


@pytest.fixture
def events(people):
    for _ in range(3):
        record(actor(people["sw"]), Action.LIST, object_type="client")
    return list(AuditEvent.objects.order_by("seq"))


def test_truncate_update_and_delete_are_refused_by_trigger_even_for_the_owner(events):
    assert "cannot be truncated" in refused("TRUNCATE audit_auditevent")
    assert "append-only" in refused("UPDATE audit_auditevent SET role = 'x'")
    assert "append-only" in refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 3
    assert verify() == []


@pytest.fixture
def app_role(db):
    """A role like the production application's: not the owner, granted what `audit grant-app-role` grants.
    Created inside the test's transaction, so it disappears with it."""
    name = f"atbalsts_app_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
    roles.grant(name)
    return name


def test_the_application_role_may_only_read_and_append_the_audit_trail(events, app_role, people):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
    try:
        # It works as the application needs: appends (with the chain's lock) and reads.
        appended = record(actor(people["sw"]), Action.READ, object_type="client", object_ref="AT-TESTROLE")
        assert AuditEvent.objects.filter(pk=appended.pk).exists()
        # A request's reads appended together (ADR 0022, "Batched appends": COPY) need no more.
        key_id, key = keys.current()
        log._append_batch([
            (AuditEvent(at=timezone.now(), action=Action.READ, object_type="client", object_ref=f"AT-BATCH{n}",
                        key_id=key_id), key)
            for n in range(3)
        ])
        assert AuditEvent.objects.filter(object_ref__startswith="AT-BATCH").count() == 3
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_user SET first_name = first_name")  # other tables: as usual
        # ...and nothing else on the trail: not even switching the owner's guard off.
        for sql in (
            "UPDATE audit_auditevent SET role = 'x'",
            "DELETE FROM audit_auditevent",
            "TRUNCATE audit_auditevent",
        ):
            assert "permission denied" in refused(sql)
        assert "must be owner" in refused("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        assert "must be owner" in refused("DROP TABLE audit_auditevent")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.count() == 7
    assert verify() == []


def test_the_grants_name_only_select_and_insert_for_the_audit_table():
    statements = roles.grant_statements("atbalsts_app")
    audit = [s for s in statements if "audit_auditevent" in s]
    assert audit == [
        'REVOKE ALL ON "public"."audit_auditevent" FROM "atbalsts_app"',
        'GRANT SELECT, INSERT ON "public"."audit_auditevent" TO "atbalsts_app"',
    ]


# Serialized rollback like the browser tests: the flush afterwards then leaves the database empty
# for them instead of recreating content types they would load again.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_from_many_connections_keep_one_unbroken_chain(people, settings):
    settings.AUDIT_CHAINS = 1  # today's single chain; test_sharded_chains.py spreads over several
    errors = []

    def append_many():
        try:
            for _ in range(10):
                record(None, Action.LIST, object_type="client")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 41))
    assert verify() == []
