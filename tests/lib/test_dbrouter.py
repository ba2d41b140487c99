"""The primary/replica router (atbalsts.lib.dbrouter, ADR 0021): which alias for which model."""

import pytest
from django.core.signals import request_started
from django.db import close_old_connections, connections
from django.http import HttpResponse
from django.test import RequestFactory

from atbalsts.audit.models import AuditEvent
from atbalsts.lib import dbrouter
from atbalsts.lib.dbrouter import PIN_COOKIE, PinAfterWriteMiddleware, PrimaryReplicaRouter, replica_reads
from atbalsts.people.models import Client
from atbalsts.rehabilitation.models import ServiceEntry
from atbalsts.statistics.models import Release, StatisticalRecord


@pytest.fixture
def router(monkeypatch):
    # As if ATBALSTS_REPLICA_DATABASE_URL were set; no query reaches a database in these tests.
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    dbrouter.unpin()
    yield PrimaryReplicaRouter()
    dbrouter.unpin()


def test_statistics_reads_go_to_the_replica_and_case_work_to_the_primary(router):
    assert router.db_for_read(StatisticalRecord) == "replica"
    assert router.db_for_read(Release) == "replica"
    assert router.db_for_read(Client) == "default"
    assert router.db_for_read(ServiceEntry) == "default"
    assert router.db_for_read(AuditEvent) == "default"


@pytest.mark.parametrize("model", [StatisticalRecord, Release, Client, AuditEvent])
def test_every_write_goes_to_the_primary(router, model):
    with replica_reads():
        assert router.db_for_write(model) == "default"


def test_after_a_write_this_request_reads_its_own_writes_from_the_primary(router):
    router.db_for_write(Client)
    assert router.db_for_read(StatisticalRecord) == "default"
    with replica_reads():
        assert router.db_for_read(ServiceEntry) == "default"
    # The next request starts unpinned (Django's own handler, which checks open connections,
    # is left out here: these tests reach no database).
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
    assert router.db_for_read(StatisticalRecord) == "replica"


def test_reads_inside_a_transaction_stay_on_the_primary(router, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(StatisticalRecord) == "default"
    with replica_reads():
        assert router.db_for_read(ServiceEntry) == "default"


def test_the_report_scope_sends_case_rows_to_the_replica_only_inside_it(router):
    with replica_reads():
        assert router.db_for_read(ServiceEntry) == "replica"
    assert router.db_for_read(ServiceEntry) == "default"


def test_without_a_replica_everything_is_the_primary(settings):
    assert "replica" not in settings.DATABASES
    dbrouter.unpin()
    router = PrimaryReplicaRouter()
    assert router.db_for_read(StatisticalRecord) == "default"
    with replica_reads():
        assert router.db_for_read(ServiceEntry) == "default"


def test_the_replica_is_never_migrated_and_relations_span_both(router):
    assert router.allow_migrate("replica", "statistics") is False
    assert router.allow_migrate("default", "statistics") is True
    one, two = StatisticalRecord(), Client()
    one._state.db, two._state.db = "replica", "default"
    assert router.allow_relation(one, two) is True
    two._state.db = "elsewhere"
    assert router.allow_relation(one, two) is None


def test_a_sent_form_pins_that_browser_to_the_primary_for_a_few_seconds(router, settings):
    settings.ATBALSTS_REPLICA_PIN_SECONDS = 15
    middleware = PinAfterWriteMiddleware(lambda request: HttpResponse("ok"))
    factory = RequestFactory()

    response = middleware(factory.get("/statistics/"))
    assert PIN_COOKIE not in response.cookies
    assert router.db_for_read(StatisticalRecord) == "replica"

    response = middleware(factory.post("/clients/1/"))
    assert response.cookies[PIN_COOKIE]["max-age"] == 15
    assert response.cookies[PIN_COOKIE]["httponly"]

    dbrouter.unpin()
    request = factory.get("/statistics/")
    request.COOKIES[PIN_COOKIE] = "1"
    middleware(request)
    assert router.db_for_read(StatisticalRecord) == "default"
