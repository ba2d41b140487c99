import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from atbalsts.audit.log import record, verify
from atbalsts.audit.models import Action, AuditEvent
from tests.conftest import actor


def _raw(sql: str, params=()) -> None:
    """Tamper with the table the way an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete")


def test_every_read_of_a_client_is_audited(people, client_record, login):
    http = login(people["sw"])
    http.get(f"/clients/{client_record.case_number}/")
    http.get(f"/api/clients/{client_record.case_number}/")
    http.get("/clients/")
    reads = AuditEvent.objects.filter(action=Action.READ, object_ref=client_record.case_number)
    assert reads.count() == 2
    event = reads.first()
    assert event.actor_username == "sw"
    assert event.role == "social_worker"
    assert event.organisation_name == "Test provider_a"
    assert event.purpose == "casework"
    listing = AuditEvent.objects.get(action=Action.LIST)
    assert listing.detail["case_numbers"] == [client_record.case_number]


def test_the_chain_verifies_when_untouched(people, client_record):
    assert verify() == []
    call_command("audit", "verify", stdout=open("/dev/null", "w"))


def test_a_changed_event_is_detected(people, client_record):
    record(actor(people["sw"]), Action.READ, object_type="client", object_ref=client_record.case_number)
    event = AuditEvent.objects.order_by("seq").first()
    _raw("UPDATE audit_auditevent SET actor_username = %s WHERE seq = %s", ["someone_else", event.seq])
    problems = verify()
    assert [p.seq for p in problems] == [event.seq]
    with pytest.raises(CommandError):
        call_command("audit", "verify", stderr=open("/dev/null", "w"))


def test_a_removed_event_is_detected(people, client_record):
    for _ in range(3):
        record(actor(people["sw"]), Action.READ, object_type="client", object_ref=client_record.case_number)
    middle = AuditEvent.objects.order_by("seq")[1]
    _raw("DELETE FROM audit_auditevent WHERE seq = %s", [middle.seq])
    assert verify()


def test_a_removed_last_event_is_detected_by_the_checkpoint(people, client_record):
    from atbalsts.audit import checkpoints

    checkpoints.write()
    last = AuditEvent.objects.order_by("-seq").first()
    _raw("DELETE FROM audit_auditevent WHERE seq = %s", [last.seq])
    assert verify()


def test_the_application_refuses_to_change_or_delete_events(people, client_record):
    event = AuditEvent.objects.first()
    event.actor_username = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(role="x")


def test_a_failed_change_leaves_neither_data_nor_event(people, monkeypatch):
    from atbalsts.people import services
    from atbalsts.people.models import Client

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(RuntimeError):
        services.create_client(actor(people["sw"]), {"given_names": "A", "surname": "Bērziņš"})
    assert Client.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_an_organisation_administrator_reads_only_their_organisations_events(people, client_record, login):
    login(people["outsider"]).get("/clients/")  # an event of provider B
    record(actor(people["outsider"]), Action.READ, object_type="client", object_ref="AT-BBBBBBB")
    page = login(people["org_admin"]).get("/audit/")
    assert page.status_code == 200
    body = page.content.decode()
    assert client_record.case_number in body
    assert "AT-BBBBBBB" not in body


def test_the_system_administrator_reads_every_event(people, client_record, login):
    record(actor(people["outsider"]), Action.READ, object_type="client", object_ref="AT-BBBBBBB")
    body = login(people["sys_admin"]).get("/audit/").content.decode()
    assert "AT-BBBBBBB" in body and client_record.case_number in body


@pytest.mark.parametrize("persona", ["sw", "psy", "outsider", "siva", "municipal", "statistician", "hotline"])
def test_other_roles_cannot_read_the_audit_trail(persona, people, login):
    assert login(people[persona]).get("/audit/").status_code == 404
