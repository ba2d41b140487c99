"""Batched appends (ADR 0022): the events a request records outside a transaction (its reads)
go onto one chain together, in one transaction, before its response leaves; an event recorded
inside a transaction still commits or rolls back with its change.

The suite's ordinary tests run inside a transaction, where nothing waits, so these commit."""

import itertools

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from atbalsts.audit import log
from atbalsts.audit.log import batched, record, verify
from atbalsts.audit.middleware import BatchedAuditMiddleware
from atbalsts.audit.models import Action, AuditEvent
from tests.conftest import actor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def refs(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("chain", "seq").values_list("object_ref", flat=True))


def test_reads_wait_for_the_end_of_the_block_and_go_in_together_one_after_another(people, monkeypatch):
    statements = []
    real = log._append_batch

    def counted(queue):
        statements.append(len(queue))
        real(queue)

    monkeypatch.setattr(log, "_append_batch", counted)
    who = actor(people["sw"])
    before = AuditEvent.objects.count()
    with batched():
        for n in range(5):
            record(who, Action.READ, object_type="client", object_ref=f"R{n}")
        # Nothing is stored yet: the reads wait for the block's end.
        assert AuditEvent.objects.count() == before
        with batched():  # a block inside a block joins it
            record(who, Action.READ, object_type="client", object_ref="R5")
    assert statements == [6]
    events = list(AuditEvent.objects.filter(object_ref__startswith="R").order_by("seq"))
    assert [e.object_ref for e in events] == [f"R{n}" for n in range(6)]
    assert len({e.chain for e in events}) == 1
    seqs = [e.seq for e in events]
    assert seqs == list(range(seqs[0], seqs[0] + 6))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert verify() == []
    # After the block, events are appended at once again.
    record(who, Action.READ, object_type="client", object_ref="after")
    assert refs(object_ref="after") == ["after"]
    assert statements == [6]


def test_a_change_commits_with_its_event_and_a_rolled_back_change_takes_no_read_with_it(people):
    who = actor(people["sw"])
    with batched():
        record(who, Action.READ, object_type="client", object_ref="read-1")
        with transaction.atomic():
            record(who, Action.UPDATE, object_type="client", object_ref="change-kept")
        # The change's event is stored with its transaction, not held back.
        assert refs(object_ref="change-kept") == ["change-kept"]
        with pytest.raises(RuntimeError), transaction.atomic():
            record(who, Action.UPDATE, object_type="client", object_ref="change-undone")
            raise RuntimeError("the change fails")
        record(who, Action.READ, object_type="client", object_ref="read-2")
    assert set(refs(object_ref__in=["read-1", "read-2", "change-kept", "change-undone"])) == {
        "read-1", "read-2", "change-kept"}
    assert verify() == []


def test_what_was_read_before_an_error_is_still_recorded(people):
    who = actor(people["sw"])
    with pytest.raises(ValueError, match="the page fails"), batched():
        record(who, Action.READ, object_type="client", object_ref="seen-before-error")
        raise ValueError("the page fails")
    assert refs(object_ref="seen-before-error") == ["seen-before-error"]
    assert getattr(connection, "_audit_queue", None) is None


def test_a_failing_append_is_not_swallowed(people, monkeypatch):
    def broken(queue):
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(log, "_append_batch", broken)
    with pytest.raises(RuntimeError, match="the database is gone"), batched():
        record(actor(people["sw"]), Action.READ, object_type="client", object_ref="x")


def test_the_middleware_stores_a_requests_reads_before_the_response_leaves(people):
    who = actor(people["sw"])
    stored_when_answered = []

    def view(request):
        for n in range(3):
            record(who, Action.LIST, object_type="course_service", object_ref=f"page-{n}")
        stored_when_answered.append(AuditEvent.objects.filter(object_ref__startswith="page-").count())
        return HttpResponse("ok")

    response = BatchedAuditMiddleware(view)(RequestFactory().get("/"))
    assert response.status_code == 200
    # Inside the view nothing was stored yet; when the middleware hands the response on, all three are.
    assert stored_when_answered == [0]
    events = list(AuditEvent.objects.filter(object_ref__startswith="page-").order_by("seq"))
    assert [e.object_ref for e in events] == ["page-0", "page-1", "page-2"]
    assert len({e.chain for e in events}) == 1
    assert verify() == []
