"""A contact: what it records, encrypted at rest, bounded, and never the caller's number."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from atbalsts.audit.models import AuditEvent
from atbalsts.hotline.models import MAX_DURATION_MINUTES, Contact

pytestmark = pytest.mark.django_db


def _raw(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — a fixed table name
        return repr(cursor.fetchall())


def test_a_contact_keeps_what_was_recorded(call, people):
    contact = call()
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.channel == "phone" and stored.caller_choice == "confidential" and stored.language == "lv"
    assert stored.indicators == ["documents_confiscated", "debts_to_employer"]
    assert stored.exploitation_forms == ["forced_labour"]
    assert stored.country == "NO" and stored.advice.startswith("Izskaidrojām")
    assert stored.operator == people["hotline"] and stored.organisation.kind == "hotline"
    assert len(stored.reference) == 10


def test_what_the_caller_told_is_encrypted_at_rest(call):
    call(advice="Pase atņemta, strādā fermā Norvēģijā")
    raw = _raw("hotline_contact")
    assert "Pase atņemta" not in raw
    assert "documents_confiscated" not in raw and "forced_labour" not in raw


def test_the_callers_number_is_stored_nowhere(call):
    call(caller_handle="+371 2012 3456")
    for table in ("hotline_contact", "hotline_callerprofile"):
        raw = _raw(table)
        assert "20123456" not in raw and "2012 3456" not in raw
    details = repr(list(AuditEvent.objects.values_list("detail", flat=True)))
    assert "2012" not in details


def test_the_database_refuses_a_duration_beyond_the_bound(call):
    contact = call()
    with pytest.raises(IntegrityError):
        Contact.objects.filter(pk=contact.pk).update(duration_minutes=MAX_DURATION_MINUTES + 1)


def test_logging_a_contact_is_audited_without_personal_data(call):
    contact = call(advice="Slepens teksts")
    event = AuditEvent.objects.filter(object_type="hotline_contact", action="create").get()
    assert event.object_ref == contact.reference
    assert "Slepens" not in repr(event.detail)
